/**
 * SAP Cloud Connector inside a real, running n8n (`n8n start`, not `n8n execute`).
 *
 * Packs this package, installs it as a community package into a throw-away n8n user folder,
 * imports an SAP Cloud Connector credential (the emulator over HTTPS, self-signed, so
 * ignoreSslIssues) and an n8n Header Auth credential, imports both SAP examples adapted to
 * the test (schedule every few seconds, backups written to a temp folder), publishes them
 * and starts n8n on a free port. Then:
 *
 * - the Schedule Trigger keeps writing backup ZIPs to disk, each a valid Cloud Connector
 *   backup of the emulator's configuration, and the emulator counted them;
 * - a multipart POST of one of those ZIPs to the production webhook, with the header
 *   credential, restores the emulator's (meanwhile changed) configuration and answers JSON;
 * - without (or with a wrong) header credential the webhook answers 403 and nothing is restored;
 * - a backup made with another password, or a file that is no ZIP, gets a clear JSON refusal;
 * - neither the SAP password nor the backup password shows up in n8n's output, its files or
 *   the execution data it stored.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	changeConfiguration,
	configurationOf,
	createBackup,
	readBackup,
	readZip,
	startSapCloudConnectorEmulator,
	type SapCloudConnectorEmulator,
	type SapConfiguration,
	type SapRecordedRequest,
} from '../emulators/sapCloudConnector';
import {
	type FormPart,
	type HttpAnswer,
	postToN8n,
	N8N_VERSION,
	REPO_ROOT,
	finishE2e,
	listFiles,
	runChecked,
	waitForHttpStatus,
	type N8nInstall,
	type N8nInstance,
	type N8nServer,
	readExample,
	sleep,
	type WorkflowNode,
	type WorkflowJson,
	stepTimer,
	n8nAndPackage,
	installPackage,
} from './n8n';

const PACKAGE = 'n8n-nodes-backup-restore';
const BACKUP_EXAMPLE = path.join(
	REPO_ROOT,
	'examples',
	'sap-cloud-connector-scheduled-backup.json',
);
const RESTORE_EXAMPLE = path.join(
	REPO_ROOT,
	'examples',
	'sap-cloud-connector-webhook-restore.json',
);
/** Where the example writes its backups (the n8n Docker image's default allowed folder). */
const EXAMPLE_BACKUP_DIR = '/home/node/.n8n-files/scc-backups/';

const SAP_USERNAME = 'Administrator';
/** Distinctive, so a leak cannot hide behind a common word. */
const SAP_PASSWORD = `Scc-e2e-Admin-${randomBytes(6).toString('hex')}!`;
const SAP_BASIC = Buffer.from(`${SAP_USERNAME}:${SAP_PASSWORD}`).toString('base64');
const BACKUP_PASSWORD = `e2e-backup-pass-${randomBytes(6).toString('hex')}`;
const WEBHOOK_TOKEN = `Bearer e2e-restore-${randomBytes(12).toString('hex')}`;

const SAP_CREDENTIAL = { id: 'e2eSapSccCred001', name: 'SAP Cloud Connector emulator (e2e)' };
const HEADER_CREDENTIAL = { id: 'e2eSccWebhookTok', name: 'SCC restore webhook token (e2e)' };
const BACKUP_WORKFLOW_ID = 'e2eSccSchedBackup';
const RESTORE_WORKFLOW_ID = 'e2eSccHookRestore';

/** The Schedule Trigger fires every this many seconds in the test. */
const SCHEDULE_SECONDS = 3;
/** The emulator refuses connections this long after a restore (the node waits it out). */
const RESTART_WINDOW_MS = 3_000;

const MINUTE = 60_000;

function nodeOfType(workflow: WorkflowJson, type: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`"${workflow.name}" has no ${type} node`);
	return node;
}

/** An example with the test's ids, credentials, backup password and, via `tweak`, more. */
function adaptExample(
	file: string,
	id: string,
	name: string,
	tweak: (workflow: WorkflowJson) => void,
): WorkflowJson {
	const workflow = readExample(file);
	workflow.id = id;
	workflow.name = name;
	for (const node of workflow.nodes) {
		if (node.credentials?.sapCloudConnectorApi)
			node.credentials.sapCloudConnectorApi = { ...SAP_CREDENTIAL };
		if (node.credentials?.httpHeaderAuth)
			node.credentials.httpHeaderAuth = { ...HEADER_CREDENTIAL };
		if (node.type === `${PACKAGE}.sapCloudConnector`) node.parameters.password = BACKUP_PASSWORD;
	}
	tweak(workflow);
	return workflow;
}

