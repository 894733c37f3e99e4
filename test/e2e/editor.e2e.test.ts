/**
 * The package in n8n's editor, in a real (headless) Chromium: what a user sees.
 *
 * Packs this package, installs it as a community package into a throw-away n8n, imports a
 * credential of each of the four systems (pointing at the loopback emulators), starts n8n,
 * creates the owner through n8n's REST API (POST /rest/owner/setup, which also logs the
 * browser in) and drives the editor with playwright-core and Debian's chromium
 * (test/e2e/browser.ts). For each of the six nodes, in the light and the dark theme:
 *
 * - a new workflow, the node panel, a search for the node, the node found and added to the
 *   canvas through one of its actions; the node's own icon (the package's SVG, the dark one in
 *   the dark theme) in the panel, on the canvas and in the node's dialog, loaded, and the same
 *   bytes as the package's file;
 * - (light) every resource and every operation selected in turn: the lists hold exactly the
 *   node description's resources and operations, and each operation shows every parameter
 *   its description displays, with its label; a screenshot into docs/screenshots/;
 * - the node's credential type: "Create new credential" opens its dialog with the
 *   credential's icon and every field the credential displays (for each choice of an options
 *   field, e.g. BlueXP's authentication), with its label.
 *
 * Also: SAP Cloud Connector > Configuration Backup > Create offers "Request Timeout (Seconds)"
 * under Options > Add Option, and no console error, page error or failed request of the
 * editor mentions the package or its icons. No host name resolves in this browser, so it
 * reaches only n8n on 127.0.0.1; what the editor itself tries to fetch elsewhere (n8n 2.41.1
 * looks a community package up on registry.npmjs.org from the node's dialog) fails, is
 * listed at the end, and is not held against the package.
 *
 * Both themes' walks run in one tab each: the first node opens /workflow/new, the next ones
 * start with + > New workflow, as a user does (a reload only when that did not get there).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	NodeHelpers,
	type ICredentialType,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { BrowserContext, Locator, Page } from 'playwright-core';

import { bluexpCredentialData, startNetAppBlueXpEmulator } from '../emulators/netAppBlueXp';
import { SEED as QRADAR_SEED, startIbmQradarEmulator } from '../emulators/ibmQradar';
import { startOntapEmulator } from '../emulators/ontap';
import { SEED as SAP_SEED, startSapCloudConnectorEmulator } from '../emulators/sapCloudConnector';
import { ensureChromium, killChromium, launchChromium, type LaunchedChromium } from './browser';
import {
	N8N_VERSION,
	REPO_ROOT,
	finishE2e,
	stepTimer,
	type N8nInstance,
	type N8nServer,
	n8nMajor,
	n8nAndPackage,
	installPackage,
} from './n8n';

const PACKAGE = 'n8n-nodes-backup-restore';
const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
const MINUTE = 60_000;
/** How long one editor step (a click, a list, a dialog) may take before the test gives up. */
const STEP_MS = 30_000;

const OWNER = {
	email: 'owner@backup-restore.e2e.test',
	firstName: 'Editor',
	lastName: 'Owner',
	password: 'E2e-Editor-Owner-1',
};

type Theme = 'light' | 'dark';
const THEMES: Theme[] = ['light', 'dark'];

interface NodeCase {
	/** The node's displayName. */
	name: string;
	/** The node's type name (without the package prefix). */
	type: string;
	/** dist/nodes/<file>.node.js */
	file: string;
	/** icons/<icon>.svg and icons/<icon>.dark.svg */
	icon: string;
	/** What the node panel lists it as (n8n shows a trigger under its app's name). */
	panelName: string;
	/** The action clicked in the node panel: an operation, or (trigger) an event. */
	add: { resource: string; operation: string } | { event: string };
}

