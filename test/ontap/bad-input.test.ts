/**
 * Bad input never reaches the appliance: every parameter is checked (zod) before a
 * request is sent, and the user reads an error that names the parameter and the rule.
 * The common refusals of every node are listed once, in test/bad-input.corpus.test.ts;
 * this file keeps the ONTAP-specific rules and behaviour beyond a refusal.
 *
 * Values that n8n's own parameter check already refuses when typed in literally
 * (empty required fields, a malformed UUID in a locator's "By UUID" mode) are fed
 * through expressions here, the way they arrive from upstream data in a real
 * workflow: n8n cannot check those before the run, so the node must.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED } from '../emulators/ontap';
import { byId, json, runOntap, useOntapEmulator } from './helpers';

const emulator = useOntapEmulator();

/** An expression reading `$json.<name>` of the input item. */
const fromInput = (name: string) => `={{ $json.${name} }}`;

const NODE1 = SEED.nodes.node1;
const SVM1 = SEED.svms.svm1;

interface BadInput {
	/** what is wrong, as the test title */
	title: string;
	parameters: Record<string, unknown>;
	/** the one input item the expressions read */
	input?: IDataObject;
	/** the parameter as the message names it */
	names: RegExp;
	/** the rule the message states */
	rule: RegExp;
}

const cases: BadInput[] = [
	{
		title: 'svm (By UUID) is not a UUID',
		parameters: { resource: 'ndmpSvm', operation: 'get', svm: byId(fromInput('svm')) },
		input: { svm: 'svm1' },
		names: /"SVM"/,
		rule: /must be a UUID/,
	},
	{
		title: 'url has no scheme',
		parameters: {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { url: 'backup.example.com/ontap' },
		},
		names: /"Update Fields".*url/i,
		rule: /must start with http:\/\/ or https:\/\//,
	},
	{
		title: 'validateCertificate is turned on for an http:// url',
		parameters: {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { url: 'http://backup.example.com/ontap', validateCertificate: true },
		},
		names: /"Update Fields > Validate Certificate"/,
		rule: /only be turned on for an https:\/\/ URL.*http:\/\/backup\.example\.com\/ontap/,
	},
	{
		title: 'ndmpNode update without any field',
		parameters: {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: {},
		},
		names: /"Update Fields"/,
		rule: /add at least one field/,
	},
	{
		title: 'ndmpSvm update without any field',
		parameters: { resource: 'ndmpSvm', operation: 'update', svm: byId(SVM1), updateFields: {} },
		names: /"Update Fields"/,
		rule: /add at least one field/,
	},
	{
		title: 'create with pollInterval 0',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(NODE1),
			name: 'manual',
			options: { pollInterval: 0 },
		},
		names: /"Options".*pollInterval/,
		rule: /must be at least 0\.1 seconds/,
	},
];

describe('a bad parameter is refused before anything is sent', () => {
	it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
		const result = await runOntap(
			emulator(),
			c.parameters,
			c.input ? { inputItems: [{ json: c.input }] } : {},
		);

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error).toBeDefined();
		expect(result.error?.message).toMatch(/^Invalid parameter /);
		expect(result.error?.message).toMatch(c.names);
		expect(result.error?.message).toMatch(c.rule);
		expect(result.error?.description).toMatch(/refused before anything was sent/);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(emulator().requests).toEqual([]);
	});
});

describe('validateCertificate without a URL checks the URL stored on the cluster', () => {
	it('reads the settings once and sends no PATCH when the stored URL is http://', async () => {
		expect(emulator().state.configBackup.url).toMatch(/^http:\/\//);
		const before = { ...emulator().state.configBackup };

		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { validateCertificate: true },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/"Update Fields > Validate Certificate"/);
		expect(result.error?.message).toContain(`https:// URL (the URL is "${before.url}")`);
		expect(emulator().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/support/configuration-backup',
		]);
		expect(emulator().requests.some((r) => r.method === 'PATCH')).toBe(false);
		expect(emulator().state.configBackup).toEqual(before);
	});
});

describe('values n8n itself refuses when typed in literally', () => {
	it.each([
		[
			'an empty required Owner UUID',
			{ resource: 'ndmpSession', operation: 'get', ownerUuid: '', sessionId: '2000' },
			/Owner UUID/,
		],
		[
			'a malformed UUID in By UUID mode',
			{ resource: 'ndmpNode', operation: 'get', clusterNode: byId('node1') },
			/Not a valid UUID/,
		],
		['an empty required Job UUID', { resource: 'job', operation: 'get', jobUuid: '' }, /Job UUID/],
	] as const)(
		'%s: the workflow does not start and nothing is sent',
		async (_title, parameters, issue) => {
			await expect(runOntap(emulator(), parameters)).rejects.toThrow(issue);
			expect(emulator().requests).toEqual([]);
		},
	);
});

describe('Continue On Fail', () => {
	it('a bad input on item 2 of 3 gives an error item for item 2 only, items 1 and 3 succeed', async () => {
		const [first, second, third] = emulator().state.sessions;
		const result = await runOntap(
			emulator(),
			{
				resource: 'ndmpSession',
				operation: 'get',
				ownerUuid: fromInput('owner'),
				sessionId: fromInput('id'),
			},
			{
				continueOnFail: true,
				inputItems: [
					{ json: { owner: first?.uuid, id: first?.id } },
					{ json: { owner: 'svm2', id: second?.id } },
					{ json: { owner: third?.uuid, id: third?.id } },
				],
			},
		);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const [out1, out2, out3] = result.items;
		expect(out1?.json).toMatchObject({ uuid: first?.uuid, id: first?.id });
		expect(out1?.json.error).toBeUndefined();
		expect(out1?.pairedItem).toEqual({ item: 0 });
		expect(out2?.json.error).toMatch(/Invalid parameter "Owner UUID": must be a UUID/);
		expect(out2?.json.description).toMatch(/refused before anything was sent/);
		expect(out2?.pairedItem).toEqual({ item: 1 });
		expect(out3?.json).toMatchObject({ uuid: third?.uuid, id: third?.id });
		expect(out3?.json.error).toBeUndefined();
		expect(out3?.pairedItem).toEqual({ item: 2 });

		// only the two good items were sent; the bad one never left the node
		expect(emulator().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /api/protocols/ndmp/sessions/${first?.uuid}/${encodeURIComponent(first?.id ?? '')}`,
			`GET /api/protocols/ndmp/sessions/${third?.uuid}/${encodeURIComponent(third?.id ?? '')}`,
		]);
		expect(json(result.items).filter((item) => item.error)).toHaveLength(1);
	});
});