/** A multipart/form-data POST to n8n. */
async function postMultipart(
	url: string,
	parts: FormPart[],
	headers: Record<string, string> = {},
	timeoutMs = 2 * MINUTE,
): Promise<HttpAnswer> {
	return await postToN8n(url, { parts }, headers, timeoutMs);
}

function restoreRequests(emulator: SapCloudConnectorEmulator): SapRecordedRequest[] {
	return emulator.requests.filter(
		(request) => request.method === 'PUT' && request.path === '/api/v1/configuration/backup',
	) as SapRecordedRequest[];
}

function backupRequests(emulator: SapCloudConnectorEmulator): SapRecordedRequest[] {
	return emulator.requests.filter(
		(request) => request.method === 'POST' && request.path === '/api/v1/configuration/backup',
	) as SapRecordedRequest[];
}

describe(`SAP Cloud Connector in a running n8n ${N8N_VERSION} (schedule and webhook)`, () => {
	let workDir: string;
	let backupDir: string;
	let install: N8nInstall;
	let emulator: SapCloudConnectorEmulator | undefined;
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	/** The configuration before anything happened: what every scheduled backup holds. */
	let seeded: SapConfiguration;
	/** What the restore test posted, for the later tests. */
	let postedBackup: { fileName: string; zip: Buffer } | undefined;
	/** Every answer the webhook gave, for the secrets check. */
	const answers: string[] = [];
	const { timings, timed } = stepTimer();

	const webhookUrl = () => `${server!.url}/webhook/scc-restore`;

	/** The finished backup files on disk, oldest first (a file still being written is skipped). */
	function backupsOnDisk(): Array<{ fileName: string; zip: Buffer }> {
		return fs
			.readdirSync(backupDir)
			.filter((name) => name.endsWith('.zip'))
			.sort()
			.map((fileName) => ({ fileName, zip: fs.readFileSync(path.join(backupDir, fileName)) }))
			.filter(({ zip }) => {
				try {
					readZip(zip);
					return true;
				} catch {
					return false;
				}
			});
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sap-e2e-'));
		backupDir = path.join(workDir, 'scc-backups');
		fs.mkdirSync(backupDir);
		const prepared = await n8nAndPackage(workDir, timed);
		install = prepared.install;
		n8n = await installPackage(install, prepared.tarball, timed, {
			// n8n 2.x lets Read/Write Files from Disk touch only these folders
			env: { N8N_RESTRICT_FILE_ACCESS_TO: backupDir },
			nodes: ['SapCloudConnector/SapCloudConnector.node.js'],
		});

		emulator = await startSapCloudConnectorEmulator({
			https: true,
			username: SAP_USERNAME,
			password: SAP_PASSWORD,
			restartWindowMs: RESTART_WINDOW_MS,
		});
		seeded = configurationOf(emulator);

		await timed(
			'import:credentials',
			async () =>
				await n8n!.importCredentials([
					{
						...SAP_CREDENTIAL,
						type: 'sapCloudConnectorApi',
						data: {
							baseUrl: emulator!.url,
							username: SAP_USERNAME,
							password: SAP_PASSWORD,
							ignoreSslIssues: true,
						},
					},
					{
						...HEADER_CREDENTIAL,
						type: 'httpHeaderAuth',
						data: { name: 'Authorization', value: WEBHOOK_TOKEN },
					},
				]),
		);

		const backupWorkflow = adaptExample(
			BACKUP_EXAMPLE,
			BACKUP_WORKFLOW_ID,
			'SAP Cloud Connector: scheduled backup (e2e)',
			(workflow) => {
				nodeOfType(workflow, 'n8n-nodes-base.scheduleTrigger').parameters.rule = {
					interval: [{ field: 'seconds', secondsInterval: SCHEDULE_SECONDS }],
				};
				const write = nodeOfType(workflow, 'n8n-nodes-base.readWriteFile');
				const fileName = String(write.parameters.fileName);
				if (!fileName.includes(EXAMPLE_BACKUP_DIR))
					throw new Error(`unexpected file name in the example: ${fileName}`);
				write.parameters.fileName = fileName.replace(EXAMPLE_BACKUP_DIR, `${backupDir}/`);
			},
		);
		const restoreWorkflow = adaptExample(
			RESTORE_EXAMPLE,
			RESTORE_WORKFLOW_ID,
			'SAP Cloud Connector: webhook restore (e2e)',
			() => undefined,
		);
		await timed(
			'import:workflow',
			async () => await n8n!.importWorkflows([backupWorkflow, restoreWorkflow]),
		);
		await timed('publish:workflow x2', async () => {
			await n8n!.publish(BACKUP_WORKFLOW_ID);
			await n8n!.publish(RESTORE_WORKFLOW_ID);
		});
		server = await timed(
			'n8n start (until ready)',
			async () => await n8n!.start({ env: { N8N_LOG_LEVEL: 'debug' } }),
		);
		// n8n activates published workflows just after it says it is ready: the webhook is
		// there once an unauthenticated POST gets 403 instead of 404 (no execution starts).
		await timed(
			'webhook registered',
			async () =>
				await waitForHttpStatus(webhookUrl(), (status) => status === 403, { method: 'POST' }),
		);
	}, 40 * MINUTE);

	afterAll(async () => {
		await finishE2e({ label: 'SAP', server, emulators: [emulator], n8n, workDir, timings });
	});

	test('both examples restore with the password the scheduled backups are made with', () => {
		const passwordsOf = (file: string) =>
			readExample(file)
				.nodes.filter((node) => node.type === `${PACKAGE}.sapCloudConnector`)
				.map((node) => node.parameters.password);
		const [backupPassword] = passwordsOf(BACKUP_EXAMPLE);
		expect(typeof backupPassword).toBe('string');
		expect(passwordsOf(RESTORE_EXAMPLE)).toEqual([backupPassword]);
	});

	test('the Schedule Trigger writes a valid backup ZIP to disk every few seconds', async () => {
		const emu = emulator!;
		const deadline = Date.now() + 2 * MINUTE;
		let backups = backupsOnDisk();
		await timed('two scheduled backups on disk', async () => {
			while (backups.length < 2 && Date.now() < deadline && !server!.exited) {
				await sleep(500);
				backups = backupsOnDisk();
			}
		});
		if (backups.length < 2) {
			throw new Error(
				`expected two backups in ${backupDir}, found ${backups.length}\n` +
					server!.output().split('\n').slice(-60).join('\n'),
			);
		}

		for (const { fileName, zip } of backups) {
			// The node names the file; the ZIP is a complete Cloud Connector backup.
			expect(fileName).toMatch(/^scc-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.zip$/);
			expect(readZip(zip).map((entry) => entry.name)).toEqual(
				expect.arrayContaining(['META-INF/MANIFEST.MF', 'version.txt', 'config.json']),
			);
			// Made with the workflow's backup password, holding the configuration of that moment.
			const content = await readBackup(zip, BACKUP_PASSWORD);
			expect(content.configuration).toEqual(seeded);
			expect(zip.includes(Buffer.from(BACKUP_PASSWORD))).toBe(false);
		}

		// The connector made at least as many backups as there are files, each asked for once,
		// with the credential (basic auth), statelessly, as SAP advises.
		expect(emu.state.backupsMade).toBeGreaterThanOrEqual(backups.length);
		const posts = backupRequests(emu);
		expect(posts.length).toBeGreaterThanOrEqual(backups.length);
		for (const post of posts) {
			expect(post.headers.authorization).toBe(`Basic ${SAP_BASIC}`);
			expect(post.connectionClose).toBe(true);
		}
	});

	test('a multipart POST with the header credential restores the backed-up configuration', async () => {
		const emu = emulator!;
		const [backup] = backupsOnDisk();
		expect(backup).toBeDefined();
		postedBackup = backup;
		const expected = (await readBackup(backup.zip, BACKUP_PASSWORD)).configuration;

		const changed = changeConfiguration(emu);
		expect(changed).not.toEqual(expected);
		const restoresBefore = emu.state.restores;
		const putsBefore = restoreRequests(emu).length;

		const answer = await timed(
			'webhook restore (incl. restart wait)',
			async () =>
				await postMultipart(
					webhookUrl(),
					[
						{
							name: 'backup',
							fileName: backup.fileName,
							contentType: 'application/zip',
							data: backup.zip,
						},
					],
					{ Authorization: WEBHOOK_TOKEN },
				),
		);
		answers.push(answer.text);

		if (answer.status !== 200) {
			throw new Error(
				`webhook answered ${answer.status}: ${answer.text}\n` +
					server!.output().split('\n').slice(-60).join('\n'),
			);
		}
		expect(answer.headers['content-type']).toMatch(/application\/json/);
		expect(answer.json).toEqual(
			expect.objectContaining({
				restored: true,
				fileName: backup.fileName,
				bytes: backup.zip.length,
				restart: 'restarted',
				version: emu.state.version,
			}),
		);

		// The connector got exactly one restore, with exactly the file from disk, and now holds
		// the backed-up configuration again (the change is gone).
		expect(emu.state.restores).toBe(restoresBefore + 1);
		const puts = restoreRequests(emu).slice(putsBefore);
		expect(puts).toHaveLength(1);
		expect(emu.uploadOf(puts[0])?.equals(backup.zip)).toBe(true);
		expect(puts[0].headers.authorization).toBe(`Basic ${SAP_BASIC}`);
		expect(emu.state.lastRestore).toEqual(
			expect.objectContaining({
				status: 204,
				fileName: backup.fileName,
				fileBytes: backup.zip.length,
				contentLengthMatched: true,
			}),
		);
		expect(configurationOf(emu)).toEqual(expected);
		expect(configurationOf(emu)).toEqual(seeded);
	});

	test('without the header credential the webhook refuses and nothing is restored', async () => {
		const emu = emulator!;
		const backup = postedBackup ?? backupsOnDisk()[0];
		expect(backup).toBeDefined();
		changeConfiguration(emu);
		const before = configurationOf(emu);
		const restoresBefore = emu.state.restores;
		const putsBefore = restoreRequests(emu).length;
		const parts: FormPart[] = [
			{
				name: 'backup',
				fileName: backup.fileName,
				contentType: 'application/zip',
				data: backup.zip,
			},
		];

		const missing = await postMultipart(webhookUrl(), parts);
		const wrong = await postMultipart(webhookUrl(), parts, {
			Authorization: `${WEBHOOK_TOKEN}-wrong`,
		});
		answers.push(missing.text, wrong.text);
		expect([missing.status, wrong.status]).toEqual([403, 403]);
		expect(missing.json).toBeUndefined();

		// Give a wrongly started execution time to reach the connector: none may.
		await sleep(2_000);
		expect(emu.state.restores).toBe(restoresBefore);
		expect(restoreRequests(emu).slice(putsBefore)).toEqual([]);
		expect(configurationOf(emu)).toEqual(before);
	});

	test('a backup with another password, or a file that is no ZIP, gets a clear JSON refusal', async () => {
		const emu = emulator!;
		const before = configurationOf(emu);
		const restoresBefore = emu.state.restores;
		const putsBefore = restoreRequests(emu).length;

		// A genuine backup, but encrypted with another password: the connector refuses it (400).
		const foreign = await createBackup(seeded, 'not-the-workflow-password');
		const refused = await postMultipart(
			webhookUrl(),
			[{ name: 'backup', fileName: 'foreign.zip', contentType: 'application/zip', data: foreign }],
			{ Authorization: WEBHOOK_TOKEN },
		);
		answers.push(refused.text);
		expect(refused.status).toBe(422);
		expect(refused.json).toEqual(
			expect.objectContaining({
				restored: false,
				error: 'Wrong password or invalid backup file',
				connectorHttpCode: '400',
			}),
		);
		expect(restoreRequests(emu).slice(putsBefore)).toHaveLength(1);

		// Not a ZIP at all: refused before anything is sent to the connector.
		const notZip = await postMultipart(
			webhookUrl(),
			[
				{
					name: 'backup',
					fileName: 'notes.zip',
					contentType: 'application/zip',
					data: 'just text',
				},
			],
			{ Authorization: WEBHOOK_TOKEN },
		);
		answers.push(notZip.text);
		expect(notZip.status).toBe(422);
		expect(notZip.json).toEqual(
			expect.objectContaining({ restored: false, connectorHttpCode: null }),
		);
		expect(String((notZip.json as { error?: unknown }).error)).toMatch(
			/not a Cloud Connector backup/,
		);
		expect(restoreRequests(emu).slice(putsBefore)).toHaveLength(1);

		expect(emu.state.restores).toBe(restoresBefore);
		expect(configurationOf(emu)).toEqual(before);
	});

	test("neither password appears in n8n's output, files or stored execution data", async () => {
		const instance = n8n!;
		const n8nFolder = path.join(instance.userFolder, '.n8n');
		// A webhook answers before its execution is saved: wait until none is still running,
		// then stop n8n, so its logs and database are complete.
		const database = path.join(n8nFolder, 'database.sqlite');
		for (let tries = 0; tries < 40; tries++) {
			const rows = await storedExecutions(install, database).catch(() => undefined);
			if (rows && !rows.some((row) => row.status === 'running' || row.status === 'new')) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await timed('n8n stop', async () => await server!.stop());
		const isDatabase = (file: string) => /database\.sqlite/.test(path.basename(file));
		const logs = listFiles(path.join(instance.root, 'logs'));
		const stored = listFiles(n8nFolder, [path.join(n8nFolder, 'nodes')]);
		expect(logs.length).toBeGreaterThan(0);
		expect(stored.some(isDatabase)).toBe(true);
		// n8n ran at debug level and logged both workflows' runs: the check looks at real output.
		const startOutput = fs.readFileSync(server!.stdoutFile, 'utf8');
		expect(startOutput).toContain('Running node "Back up Cloud Connector configuration" finished');
		expect(startOutput).toContain('Running node "Restore Cloud Connector configuration" finished');

		const containing = (files: string[], secret: string) =>
			files.filter((file) => fs.readFileSync(file, 'latin1').includes(secret));
		// The SAP password: nowhere, not even in the database (n8n keeps credentials encrypted).
		for (const secret of [SAP_PASSWORD, SAP_BASIC]) {
			expect(containing([...logs, ...stored], secret)).toEqual([]);
		}
		// The backup password is a node parameter, so the workflows in the database hold it;
		// nothing else may: no log line, no event log, no binary data file.
		expect(containing(logs, BACKUP_PASSWORD)).toEqual([]);
		expect(
			containing(
				stored.filter((file) => !isDatabase(file)),
				BACKUP_PASSWORD,
			),
		).toEqual([]);
		for (const answer of answers) {
			expect(answer.includes(BACKUP_PASSWORD) || answer.includes(SAP_PASSWORD)).toBe(false);
		}

		// The execution data n8n stored (output items, errors) holds neither password.
		const executions = await storedExecutions(install, path.join(n8nFolder, 'database.sqlite'));
		const byWorkflow = (id: string) => executions.filter((row) => row.workflowId === id);
		expect(
			byWorkflow(BACKUP_WORKFLOW_ID).filter((row) => row.status === 'success').length,
		).toBeGreaterThanOrEqual(2);
		// One successful restore, two refusals answered by the workflow (the 403s never started one).
		expect(
			byWorkflow(RESTORE_WORKFLOW_ID)
				.map((row) => row.status)
				.sort(),
		).toEqual(['success', 'success', 'success']);
		for (const row of executions) {
			expect(row.data.length).toBeGreaterThan(0);
			expect(row.data.includes(BACKUP_PASSWORD)).toBe(false);
			expect(row.data.includes(SAP_PASSWORD)).toBe(false);
		}
	});

	/** id, workflowId, status and stored run data of every execution, read with n8n's sqlite3. */
	async function storedExecutions(
		n8nInstall: N8nInstall,
		database: string,
	): Promise<Array<{ id: string; workflowId: string; status: string; data: string }>> {
		const script = path.join(workDir, 'read-executions.js');
		fs.writeFileSync(
			script,
			[
				'const [sqlite, file] = process.argv.slice(2);',
				'const sqlite3 = require(sqlite);',
				'const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);',
				'db.all(',
				"  'SELECT e.id AS id, e.workflowId AS workflowId, e.status AS status, d.data AS data ' +",
				"  'FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id',",
				'  (error, rows) => {',
				'    if (error) { console.error(error); process.exit(2); }',
				'    process.stdout.write(JSON.stringify(rows));',
				'    db.close();',
				'  },',
				');',
			].join('\n'),
		);
		const out = path.join(workDir, 'executions.json');
		await runChecked(
			n8nInstall.node,
			[script, path.join(n8nInstall.dir, 'node_modules', 'sqlite3'), database],
			{ timeoutMs: MINUTE, stdoutFile: out, stderrFile: path.join(workDir, 'executions.err') },
		);
		const rows = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<{
			id: unknown;
			workflowId: unknown;
			status: unknown;
			data: unknown;
		}>;
		return rows.map((row) => ({
			id: String(row.id),
			workflowId: String(row.workflowId),
			status: String(row.status),
			data: typeof row.data === 'string' ? row.data : '',
		}));
	}
});