const NODES: NodeCase[] = [
	{
		name: 'NetApp ONTAP',
		type: 'netAppOntap',
		file: 'NetAppOntap/NetAppOntap',
		icon: 'netapp',
		panelName: 'NetApp ONTAP',
		add: { resource: 'configurationBackupFile', operation: 'getAll' },
	},
	{
		name: 'SAP Cloud Connector',
		type: 'sapCloudConnector',
		file: 'SapCloudConnector/SapCloudConnector',
		icon: 'sap',
		panelName: 'SAP Cloud Connector',
		add: { resource: 'configurationBackup', operation: 'create' },
	},
	{
		name: 'SAP Cloud Connector Trigger',
		type: 'sapCloudConnectorTrigger',
		file: 'SapCloudConnectorTrigger/SapCloudConnectorTrigger',
		icon: 'sap',
		panelName: 'SAP Cloud Connector',
		add: { event: 'configurationChanged' },
	},
	{
		name: 'IBM QRadar',
		type: 'ibmQradar',
		file: 'IbmQradar/IbmQradar',
		icon: 'qradar',
		panelName: 'IBM QRadar',
		add: { resource: 'backup', operation: 'create' },
	},
	{
		name: 'IBM QRadar Trigger',
		type: 'ibmQradarTrigger',
		file: 'IbmQradarTrigger/IbmQradarTrigger',
		icon: 'qradar',
		panelName: 'IBM QRadar',
		add: { event: 'backupSucceeded' },
	},
	{
		name: 'NetApp ONTAP Trigger',
		type: 'netAppOntapTrigger',
		file: 'NetAppOntapTrigger/NetAppOntapTrigger',
		icon: 'netapp',
		panelName: 'NetApp ONTAP',
		add: { event: 'backupFileCreated' },
	},
	{
		name: 'NetApp BlueXP Backup',
		type: 'netAppBlueXpBackup',
		file: 'NetAppBlueXpBackup/NetAppBlueXpBackup',
		icon: 'bluexp',
		panelName: 'NetApp BlueXP Backup',
		add: { resource: 'backup', operation: 'createAdHoc' },
	},
	{
		name: 'NetApp BlueXP Backup Trigger',
		type: 'netAppBlueXpBackupTrigger',
		file: 'NetAppBlueXpBackupTrigger/NetAppBlueXpBackupTrigger',
		icon: 'bluexp',
		panelName: 'NetApp BlueXP Backup',
		add: { event: 'jobCompleted' },
	},
];

// ---------------------------------------------------------------------------
// what the package's descriptions say the editor must show
// ---------------------------------------------------------------------------

/**
 * The descriptions n8n loaded from the installed package, as it serves them to the editor
 * (/types/nodes.json and /types/credentials.json, read once signed in).
 */
const nodeTypes = new Map<string, INodeTypeDescription>();
const credentialTypes = new Map<string, ICredentialType>();

function nodeDescription(node: NodeCase): INodeTypeDescription {
	const description = nodeTypes.get(`${PACKAGE}.${node.type}`);
	if (!description) throw new Error(`n8n did not serve the type ${PACKAGE}.${node.type}`);
	return description;
}

function credentialType(name: string): ICredentialType {
	const credential = credentialTypes.get(name);
	if (!credential) throw new Error(`n8n did not serve the credential type ${name}`);
	return credential;
}

function typeVersion(description: INodeTypeDescription): number {
	const { version, defaultVersion } = description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/** Types that render without a label of their own. */
const UNLABELLED = new Set(['hidden', 'notice', 'callout', 'button']);

/** The top-level properties n8n displays for `values` (defaults filled in), the way the editor decides. */
function displayedProperties(
	properties: INodeProperties[],
	values: INodeParameters,
	description: INodeTypeDescription | null,
): INodeProperties[] {
	const node = description ? { typeVersion: typeVersion(description) } : null;
	const all =
		NodeHelpers.getNodeParameters(properties, values, true, false, node, description) ?? {};
	return properties.filter(
		(property) =>
			!UNLABELLED.has(property.type) &&
			NodeHelpers.displayParameter(all, property, node, description),
	);
}

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []) as INodePropertyOptions[];
}

/** The `operation` property shown for a resource. */
function operationProperty(
	description: INodeTypeDescription,
	resource: string,
): INodeProperties | undefined {
	return displayedProperties(description.properties, { resource }, description).find(
		(property) => property.name === 'operation',
	);
}

function sorted(values: string[]): string[] {
	return [...values].sort((a, b) => a.localeCompare(b));
}

// ---------------------------------------------------------------------------
// what the editor shows
// ---------------------------------------------------------------------------

function iconPath(icon: string, theme: Theme): string {
	return `/icons/${PACKAGE}/dist/icons/${icon}${theme === 'dark' ? '.dark' : ''}.svg`;
}

interface ShownImage {
	src: string | null;
	naturalWidth: number;
}

