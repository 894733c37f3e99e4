/**
 * IBM QRadar inside a real n8n: the node with `n8n execute`, the polling trigger with `n8n start`.
 *
 * Packs this package, installs it as a community package into a throw-away n8n user folder,
 * imports an IBM QRadar credential (the emulator over HTTPS with its self-signed certificate,
 * so ignoreSslIssues) and both QRadar examples, adapted only where a test must be faster or
 * fail on purpose. Then:
 *
 * - the nightly example (`n8n execute`) creates a CONFIG backup named with the date, waits
 *   until the emulator reports it SUCCESS, and outputs it on the success branch;
 * - the same workflow with a name the emulator fails takes the error output into the
 *   "Notify: backup failed" node, with QRadar's status in the message;
 * - the alert example, published and running under `n8n start` (poll times: six fixed-second
 *   cron entries, i.e. a poll every 10 s; n8n refuses any single sub-minute entry), emits
 *   nothing on activation (backups that failed before stay quiet), then exactly one item per
 *   backup or restore that fails afterwards, each in exactly one execution, and nothing for
 *   successful ones;
 * - the SEC token appears in no n8n log, file or stored execution.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	callConsole,
	finishedConsoleBackup,
	startIbmQradarEmulator,
	type QradarEmulator,
	type QradarRecordedRequest,
} from '../emulators/ibmQradar';
import {
	N8N_VERSION,
	REPO_ROOT,
	finishE2e,
	listFiles,
	readStoredExecutions,
	type N8nInstall,
	type N8nInstance,
	type N8nItem,
	type N8nRun,
	type N8nServer,
	type StoredExecution,
	describeRun,
	readExample,
	sleep,
	type WorkflowNode,
	type WorkflowJson,
	stepTimer,
	n8nAndPackage,
	installPackage,
	pollEverySeconds,
} from './n8n';

const NIGHTLY_EXAMPLE = path.join(REPO_ROOT, 'examples', 'ibm-qradar-nightly-backup.json');
const ALERT_EXAMPLE = path.join(REPO_ROOT, 'examples', 'ibm-qradar-backup-alert.json');

/** Distinctive, so a leak cannot hide behind a common word. */
const TOKEN = `e2e-sec-${randomBytes(16).toString('hex')}`;
const API_VERSION = '20.0';
/** Backups whose name starts like this end FAILED on the emulator (and the seeded data backup 4). */
const FAILING = /^(will_fail_|data_ep1_)/;

const CREDENTIAL = { id: 'e2eQradarCred001', name: 'IBM QRadar emulator (e2e)' };
const NIGHTLY_ID = 'e2eQradarNightly';
const NIGHTLY_FAILING_ID = 'e2eQradarNightlyF';
const ALERT_ID = 'e2eQradarAlert01';

const SCHEDULE_NODE = 'Every night at 02:30';
const BACKUP_NODE = 'Create QRadar configuration backup';
const SUCCESS_NODE = 'Backup succeeded';
const NOTIFY_NODE = 'Notify: backup failed (replace with Slack or email)';
const TRIGGER_NODE = 'QRadar backup or restore failed';
const ALERT_NODE = 'Notify: backup or restore failed (replace with Slack or email)';

const BACKUPS = '/api/backup_and_restore/backups';
const RESTORES = '/api/backup_and_restore/restores';
const POLL_SECONDS = 10;

const MINUTE = 60_000;

function nodeNamed(workflow: WorkflowJson, name: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`"${workflow.name}" has no node "${name}"`);
	return node;
}

/** An example with the test's id, name and credential, and `tweak` applied. */
function adaptExample(
	file: string,
	id: string,
	name: string,
	tweak: (workflow: WorkflowJson) => void = () => undefined,
): WorkflowJson {
	const workflow = readExample(file);
	workflow.id = id;
	workflow.name = name;
	for (const node of workflow.nodes)
		if (node.credentials?.ibmQradarApi) node.credentials.ibmQradarApi = { ...CREDENTIAL };
	tweak(workflow);
	return workflow;
}

function outputItems(run: N8nRun['data'] | undefined, nodeName: string, output = 0): N8nItem[] {
	const tasks = run?.resultData.runData[nodeName] ?? [];
	return tasks.flatMap((task) => task.data?.main?.[output] ?? []);
}