/** The image's source once it has loaded (or failed: then naturalWidth is 0). */
async function shownImage(image: Locator): Promise<ShownImage> {
	await image.waitFor({ state: 'attached', timeout: STEP_MS });
	// (Typed by hand: the tests compile without the DOM library.)
	return await image.evaluate(
		async (element: {
			complete: boolean;
			naturalWidth: number;
			getAttribute(name: string): string | null;
			addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
		}) => {
			if (!element.complete) {
				await new Promise<void>((resolve) => {
					element.addEventListener('load', resolve, { once: true });
					element.addEventListener('error', resolve, { once: true });
				});
			}
			return { src: element.getAttribute('src'), naturalWidth: element.naturalWidth };
		},
	);
}

/** The visible labels under `scope`: `for` (the parameter's name) and text. */
async function visibleLabels(scope: Locator): Promise<Array<{ for: string | null; text: string }>> {
	// One round trip: the visibility is judged in the page.
	return await scope.locator('label.n8n-input-label').evaluateAll((labels) =>
		labels
			.filter((label) => (label as unknown as { checkVisibility(): boolean }).checkVisibility())
			.map((label) => ({
				for: label.getAttribute('for'),
				text: (label.textContent ?? '').trim(),
			})),
	);
}

/**
 * Properties of `expected` without a visible label that starts with their displayName, asked
 * again for a few seconds (the editor redraws the list after a selection).
 */
async function unlabelled(
	expected: INodeProperties[],
	labelsNow: () => Promise<Array<{ for: string | null; text: string }>>,
	matches: (property: INodeProperties, label: { for: string | null; text: string }) => boolean,
): Promise<string[]> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const labels = await labelsNow();
		const missing = expected
			.filter((property) => !labels.some((label) => matches(property, label)))
			.map((property) => `${property.displayName} (${property.name})`);
		if (missing.length === 0 || Date.now() > deadline) return missing;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Opens the select of parameter `name` under `scope`; returns its options. */
async function openSelect(page: Page, scope: Locator, name: string): Promise<Locator> {
	const select = scope.getByTestId(`parameter-input-${name}`);
	await select.click({ timeout: STEP_MS });
	// The list the select controls (other, closing lists may still be on screen).
	const list = await select.locator('[role="combobox"]').first().getAttribute('aria-controls');
	if (!list) throw new Error(`the select of ${name} names no list (aria-controls)`);
	const options = page.locator(`[id="${list}"] [role="option"]`);
	await options.first().waitFor({ timeout: STEP_MS });
	return options;
}

/** The options' names (a headline, with a description below it, or the whole text). */
async function optionNames(options: Locator): Promise<string[]> {
	return await options.evaluateAll((items) =>
		items.map((item) => (item.querySelector('.option-headline') ?? item).textContent!.trim()),
	);
}

async function chooseOption(page: Page, options: Locator, name: string): Promise<void> {
	await options
		.filter({ has: page.locator('.option-headline').getByText(name, { exact: true }) })
		.click({ timeout: STEP_MS });
}

/**
 * The editor of the n8n `npm start` runs (2.x). n8n 1.x's editor is another UI (its credential
 * dialog, for one, closes differently): the nodes' behaviour on 1.x is proven by the other
 * e2e files, and the README's screenshots come from 2.x only.
 */
const describeOn2 = n8nMajor() >= 2 ? describe : describe.skip;

describeOn2(`the nodes in n8n ${N8N_VERSION}'s editor (headless Chromium)`, () => {
	let workDir: string;
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	let chrome: LaunchedChromium | undefined;
	const contexts = new Map<Theme, BrowserContext>();
	const emulators: Array<{ close(): Promise<void> } | undefined> = [];
	const { timings, timed } = stepTimer();

	/** Everything the editor complained about: console errors, page errors, failed requests. */
	const problems: Array<{ theme: Theme; kind: string; text: string }> = [];
	/** Origins other than n8n's that the editor tried to reach (none can be reached). */
	const elsewhere = new Set<string>();
	/** Icon files whose served bytes were compared with the package's. */
	const iconBytesChecked = new Set<string>();
	const checkedOperations: Record<string, number> = {};

	async function newContext(theme: Theme): Promise<BrowserContext> {
		const context = await chrome!.browser.newContext({
			viewport: { width: 1280, height: 860 },
			storageState: contexts.get('light') ? await contexts.get('light')!.storageState() : undefined,
		});
		context.setDefaultTimeout(STEP_MS);
		// n8n reads its theme from localStorage (N8N_THEME) when the editor loads.
		// No CSS transitions or animations: the same screens, without waiting for them to settle.
		await context.addInitScript({
			content: `document.addEventListener('DOMContentLoaded', () => {
				const style = document.createElement('style');
				style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
				document.head.appendChild(style);
			});`,
		});
		// (Not on about:blank, whose localStorage is off limits.)
		await context.addInitScript({
			content: `if (location.protocol.startsWith('http')) localStorage.setItem('N8N_THEME', '${theme}');`,
		});
		const origin = new URL(server!.url).origin;
		context.on('console', (message) => {
			if (message.type() !== 'error') return;
			const where = message.location().url;
			// The editor's own calls elsewhere (which cannot connect) are n8n's, not the package's.
			const outside = /^https?:/.test(where) && new URL(where).origin !== origin;
			problems.push({
				theme,
				kind: outside ? 'elsewhere' : 'console',
				text: `${message.text()} @ ${where}`,
			});
		});
		context.on('weberror', (error) =>
			problems.push({ theme, kind: 'page error', text: String(error.error()?.stack ?? error) }),
		);
		context.on('requestfailed', (request) => {
			const target = new URL(request.url());
			if (target.origin !== origin) {
				// Nothing but 127.0.0.1 resolves in this browser (see browser.ts).
				if (/^https?:$/.test(target.protocol)) elsewhere.add(target.origin);
				return;
			}
			problems.push({
				theme,
				kind: 'request failed',
				text: `${request.url()} ${request.failure()?.errorText ?? ''}`,
			});
		});
		context.on('response', (response) => {
			if (response.status() >= 400)
				problems.push({
					theme,
					kind: `HTTP ${response.status()}`,
					text: `${response.request().method()} ${response.url()}`,
				});
		});
		contexts.set(theme, context);
		return context;
	}

	/** The icon the editor shows is the package's file for the theme, loaded, byte for byte. */
	async function expectIcon(image: Locator, icon: string, theme: Theme, where: string) {
		const shown = await shownImage(image);
		expect({ where, src: shown.src }).toEqual({ where, src: iconPath(icon, theme) });
		expect({ where, loaded: shown.naturalWidth > 0 }).toEqual({ where, loaded: true });
		const file = path.basename(iconPath(icon, theme));
		if (!iconBytesChecked.has(file)) {
			const served = await contexts.get(theme)!.request.get(`${server!.url}${shown.src}`);
			expect(served.status()).toBe(200);
			expect(served.headers()['content-type']).toMatch(/^image\/svg\+xml/);
			const installed = path.join(n8n!.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
			const packaged = fs.readFileSync(path.join(installed, 'dist', 'icons', file));
			expect(Buffer.compare(await served.body(), packaged)).toBe(0);
			iconBytesChecked.add(file);
		}
	}

	/**
	 * A new workflow; the node panel; a search for the node; the node's action clicked. Returns
	 * the node's dialog (NDV), which n8n opens for the node it just added.
	 */
	async function addNode(page: Page, node: NodeCase, theme: Theme): Promise<Locator> {
		const description = nodeDescription(node);
		await timed(`${theme} ${node.type}: open editor`, async () => {
			const emptyCanvas = page.getByTestId('canvas-add-button');
			let fresh = false;
			if (cleanPages.has(page)) {
				// The way a user starts the next one: + > New workflow (no reload). Should the
				// menu not get there, a reload does (only quicker or slower, the same screen).
				cleanPages.delete(page);
				await page.getByTestId('universal-add').click();
				await page.getByTestId('navigation-menu-item').filter({ hasText: 'New workflow' }).click();
				fresh = await emptyCanvas.waitFor({ timeout: 5_000 }).then(
					() => true,
					() => false,
				);
			}
			if (!fresh) await page.goto(`${server!.url}/workflow/new`);
			await emptyCanvas.waitFor();
			expect(await page.getByTestId('canvas-node').count()).toBe(0);
		});
		expect(await page.locator('body').getAttribute('data-theme')).toBe(theme);
		await page.getByTestId('canvas-add-button').click();
		const panel = page.getByTestId('node-creator');
		await page.getByTestId('node-creator-search-bar').fill(node.name);

		const found = panel.getByTestId('item-iterator-item').filter({
			has: page.getByTestId('node-creator-item-name').getByText(node.panelName, { exact: true }),
		});
		await found.first().waitFor();
		expect(await found.count()).toBe(1);
		expect(await found.getAttribute('data-keyboard-nav-id')).toMatch(new RegExp(`^${PACKAGE}\\.`));
		await expectIcon(found.locator('img').first(), node.icon, theme, 'node panel');
		await found.click();

		// The node's actions (and triggers): the one this case adds.
		let actionName: string;
		let section: RegExp;
		if ('event' in node.add) {
			const { event } = node.add;
			const events = description.properties.find((property) => property.name === 'events');
			const option = optionsOf(events).find((candidate) => candidate.value === event);
			actionName = `On ${option!.name.toLowerCase()}`;
			section = /^Triggers/;
		} else {
			const { resource, operation } = node.add;
			const option = optionsOf(operationProperty(description, resource)).find(
				(candidate) => candidate.value === operation,
			);
			actionName = option!.action!;
			section = /^Actions/;
		}
		const action = panel
			.getByTestId('node-creator-item-name')
			.getByText(actionName, { exact: true });
		if (!(await action.isVisible())) {
			await panel.getByTestId('node-creator-category-item').filter({ hasText: section }).click();
		}
		await action.click();

		const ndv = page.getByTestId('ndv');
		await ndv.waitFor();
		// The dialog belongs to the package's node (its settings tab names the type).
		expect((await ndv.getByTestId('node-version').textContent())?.trim()).toMatch(
			new RegExp(`^${node.name} node version ${typeVersion(description)}\\b`),
		);
		await expectIcon(ndv.locator('img').first(), node.icon, theme, 'node dialog');
		await expectIcon(
			page.locator(`[data-test-id="canvas-node"][data-node-type="${PACKAGE}.${node.type}"] img`),
			node.icon,
			theme,
			'canvas',
		);
		return ndv;
	}

	/** Every resource and operation in turn; each operation shows its parameters with labels. */
	async function everyOperation(page: Page, ndv: Locator, node: NodeCase): Promise<void> {
		const description = nodeDescription(node);
		const parameters = ndv.getByTestId('node-parameters');
		const version = typeVersion(description);
		const failures: string[] = [];

		const check = async (values: INodeParameters, label: string) => {
			const expected = displayedProperties(description.properties, values, description);
			let shownLabels: Array<{ for: string | null; text: string }> = [];
			const missing = await unlabelled(
				expected,
				async () => (shownLabels = await visibleLabels(parameters)),
				(property, shown) =>
					shown.for === property.name && shown.text.startsWith(property.displayName),
			);
			if (missing.length) failures.push(`${label}: no labelled ${missing.join(', ')}`);
			const empty = shownLabels.filter((shown) => shown.text === '');
			if (empty.length) failures.push(`${label}: empty labels for ${JSON.stringify(empty)}`);
		};

		const resourceProperty = description.properties.find(
			(property) => property.name === 'resource',
		);
		if (!resourceProperty) {
			// The trigger: its one selector is the events list.
			const events = description.properties.find((property) => property.name === 'events');
			const options = await openSelect(page, parameters, 'events');
			expect(sorted(await optionNames(options))).toEqual(
				sorted(optionsOf(events).map((o) => o.name)),
			);
			// Closes the list without choosing (a click on the label).
			await parameters.locator('label[for="events"]').click();
			await options.first().waitFor({ state: 'hidden' });
			const chosen = (node.add as { event: string }).event;
			await check({ events: [chosen] }, 'trigger');
			checkedOperations[node.name] = 0;
			expect(failures).toEqual([]);
			return;
		}

		let options = await openSelect(page, parameters, 'resource');
		const resourceNames = await optionNames(options);
		expect(sorted(resourceNames)).toEqual(sorted(optionsOf(resourceProperty).map((o) => o.name)));
		let count = 0;
		for (const [index, resourceName] of resourceNames.entries()) {
			if (index > 0) options = await openSelect(page, parameters, 'resource');
			await chooseOption(page, options, resourceName);
			const resource = optionsOf(resourceProperty).find((o) => o.name === resourceName)!.value;
			const operations = optionsOf(operationProperty(description, String(resource)));

			options = await openSelect(page, parameters, 'operation');
			const operationNames = await optionNames(options);
			expect({ resourceName, operations: sorted(operationNames) }).toEqual({
				resourceName,
				operations: sorted(operations.map((o) => o.name)),
			});
			for (const [opIndex, operationName] of operationNames.entries()) {
				if (opIndex > 0) options = await openSelect(page, parameters, 'operation');
				await chooseOption(page, options, operationName);
				const operation = operations.find((o) => o.name === operationName)!.value;
				await check(
					{ resource, operation } as INodeParameters,
					`${resourceName} > ${operationName} (v${version})`,
				);
				count++;
			}
		}
		checkedOperations[node.name] = count;
		expect(failures).toEqual([]);
	}

	/**
	 * "Create new credential" from the node's dialog: the credential's own dialog, its icon, and
	 * every field it displays with its label, for each choice of each of its options fields.
	 */
	async function credentialDialog(page: Page, ndv: Locator, node: NodeCase, theme: Theme) {
		const [{ name: credentialName }] = nodeDescription(node).credentials!;
		const credential = credentialType(credentialName);
		await ndv.getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').click();
		const dialog = page.getByTestId('credential-edit-dialog');
		await dialog.waitFor();
		// The dialog's header (name, type and icon) sits beside the test id's element.
		const modal = page.getByRole('dialog').filter({ has: dialog });
		expect(await modal.innerText()).toContain(credential.displayName);
		await expectIcon(modal.locator('img').first(), node.icon, theme, 'credential dialog');

		const fieldLabels = async () => {
			const fields = await dialog
				.getByTestId('credential-connection-parameter')
				.filter({ visible: true })
				.evaluateAll((containers) =>
					containers.flatMap((container) =>
						[...container.querySelectorAll('[data-test-id]')]
							.filter(
								(element) =>
									element.parentElement?.closest(
										'[data-test-id="credential-connection-parameter"]',
									) === container && element.querySelector('label.n8n-input-label'),
							)
							.map((element) => ({
								for: element.getAttribute('data-test-id'),
								text: (element.querySelector('label.n8n-input-label')?.textContent ?? '').trim(),
							})),
					),
				);
			return fields;
		};
		const failures: string[] = [];
		const checkFields = async (values: INodeParameters, label: string) => {
			const expected = displayedProperties(credential.properties, values, null);
			const missing = await unlabelled(
				expected,
				fieldLabels,
				(property, shown) =>
					shown.for === property.name && shown.text.startsWith(property.displayName),
			);
			if (missing.length) failures.push(`${label}: no labelled field ${missing.join(', ')}`);
		};

		// Every choice of every options field (one field at a time, the others at their defaults).
		const choices = credential.properties.filter((property) => property.type === 'options');
		await checkFields({}, 'defaults');
		for (const choice of choices) {
			const choose = async (option: INodePropertyOptions) => {
				const options = await openSelect(page, dialog, choice.name);
				await chooseOption(page, options, option.name);
			};
			for (const option of optionsOf(choice)) {
				if (option.value === choice.default) continue;
				await choose(option);
				await checkFields({ [choice.name]: option.value }, `${choice.displayName}: ${option.name}`);
			}
			const initial = optionsOf(choice).find((option) => option.value === choice.default);
			if (initial && optionsOf(choice).length > 1) await choose(initial);
		}
		expect(failures).toEqual([]);
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'editor-e2e-'));
		const [{ install, tarball }, chromium] = await Promise.all([
			n8nAndPackage(workDir, timed),
			timed('chromium', async () => await ensureChromium(path.join(workDir, 'apt'))),
		]);
		n8n = await installPackage(install, tarball, timed);

		const lifetime = { maxLifetimeMs: 20 * MINUTE };
		const ontap = await startOntapEmulator({ https: true, ...lifetime });
		const sap = await startSapCloudConnectorEmulator({ https: true, ...lifetime });
		const qradar = await startIbmQradarEmulator({ https: true, ...lifetime });
		const bluexp = await startNetAppBlueXpEmulator(lifetime);
		emulators.push(ontap, sap, qradar, bluexp);
		await timed(
			'import:credentials',
			async () =>
				await n8n!.importCredentials([
					{
						id: 'e2eEditorOntap01',
						name: 'ONTAP emulator (editor e2e)',
						type: 'netAppOntapApi',
						data: {
							baseUrl: ontap.url,
							username: 'admin',
							password: 'netapp1!',
							ignoreSslIssues: true,
						},
					},
					{
						id: 'e2eEditorSapScc1',
						name: 'SAP Cloud Connector emulator (editor e2e)',
						type: 'sapCloudConnectorApi',
						data: {
							baseUrl: sap.url,
							username: SAP_SEED.credentials.username,
							password: SAP_SEED.credentials.password,
							ignoreSslIssues: true,
						},
					},
					{
						id: 'e2eEditorQradar1',
						name: 'QRadar emulator (editor e2e)',
						type: 'ibmQradarApi',
						data: {
							baseUrl: qradar.url,
							token: QRADAR_SEED.token,
							apiVersion: '',
							ignoreSslIssues: true,
						},
					},
					{
						id: 'e2eEditorBluexp1',
						name: 'BlueXP emulator (editor e2e)',
						type: 'netAppBlueXpApi',
						data: bluexpCredentialData(bluexp),
					},
				]),
		);
		server = await timed('n8n start (until ready)', async () => await n8n!.start(lifetime));
		chrome = await timed('chromium launch', async () => await launchChromium(chromium));
	}, 40 * MINUTE);

	afterAll(async () => {
		for (const page of pages.values()) await page.close().catch(() => undefined);
		for (const context of contexts.values()) await context.close().catch(() => undefined);
		await killChromium();
		const summary = {
			operationsChecked: checkedOperations,
			iconsCompared: [...iconBytesChecked].sort(),
			unreachableOriginsTried: [...elsewhere].sort(),
			editorProblems: problems.length,
		};
		process.stderr.write(`[e2e] editor: ${JSON.stringify(summary)}\n`);
		if (problems.length)
			process.stderr.write(
				`[e2e] editor problems (none may mention the package):\n${problems
					.map((problem) => `  [${problem.theme}] ${problem.kind}: ${problem.text}`)
					.join('\n')}\n`,
			);
		await finishE2e({ label: 'editor', server, emulators, n8n, workDir, timings });
	});

	test('the owner is created through the REST API and the browser is signed in', async () => {
		const context = await newContext('light');
		const setup = await context.request.post(`${server!.url}/rest/owner/setup`, { data: OWNER });
		expect(setup.status()).toBe(200);
		const signedIn = await context.request.get(`${server!.url}/rest/login`);
		expect(signedIn.status()).toBe(200);
		expect(((await signedIn.json()) as { data: { email: string } }).data.email).toBe(OWNER.email);
		// The dark theme's browser context, signed in with the same cookie.
		await newContext('dark');

		// What the editor is given to draw the nodes and credentials with.
		const served = async <T>(file: string): Promise<T[]> => {
			const answer = await context.request.get(`${server!.url}/types/${file}`);
			expect(answer.status()).toBe(200);
			return (await answer.json()) as T[];
		};
		for (const description of await served<INodeTypeDescription>('nodes.json'))
			if (description.name.startsWith(`${PACKAGE}.`)) nodeTypes.set(description.name, description);
		for (const credential of await served<ICredentialType>('credentials.json'))
			credentialTypes.set(credential.name, credential);
		// (Among them n8n's <type>Tool variants of the nodes usable as AI tools.)
		expect([...nodeTypes.keys()]).toEqual(
			expect.arrayContaining(NODES.map((node) => `${PACKAGE}.${node.type}`)),
		);

		const page = await context.newPage();
		await page.goto(`${server!.url}/home/workflows`);
		await page.getByText('Create workflow').first().waitFor();
		expect(new URL(page.url()).pathname).toBe('/home/workflows');
		expect(await page.locator('body').getAttribute('data-theme')).toBe('light');
		await page.close();
	});

	const pages = new Map<Theme, Page>();
	/** Tabs left with every dialog closed (the next node starts with + > New workflow). */
	const cleanPages = new Set<Page>();

	/** Closes the credential dialog and the node's dialog, the way a user does. */
	async function closeDialogs(page: Page): Promise<void> {
		const dialog = page.getByTestId('credential-edit-dialog');
		await page
			.getByRole('dialog')
			.filter({ has: dialog })
			.locator('button[aria-label="Close this dialog"]')
			.click();
		await dialog.waitFor({ state: 'hidden' });
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		cleanPages.add(page);
	}

	/** What SAP Cloud Connector > Configuration Backup > Create showed under Options > Add Option. */
	let sapTimeoutOption: { label: string; value: string } | undefined;

	/** Options > Add Option on SAP Create: "Request Timeout (Seconds)", with its default. */
	async function addSapTimeoutOption(page: Page, ndv: Locator): Promise<void> {
		const parameters = ndv.getByTestId('node-parameters');
		expect(
			await parameters.getByTestId('parameter-input-operation').locator('input').inputValue(),
		).toBe('Create');
		expect((await parameters.locator('label[for="options"]').textContent())?.trim()).toBe(
			'Options',
		);
		await parameters.getByTestId('collection-parameter-add').click();
		// With one option n8n adds it at once; with more it lists them to choose from.
		const listed = page
			.getByTestId('parameter-input-item')
			.filter({ visible: true })
			.filter({ hasText: 'Request Timeout (Seconds)' });
		const label = parameters.locator('label[for="requestTimeout"]');
		await listed.or(label).first().waitFor();
		if (await listed.isVisible()) await listed.click();
		await label.waitFor();
		sapTimeoutOption = {
			label: (await label.textContent())?.trim() ?? '',
			value: await parameters
				.getByTestId('parameter-input-requestTimeout')
				.locator('input')
				.inputValue(),
		};
	}

	describe.each(THEMES)('%s theme', (theme) => {
		test.each(NODES.map((node) => [node.name, node] as const))(
			'%s: found by searching, added with its icon, every operation labelled, its credential dialog complete',
			async (_name, node) => {
				const context = contexts.get(theme);
				if (!context) throw new Error('no signed-in browser (the owner test failed)');
				// One tab per theme, from node to node (a new workflow each).
				const page = pages.get(theme) ?? (await context.newPage());
				pages.set(theme, page);
				const step = async <T>(label: string, run: () => Promise<T>) =>
					await timed(`${theme} ${node.type}: ${label}`, run);
				try {
					const ndv = await step('add', async () => await addNode(page, node, theme));
					if (theme === 'light') {
						if (node.type === 'sapCloudConnector')
							await step('timeout option', async () => await addSapTimeoutOption(page, ndv));
						fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
						await ndv
							.locator('.node-settings')
							.screenshot({ path: path.join(SCREENSHOT_DIR, `${node.type}.png`) });
						await step('operations', async () => await everyOperation(page, ndv, node));
					}
					await step('credential', async () => await credentialDialog(page, ndv, node, theme));
					await step('close', async () => await closeDialogs(page));
				} catch (error) {
					// The next node starts from a reloaded editor.
					cleanPages.delete(page);
					throw error;
				}
			},
		);
	});

	test('SAP Cloud Connector > Configuration Backup > Create offers Options > Request Timeout (Seconds)', () => {
		// Seen in the light theme walk above (the option added with Options > Add Option).
		const sap = NODES.find((node) => node.type === 'sapCloudConnector')!;
		const options = displayedProperties(
			nodeDescription(sap).properties,
			{ resource: 'configurationBackup', operation: 'create' },
			nodeDescription(sap),
		).find((property) => property.name === 'options');
		const timeout = (options?.options as INodeProperties[] | undefined)?.find(
			(option) => option.name === 'requestTimeout',
		);
		expect(timeout?.displayName).toBe('Request Timeout (Seconds)');
		expect(sapTimeoutOption).toEqual({
			label: expect.stringMatching(/^Request Timeout \(Seconds\)/),
			value: String(timeout!.default),
		});
	});

	test('no console error, page error or failed request of the editor comes from the package', () => {
		const needles = [
			PACKAGE,
			...NODES.flatMap((node) => [`${node.icon}.svg`, `${node.icon}.dark.svg`, node.type]),
			'netAppOntapApi',
			'sapCloudConnectorApi',
			'ibmQradarApi',
			'netAppBlueXpApi',
		].map((needle) => needle.toLowerCase());
		const fromPackage = problems.filter(
			(problem) =>
				problem.kind !== 'elsewhere' &&
				needles.some((needle) => problem.text.toLowerCase().includes(needle)),
		);
		expect(fromPackage).toEqual([]);
		// The light and dark walks did run (this is not vacuous).
		expect(Object.keys(checkedOperations).sort()).toEqual(NODES.map((node) => node.name).sort());
		expect(iconBytesChecked.size).toBe(8);
	});
});