describe(`IBM QRadar in a real n8n ${N8N_VERSION} (execute and polling trigger)`, () => {
	let workDir: string;
	let install: N8nInstall;
	let emulator: QradarEmulator | undefined;
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	/** The backup name the nightly example's expression produced, from the first test. */
	let nightlyName: string | undefined;
	const { timings, timed } = stepTimer();

	/** The test's own calls to the emulator (what an admin or QRadar's scheduler would do). */
	const qradar = async <T = Record<string, unknown>>(
		method: string,
		apiPath: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<T> => await callConsole<T>(emulator!, method, apiPath, body, headers);

	/** A backup made and finished on the console, outside n8n. */
	const finishedBackup = async (name: string) => await finishedConsoleBackup(emulator!, name);

	/** The trigger's regular polls the emulator has seen (not the activation's one-record look). */
	const triggerPolls = (): QradarRecordedRequest[] =>
		emulator!.requests.filter(
			(request) =>
				request.method === 'GET' &&
				request.path === BACKUPS &&
				/time_completed >=/.test(request.query.filter ?? ''),
		) as QradarRecordedRequest[];

	const database = () => path.join(n8n!.userFolder, '.n8n', 'database.sqlite');
	const alertExecutions = async (): Promise<StoredExecution[]> =>
		(await readStoredExecutions(install, database(), workDir)).filter(
			(row) => row.workflowId === ALERT_ID,
		);

	/** Waits until the alert workflow has `count` finished executions. */
	async function waitForAlertExecutions(count: number): Promise<StoredExecution[]> {
		const deadline = Date.now() + 2 * POLL_SECONDS * 1000 + 20_000;
		let rows = await alertExecutions();
		while (
			rows.filter((row) => row.status !== 'running' && row.status !== 'new').length < count &&
			Date.now() < deadline &&
			!server!.exited
		) {
			await sleep(1_000);
			rows = await alertExecutions();
		}
		const done = rows.filter((row) => row.status !== 'running' && row.status !== 'new');
		if (done.length < count) {
			throw new Error(
				`expected ${count} alert executions, found ${done.length}\n` +
					server!.output().split('\n').slice(-60).join('\n'),
			);
		}
		return done;
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qradar-e2e-'));
		const prepared = await n8nAndPackage(workDir, timed);
		install = prepared.install;
		n8n = await installPackage(install, prepared.tarball, timed, {
			nodes: ['IbmQradar/IbmQradar.node.js', 'IbmQradarTrigger/IbmQradarTrigger.node.js'],
		});

		emulator = await startIbmQradarEmulator({
			https: true,
			token: TOKEN,
			failingNames: FAILING,
			backupPolls: 2,
			restorePolls: 2,
			restoreOutageMs: 0,
			maxLifetimeMs: 15 * MINUTE,
		});

		await timed(
			'import:credentials',
			async () =>
				await n8n!.importCredentials([
					{
						...CREDENTIAL,
						type: 'ibmQradarApi',
						data: {
							baseUrl: emulator!.url,
							token: TOKEN,
							apiVersion: API_VERSION,
							ignoreSslIssues: true,
						},
					},
				]),
		);

		// Run by hand, polling every second instead of every 10 (the emulator finishes on the 2nd GET).
		const faster = (workflow: WorkflowJson) => {
			// `n8n execute` starts a workflow at a Manual Trigger: it takes the schedule's place
			const schedule = nodeNamed(workflow, SCHEDULE_NODE);
			expect(schedule.type).toBe('n8n-nodes-base.scheduleTrigger');
			schedule.type = 'n8n-nodes-base.manualTrigger';
			schedule.typeVersion = 1;
			schedule.parameters = {};
			const backup = nodeNamed(workflow, BACKUP_NODE);
			backup.parameters.options = {
				...(backup.parameters.options as object),
				pollInterval: 1,
				timeout: 60,
			};
		};
		const nightly = adaptExample(
			NIGHTLY_EXAMPLE,
			NIGHTLY_ID,
			'IBM QRadar: nightly backup (e2e)',
			faster,
		);
		const nightlyFailing = adaptExample(
			NIGHTLY_EXAMPLE,
			NIGHTLY_FAILING_ID,
			'IBM QRadar: nightly backup that fails (e2e)',
			(workflow) => {
				faster(workflow);
				const backup = nodeNamed(workflow, BACKUP_NODE);
				const name = String(backup.parameters.name);
				if (!name.startsWith('=nightly_config_'))
					throw new Error(`unexpected backup name in the example: ${name}`);
				backup.parameters.name = name.replace('=nightly_config_', '=will_fail_nightly_');
			},
		);
		const alert = adaptExample(
			ALERT_EXAMPLE,
			ALERT_ID,
			'IBM QRadar: failure alert (e2e)',
			(workflow) => {
				nodeNamed(workflow, TRIGGER_NODE).parameters.pollTimes = pollEverySeconds(POLL_SECONDS);
			},
		);
		await timed(
			'import:workflow',
			async () => await n8n!.importWorkflows([nightly, nightlyFailing, alert]),
		);
		await timed('publish:workflow', async () => await n8n!.publish(ALERT_ID));
	}, 40 * MINUTE);

	afterAll(async () => {
		await finishE2e({ label: 'QRadar', server, emulators: [emulator], n8n, workDir, timings });
	});

	test('the nightly example creates a CONFIG backup, waits for SUCCESS and outputs it', async () => {
		const emu = emulator!;
		const result = await timed('n8n execute (nightly)', async () => await n8n!.execute(NIGHTLY_ID));
		if (!result.successful) throw new Error(describeRun(result));

		const [item, ...more] = outputItems(result.run?.data, SUCCESS_NODE);
		expect(more).toEqual([]);
		expect(item.json).toEqual(
			expect.objectContaining({ status: 'SUCCESS', type: 'CONFIG', configuration_id: 1 }),
		);
		nightlyName = String(item.json.name);
		expect(nightlyName).toMatch(/^nightly_config_\d{4}-\d\d-\d\d$/);
		expect(result.run?.data.resultData.runData[NOTIFY_NODE]).toBeUndefined();

		// The console made exactly that backup, once, and it succeeded.
		const made = emu.state.backups.filter((backup) => backup.name === nightlyName);
		expect(made).toHaveLength(1);
		expect(made[0]).toEqual(
			expect.objectContaining({ id: item.json.id, status: 'SUCCESS', type: 'CONFIG' }),
		);
		const posts = emu.requests.filter((r) => r.method === 'POST' && r.path === BACKUPS);
		expect(posts).toHaveLength(1);
		expect(posts[0].headers.backup_type).toBe('CONFIG');
		expect(posts[0].body).toEqual(
			expect.objectContaining({ name: nightlyName, configuration_id: 1 }),
		);
		// Every call carried the credential's token and API version, and was answered as authorized.
		const calls = emu.requests as QradarRecordedRequest[];
		expect(calls.length).toBeGreaterThan(1);
		for (const call of calls) {
			expect(call.authorized).toBe(true);
			expect(call.apiVersion).toBe(API_VERSION);
		}
	});

	test('a backup that ends FAILED goes down the "Notify: backup failed" branch', async () => {
		const emu = emulator!;
		const result = await timed(
			'n8n execute (failing)',
			async () => await n8n!.execute(NIGHTLY_FAILING_ID),
		);
		// The error output caught it: the run itself succeeds.
		if (!result.successful) throw new Error(describeRun(result));
		expect(outputItems(result.run?.data, SUCCESS_NODE)).toEqual([]);
		const errors = outputItems(result.run?.data, BACKUP_NODE, 1);
		expect(errors).toHaveLength(1);
		const [notice, ...more] = outputItems(result.run?.data, NOTIFY_NODE);
		expect(more).toEqual([]);
		expect(notice.json.subject).toMatch(/^QRadar nightly backup failed \(\d{4}-\d\d-\d\d\)$/);
		expect(String(notice.json.message)).toMatch(
			/^QRadar backup "will_fail_nightly_\d{4}-\d\d-\d\d" \(ID \d+\) ended with status FAILED$/,
		);
		expect(String(notice.json.whatToDo)).toMatch(/Admin > Backup and Recovery/);

		const failed = emu.state.backups.filter((backup) =>
			backup.name.startsWith('will_fail_nightly_'),
		);
		expect(failed).toHaveLength(1);
		expect(failed[0].status).toBe('FAILED');
	});

	test('the alert trigger, activated, emits each failed backup and restore exactly once', async () => {
		const emu = emulator!;
		server = await timed('n8n start (until ready)', async () => await n8n!.start());
		const activationStarted = Date.now();
		// Activation polls once: every backup and restore that finished in a status the alert
		// listens for (no sort: the console may ignore or refuse one), the newest picked by the
		// trigger.
		const baseline = (collection: string) =>
			emu.requests.some(
				(r) =>
					r.method === 'GET' &&
					r.path === collection &&
					r.query.sort === undefined &&
					r.query.filter === 'status IN ("FAILED")' &&
					r.headers.range === 'items=0-499',
			);
		while (!(baseline(BACKUPS) && baseline(RESTORES)) && Date.now() - activationStarted < MINUTE)
			await sleep(250);
		expect(baseline(BACKUPS) && baseline(RESTORES)).toBe(true);

		// Nothing that finished before the activation is emitted (the seeded FAILED backup 3, the
		// failed nightly from the previous test): wait for one regular poll, which finds nothing.
		await timed('first regular poll', async () => {
			while (triggerPolls().length === 0 && Date.now() - activationStarted < MINUTE)
				await sleep(250);
		});
		expect(triggerPolls().length).toBeGreaterThan(0);
		expect(await alertExecutions()).toEqual([]);

		// Wave 1: two failed backups (one of them the long-running seeded data backup 4), one good.
		const wave1 = {
			failed: (await finishedBackup('will_fail_wave1')).id,
			succeeded: (await finishedBackup('wave1_ok')).id,
			seeded: emu.advanceBackup(4)!,
		};
		expect(wave1.seeded.status).toBe('FAILED');
		const afterWave1 = await timed('wave 1 emitted', async () => await waitForAlertExecutions(1));
		expect(afterWave1).toHaveLength(1);

		// Wave 2: a restore of the good backup that fails, another failed backup.
		emu.switches.restoreFails = true;
		const restore = await qradar<{ id: number }>('POST', RESTORES, {
			backup_id: wave1.succeeded,
			groups: ['DEPLOYMENT_CONFIG'],
		});
		await qradar('POST', `${RESTORES}/${restore.id}`, { status: 'REQUESTING' });
		for (;;) {
			const current = await qradar<{ status: string }>('GET', `${RESTORES}/${restore.id}`);
			if (current.status === 'FAILED') break;
			expect(current.status).not.toBe('SUCCESS');
		}
		const wave2Failed = (await finishedBackup('will_fail_wave2')).id;
		await timed('wave 2 emitted', async () => await waitForAlertExecutions(2));

		// Two more polls with nothing new: no execution repeats anything.
		const pollsBefore = triggerPolls().length;
		await timed('two idle polls', async () => {
			const deadline = Date.now() + 3 * POLL_SECONDS * 1000;
			while (triggerPolls().length < pollsBefore + 2 && Date.now() < deadline) await sleep(500);
		});
		expect(triggerPolls().length).toBeGreaterThanOrEqual(pollsBefore + 2);
		await sleep(2_000);

		const executions = await alertExecutions();
		expect(executions.map((row) => row.status)).toEqual(['success', 'success']);
		expect(executions.every((row) => row.mode === 'trigger')).toBe(true);
		const emitted = executions.map((row) =>
			outputItems(row.run, TRIGGER_NODE).map(
				(item) => `${String(item.json.event)}:${String(item.json.id)}`,
			),
		);
		// Oldest first within a poll; each exactly once overall; nothing that succeeded.
		expect(emitted[0].sort()).toEqual(
			[`backupFailed:${wave1.failed}`, `backupFailed:${wave1.seeded.id}`].sort(),
		);
		expect(emitted[1].sort()).toEqual(
			[`restoreFailed:${restore.id}`, `backupFailed:${wave2Failed}`].sort(),
		);
		const all = emitted.flat();
		expect(new Set(all).size).toBe(all.length);

		// The notification node got one message per failure.
		const messages = executions.flatMap((row) =>
			outputItems(row.run, ALERT_NODE).map((item) => String(item.json.message)),
		);
		expect(messages).toHaveLength(4);
		expect(messages).toEqual(
			expect.arrayContaining([
				expect.stringMatching(
					/^Backup "will_fail_wave1" \(ID \d+, CONFIG\) ended with status FAILED at 20/,
				),
				expect.stringMatching(
					/^Backup "data_ep1_20250104" \(ID 4, DATA\) ended with status FAILED/,
				),
				expect.stringMatching(/^Restore \d+ of backup "wave1_ok" ended with status FAILED/),
				expect.stringMatching(/^Backup "will_fail_wave2" .* ended with status FAILED/),
			]),
		);
	});

	test('the token appears in no n8n log, file or stored execution', async () => {
		await timed('n8n stop', async () => await server?.stop());
		const instance = n8n!;
		const n8nFolder = path.join(instance.userFolder, '.n8n');
		const logs = listFiles(path.join(instance.root, 'logs'));
		const stored = listFiles(n8nFolder, [path.join(n8nFolder, 'nodes')]);
		expect(logs.length).toBeGreaterThan(0);
		expect(stored.some((file) => /database\.sqlite/.test(path.basename(file)))).toBe(true);
		const containing = [
			...logs,
			...stored,
			...listFiles(workDir, [path.join(workDir, 'pack')]),
		].filter((file) => fs.readFileSync(file, 'latin1').includes(TOKEN));
		expect(containing).toEqual([]);
		const executions = await readStoredExecutions(install, database(), workDir);
		expect(executions.length).toBeGreaterThanOrEqual(4);
		for (const row of executions) expect(row.raw.includes(TOKEN)).toBe(false);
		// the test used the right name for the check: the emulator did receive this token
		expect(emulator!.requests.some((r) => r.headers.sec === TOKEN)).toBe(true);
		expect(nightlyName).toBeDefined();
	});
});
