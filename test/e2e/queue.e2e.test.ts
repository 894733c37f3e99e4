/**
 * The package in n8n's queue mode: one `n8n start` main, two `n8n worker` processes,
 * PostgreSQL and Redis (Debian's, installed when missing, on 127.0.0.1 and free ports, with
 * throw-away data), binary data in the database (N8N_DEFAULT_BINARY_DATA_MODE=database).
 * Every execution is read back from PostgreSQL; which worker ran it comes from the workers'
 * own log lines ("Worker started execution <id>").
 *
 * a) SAP Cloud Connector, webhook restore example: a multipart ZIP POSTed to the main is
 *    restored by a worker (the upload crosses processes through the database), answered
 *    with JSON; the emulator got exactly one restore.
 * b) NetApp ONTAP, scheduled configuration backup download: a Schedule Trigger (main) starts
 *    executions on the workers; the download is stored in the database and the Crypto node of
 *    the same execution reads it back: its SHA-256 is the emulator's file's.
 * c) NetApp BlueXP example, started by a webhook, on BOTH workers at once after the emulator
 *    expired every token: both succeed, at most one token renewal per worker, no loop.
 * d) IBM QRadar trigger (polled by the main): each finished backup is emitted exactly once
 *    while the main process is stopped and started again between two polls.
 *
 * Settings (every process: main, workers and the CLI imports): EXECUTIONS_MODE=queue,
 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true, N8N_DEFAULT_BINARY_DATA_MODE=database,
 * DB_TYPE=postgresdb + DB_POSTGRESDB_HOST/PORT/DATABASE/USER/PASSWORD,
 * QUEUE_BULL_REDIS_HOST/PORT, the same N8N_ENCRYPTION_KEY and N8N_USER_FOLDER (the community
 * package is installed there once), QUEUE_HEALTH_CHECK_ACTIVE=false, and per process its own
 * N8N_RUNNERS_BROKER_PORT (the only port a worker opens). Workers: `n8n worker --concurrency=1`
 * (so two jobs at once land on both; n8n warns below 5).
 *
 * n8n 2.41.1 quirks seen here: it warns "Postgres 15 is not supported ... 17 and newer, with 16
 * on compatibility support" (Debian 12's PostgreSQL is 15; it works); in a container every
 * worker gets the same hostId (`worker-<hostname>`, a cluster-check warning), so which worker
 * ran an execution comes from its own log, not from n8n's records.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	SEED as BLUEXP_SEED,
	bluexpCredentialData,
	startNetAppBlueXpEmulator,
} from '../emulators/netAppBlueXp';
import {
	finishedConsoleBackup,
	startIbmQradarEmulator,
	type QradarEmulator,
	type QradarRecordedRequest,
} from '../emulators/ibmQradar';
import { SEED as ONTAP_SEED, startOntapEmulator } from '../emulators/ontap';
import {
	changeConfiguration,
	configurationOf,
	createBackup,
	startSapCloudConnectorEmulator,
	type SapCloudConnectorEmulator,
} from '../emulators/sapCloudConnector';
import {
	postToN8n,
	N8N_VERSION,
	finishE2e,
	sleep,
	startWorker,
	stepTimer,
	waitForHttpStatus,
	type N8nInstall,
	type N8nInstance,
	type N8nItem,
	type N8nRun,
	type N8nServer,
	type N8nWorker,
	n8nAndPackage,
	installPackage,
} from './n8n';
import {
	BLUEXP_BACKUP_NODE,
	BLUEXP_LIST_NODE,
	ONTAP_DOWNLOAD_NODE,
	ONTAP_HASH_NODE,
	QRADAR_TRIGGER_NODE,
	bluexpWebhookWorkflow,
	ontapScheduledDownloadWorkflow,
	qradarAlertWorkflow,
	sapRestoreWorkflow,
} from './queue-workflows';
import {
	ensureDebianPackages,
	startPostgres,
	startRedis,
	stopAllServices,
	type PostgresService,
	type RedisService,
} from './services';

type BlueXpEmulator = Awaited<ReturnType<typeof startNetAppBlueXpEmulator>>;
type OntapEmulator = Awaited<ReturnType<typeof startOntapEmulator>>;

const MINUTE = 60_000;
const MAX_LIFETIME_MS = 15 * MINUTE;

const SAP_USERNAME = 'Administrator';
const SAP_PASSWORD = `Scc-queue-${randomBytes(6).toString('hex')}!`;
const BACKUP_PASSWORD = `queue-backup-${randomBytes(6).toString('hex')}`;
const WEBHOOK_TOKEN = `Bearer queue-restore-${randomBytes(12).toString('hex')}`;
const ONTAP_USER = 'admin';
const ONTAP_PASSWORD = `ontap-${randomBytes(6).toString('hex')}`;
const QRADAR_TOKEN = `queue-sec-${randomBytes(16).toString('hex')}`;

const SAP_CREDENTIAL = { id: 'qSapSccCred00001', name: 'SAP Cloud Connector (queue e2e)' };
const HEADER_CREDENTIAL = { id: 'qSccWebhookTok01', name: 'SCC restore webhook token (queue e2e)' };
const ONTAP_CREDENTIAL = { id: 'qOntapCred000001', name: 'ONTAP (queue e2e)' };
const BLUEXP_CREDENTIAL = { id: 'qBlueXpCred00001', name: 'BlueXP (queue e2e)' };
const QRADAR_CREDENTIAL = { id: 'qQradarCred00001', name: 'IBM QRadar (queue e2e)' };

const SAP_WORKFLOW_ID = 'qSccHookRestore1';
const ONTAP_WORKFLOW_ID = 'qOntapSchedDown1';
const BLUEXP_WORKFLOW_ID = 'qBlueXpHookAdHoc';
const QRADAR_WORKFLOW_ID = 'qQradarFinished1';

const ONTAP_FILE = ONTAP_SEED.backupFiles[0];
const ONTAP_SCHEDULE_SECONDS = 5;
const QRADAR_POLL_SECONDS = 5;
const BLUEXP_PATH = 'queue-bluexp-adhoc';
const BLUEXP_VOLUME = BLUEXP_SEED.volumes.awsData;
/** Each ad-hoc job answers unfinished this many times (polled every 0.3 s): runs overlap. */
const BLUEXP_JOB_POLLS = 8;

const QRADAR_BACKUPS = '/api/backup_and_restore/backups';

/** The settings every n8n process of the test gets (besides DB_* and QUEUE_BULL_REDIS_*). */
const QUEUE_SETTINGS: NodeJS.ProcessEnv = {
	EXECUTIONS_MODE: 'queue',
	OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	QUEUE_HEALTH_CHECK_ACTIVE: 'false',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '15',
	N8N_LOG_LEVEL: 'info',
};

/** A POST to n8n (multipart parts or a JSON body), answered in full. */
const post = postToN8n;

/** One execution as n8n stored it in PostgreSQL, its run data parsed (flatted). */
interface PgExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
	run: N8nRun['data'] | undefined;
	raw: string;
}

function outputItems(run: N8nRun['data'] | undefined, nodeName: string): N8nItem[] {
	const tasks = run?.resultData.runData[nodeName] ?? [];
	return tasks.flatMap((task) => task.data?.main?.[0] ?? []);
}

describe(`n8n ${N8N_VERSION} in queue mode (main + 2 workers, PostgreSQL, Redis)`, () => {
	let workDir: string;
	let install: N8nInstall;
	let pg: PostgresService | undefined;
	let redis: RedisService | undefined;
	let n8n: N8nInstance | undefined;
	let main: N8nServer | undefined;
	const mains: N8nServer[] = [];
	const workers: N8nWorker[] = [];
	let sap: SapCloudConnectorEmulator | undefined;
	let ontap: OntapEmulator | undefined;
	let bluexp: BlueXpEmulator | undefined;
	let qradar: QradarEmulator | undefined;
	let flattedParse: (text: string) => unknown;
	const { timings, timed } = stepTimer();

	/** Every execution of a workflow (or all), oldest first, from PostgreSQL. */
	async function executions(workflowId?: string): Promise<PgExecution[]> {
		const where = workflowId ? `WHERE e."workflowId" = '${workflowId.replace(/'/g, "''")}'` : '';
		const rows = await pg!.queryJson<
			Array<Omit<PgExecution, 'run' | 'raw'> & { data: string | null }>
		>(
			`SELECT coalesce(json_agg(t ORDER BY t.id), '[]'::json) FROM (
				SELECT e.id::text AS id, e."workflowId" AS "workflowId", e.status, e.mode,
					e."startedAt" AS "startedAt", e."stoppedAt" AS "stoppedAt", d.data
				FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
				${where}
			) t;`,
		);
		return rows.map(({ data, ...row }) => {
			let run: N8nRun['data'] | undefined;
			try {
				run = data ? (flattedParse(data) as N8nRun['data']) : undefined;
			} catch {
				run = undefined;
			}
			return { ...row, run, raw: data ?? '' };
		});
	}

	const finished = (rows: PgExecution[]) =>
		rows.filter((row) => !['new', 'running', 'waiting'].includes(row.status));

	/** Waits until `workflowId` has at least `count` finished executions; returns them all. */
	async function waitForExecutions(
		workflowId: string,
		count: number,
		timeoutMs = 2 * MINUTE,
	): Promise<PgExecution[]> {
		const deadline = Date.now() + timeoutMs;
		let rows = finished(await executions(workflowId));
		while (rows.length < count && Date.now() < deadline) {
			await sleep(500);
			rows = finished(await executions(workflowId));
		}
		if (rows.length < count)
			throw new Error(
				`${workflowId}: ${rows.length} of ${count} executions finished\n--- main (tail) ---\n` +
					(main?.output() ?? '').split('\n').slice(-40).join('\n'),
			);
		return rows;
	}

	/** Execution id -> the label of the worker that ran it, from the workers' logs. */
	function workerOf(): Map<string, string> {
		const ran = new Map<string, string>();
		for (const worker of workers) {
			for (const match of worker.output().matchAll(/Worker started execution (\d+)/g))
				ran.set(match[1], worker.label);
		}
		return ran;
	}

	const mainOutput = () => mains.map((server) => server.output()).join('\n');

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-e2e-'));
		const [prepared] = await Promise.all([
			n8nAndPackage(workDir, timed),
			timed(
				'apt-get (when missing)',
				async () => await ensureDebianPackages(path.join(workDir, 'apt')),
			),
		]);
		install = prepared.install;
		const { tarball } = prepared;
		const flatted = require(path.join(install.dir, 'node_modules', 'flatted')) as {
			parse: (text: string) => unknown;
		};
		flattedParse = flatted.parse;

		[pg, redis] = await timed(
			'PostgreSQL + Redis',
			async () =>
				await Promise.all([
					startPostgres({ maxLifetimeMs: MAX_LIFETIME_MS + MINUTE, scratchDir: workDir }),
					startRedis({ maxLifetimeMs: MAX_LIFETIME_MS + MINUTE }),
				]),
		);
		n8n = await installPackage(install, tarball, timed, {
			env: { ...QUEUE_SETTINGS, ...pg!.n8nEnv, ...redis!.n8nEnv },
		});

		sap = await startSapCloudConnectorEmulator({
			https: true,
			username: SAP_USERNAME,
			password: SAP_PASSWORD,
			restartWindowMs: 2_000,
			maxLifetimeMs: MAX_LIFETIME_MS,
		});
		ontap = await startOntapEmulator({
			https: true,
			username: ONTAP_USER,
			password: ONTAP_PASSWORD,
			maxLifetimeMs: MAX_LIFETIME_MS,
		});
		bluexp = await startNetAppBlueXpEmulator({
			jobPolls: BLUEXP_JOB_POLLS,
			maxLifetimeMs: MAX_LIFETIME_MS,
		});
		qradar = await startIbmQradarEmulator({
			https: true,
			token: QRADAR_TOKEN,
			backupPolls: 2,
			restorePolls: 2,
			restoreOutageMs: 0,
			maxLifetimeMs: MAX_LIFETIME_MS,
		});

		// The first CLI call against the empty database runs n8n's migrations.
		await timed(
			'import:credentials (+ migrations)',
			async () =>
				await n8n!.importCredentials([
					{
						...SAP_CREDENTIAL,
						type: 'sapCloudConnectorApi',
						data: {
							baseUrl: sap!.url,
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
					{
						...ONTAP_CREDENTIAL,
						type: 'netAppOntapApi',
						data: {
							baseUrl: ontap!.url,
							username: ONTAP_USER,
							password: ONTAP_PASSWORD,
							ignoreSslIssues: true,
						},
					},
					{
						...BLUEXP_CREDENTIAL,
						type: 'netAppBlueXpApi',
						data: bluexpCredentialData(bluexp!),
					},
					{
						...QRADAR_CREDENTIAL,
						type: 'ibmQradarApi',
						data: {
							baseUrl: qradar!.url,
							token: QRADAR_TOKEN,
							apiVersion: '20.0',
							ignoreSslIssues: true,
						},
					},
				]),
		);
		await timed(
			'import:workflow',
			async () =>
				await n8n!.importWorkflows([
					sapRestoreWorkflow(SAP_WORKFLOW_ID, SAP_CREDENTIAL, HEADER_CREDENTIAL, BACKUP_PASSWORD),
					ontapScheduledDownloadWorkflow(
						ONTAP_WORKFLOW_ID,
						ONTAP_CREDENTIAL,
						ONTAP_SEED.nodes[ONTAP_FILE.node],
						ONTAP_FILE.name,
						ONTAP_SCHEDULE_SECONDS,
					),
					bluexpWebhookWorkflow(
						BLUEXP_WORKFLOW_ID,
						BLUEXP_CREDENTIAL,
						BLUEXP_SEED.weAws,
						BLUEXP_VOLUME,
						BLUEXP_PATH,
						0.3,
					),
					qradarAlertWorkflow(QRADAR_WORKFLOW_ID, QRADAR_CREDENTIAL, QRADAR_POLL_SECONDS, [
						'backupSucceeded',
						'backupFailed',
					]),
				]),
		);
		await timed('publish x4', async () => {
			for (const id of [SAP_WORKFLOW_ID, ONTAP_WORKFLOW_ID, BLUEXP_WORKFLOW_ID, QRADAR_WORKFLOW_ID])
				await n8n!.publish(id);
		});

		// Workers first (they only take jobs), concurrency 1 each: two jobs at once land on both.
		const started = await timed(
			'main + 2 workers (until ready)',
			async () =>
				await Promise.all([
					n8n!.start({ label: 'main-1', maxLifetimeMs: MAX_LIFETIME_MS }),
					startWorker(install, n8n!, {
						label: 'worker-1',
						concurrency: 1,
						maxLifetimeMs: MAX_LIFETIME_MS,
					}),
					startWorker(install, n8n!, {
						label: 'worker-2',
						concurrency: 1,
						maxLifetimeMs: MAX_LIFETIME_MS,
					}),
				]),
		);
		main = started[0];
		mains.push(main);
		workers.push(started[1], started[2]);
		await timed('webhooks registered', async () => {
			await waitForHttpStatus(`${main!.url}/webhook/scc-restore`, (status) => status === 403, {
				method: 'POST',
			});
		});
	}, 20 * MINUTE);

	afterAll(async () => {
		for (const worker of workers) await worker.stop(10_000);
		for (const server of mains) await server.stop(10_000);
		await finishE2e({
			label: 'queue mode',
			server: main,
			emulators: [sap, ontap, bluexp, qradar],
			n8n,
			workDir,
			timings,
		});
		await stopAllServices();
	}, 2 * MINUTE);

	test('every process runs in queue mode on PostgreSQL, the package loaded without error', async () => {
		// n8n's own calls home fail offline (api.n8n.io): only errors naming the package count.
		const packageError =
			/^.*(error|failed|cannot|could not).*n8n-nodes-backup-restore.*$|^.*n8n-nodes-backup-restore.*(error|failed).*$/im;
		for (const proc of [main!, ...workers]) expect(proc.output()).not.toMatch(packageError);
		for (const worker of workers) {
			expect(worker.output()).toContain('n8n worker is now ready');
			expect(worker.output()).toContain(' * Concurrency: 1');
		}
		const tables = (
			await pg!.psql(
				"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1;",
			)
		).split('\n');
		expect(tables).toEqual(
			expect.arrayContaining([
				'execution_entity',
				'execution_data',
				'workflow_entity',
				'binary_data',
			]),
		);
		const active = await pg!.psql('SELECT id FROM workflow_entity WHERE active ORDER BY id;');
		expect(active.trim().split('\n').sort()).toEqual(
			[SAP_WORKFLOW_ID, ONTAP_WORKFLOW_ID, BLUEXP_WORKFLOW_ID, QRADAR_WORKFLOW_ID].sort(),
		);
	});

	test('a) the SAP webhook restore runs on a worker: multipart ZIP in, one restore, JSON out', async () => {
		const emu = sap!;
		const seeded = configurationOf(emu);
		const zip = await createBackup(seeded, BACKUP_PASSWORD);
		changeConfiguration(emu);
		expect(configurationOf(emu)).not.toEqual(seeded);
		const restoresBefore = emu.state.restores;
		const before = new Set((await executions(SAP_WORKFLOW_ID)).map((row) => row.id));

		const answer = await timed(
			'SAP webhook restore',
			async () =>
				await post(
					`${main!.url}/webhook/scc-restore`,
					{
						parts: [
							{
								name: 'backup',
								fileName: 'scc-queue.zip',
								contentType: 'application/zip',
								data: zip,
							},
						],
					},
					{ Authorization: WEBHOOK_TOKEN },
				),
		);
		if (answer.status !== 200)
			throw new Error(
				`webhook answered ${answer.status}: ${answer.text}\n${mainOutput().slice(-4000)}`,
			);
		expect(answer.json).toEqual(
			expect.objectContaining({
				restored: true,
				fileName: 'scc-queue.zip',
				bytes: zip.length,
				restart: 'restarted',
			}),
		);
		expect(emu.state.restores).toBe(restoresBefore + 1);
		const puts = emu.requests.filter(
			(request) => request.method === 'PUT' && request.path === '/api/v1/configuration/backup',
		);
		expect(puts).toHaveLength(1);
		expect(emu.uploadOf(puts[0])?.equals(zip)).toBe(true);
		expect(configurationOf(emu)).toEqual(seeded);

		const [execution, ...more] = (await waitForExecutions(SAP_WORKFLOW_ID, before.size + 1)).filter(
			(row) => !before.has(row.id),
		);
		expect(more).toEqual([]);
		expect(execution).toEqual(expect.objectContaining({ status: 'success', mode: 'webhook' }));
		const restored = outputItems(execution.run, 'Restore Cloud Connector configuration');
		expect(restored).toHaveLength(1);
		expect(restored[0].json).toEqual(expect.objectContaining({ restored: true }));
		// The main enqueued it; a worker ran it.
		expect(mainOutput()).toMatch(new RegExp(`Enqueued execution ${execution.id} \\(job`));
		expect(['worker-1', 'worker-2']).toContain(workerOf().get(execution.id));
		// The upload reached the worker through the database, never a local path.
		expect(execution.raw).toMatch(/"database:/);
		expect(execution.raw).not.toMatch(/"filesystem(-v2)?:/);
	});

	test('b) a scheduled ONTAP backup download is read back byte for byte by the next node', async () => {
		const emu = ontap!;
		const file = emu.state.backupFiles.find((candidate) => candidate.name === ONTAP_FILE.name);
		expect(file).toBeDefined();
		const expected = createHash('sha256').update(file!.content).digest('hex');

		const rows = await timed(
			'ONTAP scheduled run',
			async () => await waitForExecutions(ONTAP_WORKFLOW_ID, 1),
		);
		const execution = rows[0];
		if (execution.status !== 'success')
			throw new Error(
				`ONTAP execution ${execution.id}: ${execution.status}\n${execution.raw.slice(0, 3000)}`,
			);
		expect(execution.mode).toBe('trigger');
		const [download] = outputItems(execution.run, ONTAP_DOWNLOAD_NODE);
		expect(download.json).toEqual(
			expect.objectContaining({
				name: ONTAP_FILE.name,
				downloaded: true,
				bytes: file!.content.length,
			}),
		);
		const binary = (
			download as unknown as { binary?: Record<string, { id?: string; fileSize?: unknown }> }
		).binary?.data;
		// Stored in n8n's database, under an id every process can read.
		expect(binary?.id).toMatch(/^database:/);
		const [hashed] = outputItems(execution.run, ONTAP_HASH_NODE);
		expect(hashed.json.sha256).toBe(expected);
		// And the bytes n8n keeps in PostgreSQL for that execution are the emulator's file.
		const fileId = String(binary!.id).slice('database:'.length);
		expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
		const stored = await pg!.queryJson<{ sha256: string; size: number; sourceId: string } | null>(
			`SELECT json_build_object('sha256', encode(sha256(data), 'hex'), 'size', "fileSize", 'sourceId', "sourceId")
			FROM binary_data WHERE "fileId" = '${fileId}';`,
		);
		expect(stored).toEqual({
			sha256: expected,
			size: file!.content.length,
			sourceId: execution.id,
		});
		expect(['worker-1', 'worker-2']).toContain(workerOf().get(execution.id));
		// The emulator served the file (the metadata, then the download link) for each run.
		const downloads = emu.requests.filter(
			(request) => request.method === 'GET' && request.path === `/backups/${ONTAP_FILE.name}`,
		);
		expect(downloads.length).toBeGreaterThanOrEqual(1);
	});

	test('d) the QRadar trigger emits each finished backup once across a restart of the main', async () => {
		const emu = qradar!;
		const backups = async (name: string): Promise<number> => await finishedBackup(emu, name);
		const triggerPolls = () =>
			emu.requests.filter(
				(r) =>
					r.method === 'GET' &&
					r.path === QRADAR_BACKUPS &&
					/time_completed >=/.test(String(r.query.filter ?? '')),
			) as QradarRecordedRequest[];
		const waitForPoll = async (after: number) => {
			const deadline = Date.now() + 4 * QRADAR_POLL_SECONDS * 1000 + 20_000;
			while (triggerPolls().length <= after && Date.now() < deadline) await sleep(250);
			expect(triggerPolls().length).toBeGreaterThan(after);
		};
		const emittedIds = async (): Promise<string[]> =>
			finished(await executions(QRADAR_WORKFLOW_ID)).flatMap((row) =>
				outputItems(row.run, QRADAR_TRIGGER_NODE).map((item) => String(item.json.id)),
			);
		const waitForEmitted = async (ids: string[]) => {
			const deadline = Date.now() + 4 * QRADAR_POLL_SECONDS * 1000 + 60_000;
			let seen = await emittedIds();
			while (!ids.every((id) => seen.includes(id)) && Date.now() < deadline) {
				await sleep(1_000);
				seen = await emittedIds();
			}
			expect(seen).toEqual(expect.arrayContaining(ids));
		};

		// The activation noted where the console stands; the first regular poll finds nothing.
		await timed('QRadar first regular poll', async () => await waitForPoll(0));
		expect(await executions(QRADAR_WORKFLOW_ID)).toEqual([]);

		const first = String(await backups('queue_before_restart'));
		await timed('QRadar emitted before restart', async () => await waitForEmitted([first]));

		// The scheduled ONTAP workflow is not needed any more (from the next start on).
		const unpublish = await n8n!.cli('unpublish-ontap', [
			...(N8N_VERSION.startsWith('1.')
				? ['update:workflow', `--id=${ONTAP_WORKFLOW_ID}`, '--active=false']
				: ['unpublish:workflow', `--id=${ONTAP_WORKFLOW_ID}`]),
		]);
		expect(unpublish.code).toBe(0);

		// Stop the main just after a poll; two backups finish while no main runs.
		await waitForPoll(triggerPolls().length);
		const pollsBeforeRestart = triggerPolls().length;
		await timed('main stop', async () => await main!.stop());
		const whileDown = [
			String(await backups('queue_while_down_1')),
			String(await backups('queue_while_down_2')),
		];
		main = await timed(
			'main start again',
			async () =>
				await n8n!.start({ label: 'main-2', port: main!.port, maxLifetimeMs: MAX_LIFETIME_MS }),
		);
		mains.push(main);
		await timed('QRadar emitted after restart', async () => await waitForEmitted(whileDown));
		expect(triggerPolls().length).toBeGreaterThanOrEqual(pollsBeforeRestart);

		const last = String(await backups('queue_after_restart'));
		await timed('QRadar emitted the last one', async () => await waitForEmitted([last]));
		// Two more polls with nothing new: nothing is emitted again.
		await waitForPoll(triggerPolls().length + 1);
		await sleep(2_000);

		const rows = finished(await executions(QRADAR_WORKFLOW_ID));
		expect(rows.map((row) => row.status).every((status) => status === 'success')).toBe(true);
		expect(rows.every((row) => row.mode === 'trigger')).toBe(true);
		const emitted = await emittedIds();
		expect([...emitted].sort()).toEqual([first, ...whileDown, last].sort());
		// Every trigger execution ran on a worker.
		const ran = workerOf();
		for (const row of rows) expect(['worker-1', 'worker-2']).toContain(ran.get(row.id));
		process.stderr.write(
			`[e2e] queue QRadar: ${rows
				.map(
					(row) =>
						`execution ${row.id} on ${ran.get(row.id)} emitted ${outputItems(
							row.run,
							QRADAR_TRIGGER_NODE,
						)
							.map((item) => String(item.json.id))
							.join('+')}`,
				)
				.join('; ')}\n`,
		);
	});

	test('c) the BlueXP example on both workers at once after its token expired', async () => {
		const emu = bluexp!;
		const url = `${main!.url}/webhook/${BLUEXP_PATH}`;
		// Once, to get a token into the credential (as a user's earlier runs would have).
		const warmUp = await timed('BlueXP warm-up run', async () => await post(url, { json: {} }));
		if (warmUp.status !== 200) throw new Error(`warm-up answered ${warmUp.status}: ${warmUp.text}`);
		expect(emu.tokensIssued).toBe(1);
		const before = new Set((await waitForExecutions(BLUEXP_WORKFLOW_ID, 1)).map((row) => row.id));

		emu.expireTokens();
		const firstRequest = emu.requests.length;
		const backupsBefore = new Set(emu.state.backups.map((backup) => backup.id));
		const answers = await timed(
			'BlueXP two runs at once',
			async () =>
				await Promise.all([post(url, { json: { run: 1 } }), post(url, { json: { run: 2 } })]),
		);
		for (const answer of answers) {
			if (answer.status !== 200)
				throw new Error(`BlueXP run answered ${answer.status}: ${answer.text}`);
		}

		const rows = (await waitForExecutions(BLUEXP_WORKFLOW_ID, before.size + 2)).filter(
			(row) => !before.has(row.id),
		);
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row.status).toBe('success');
			const [backup] = outputItems(row.run, BLUEXP_BACKUP_NODE);
			expect((backup.json.job as Record<string, unknown> | undefined)?.status).toBe('COMPLETED');
			expect(outputItems(row.run, BLUEXP_LIST_NODE).length).toBeGreaterThan(0);
		}
		// One on each worker, at the same time.
		const ran = workerOf();
		expect(rows.map((row) => ran.get(row.id)).sort()).toEqual(['worker-1', 'worker-2']);
		const [a, b] = rows.map((row) => [Date.parse(row.startedAt!), Date.parse(row.stoppedAt!)]);
		expect(a[0] < b[1] && b[0] < a[1]).toBe(true);

		// Two new backups, each from its own completed job.
		const created = emu.state.backups.filter((backup) => !backupsBefore.has(backup.id));
		expect(created).toHaveLength(2);

		// Tokens: at most one renewal per worker, and every refusal was the expired token.
		const requests = emu.requests.slice(firstRequest);
		const tokenRequests = requests.filter((request) => request.path === '/auth/oauth/token');
		expect(tokenRequests.length).toBeGreaterThanOrEqual(1);
		expect(tokenRequests.length).toBeLessThanOrEqual(workers.length);
		expect(emu.tokensIssued).toBe(1 + tokenRequests.length);
		// The emulator refuses (401) every call with the expired token: one per worker at most.
		const expired = `Bearer ${emu.issued[0].token}`;
		const apiRequests = requests.filter((request) => request.path !== '/auth/oauth/token');
		const refused = apiRequests.filter((request) => request.headers.authorization === expired);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(refused.length).toBeLessThanOrEqual(workers.length);
		process.stderr.write(
			`[e2e] queue BlueXP: executions ${rows.map((row) => `${row.id} on ${ran.get(row.id)}`).join(', ')}; ` +
				`${tokenRequests.length} token renewal(s), ${refused.length} call(s) refused with the expired token, ` +
				`${apiRequests.length} API calls\n`,
		);
		// No loop: per run, create + job polls + the listing (+ the refused first call).
		expect(apiRequests.length).toBeLessThanOrEqual(2 * (BLUEXP_JOB_POLLS + 4));
	});

	test('no secret shows up in the stored executions', async () => {
		const rows = await executions();
		expect(rows.length).toBeGreaterThan(0);
		for (const secret of [
			SAP_PASSWORD,
			BACKUP_PASSWORD,
			ONTAP_PASSWORD,
			QRADAR_TOKEN,
			BLUEXP_SEED.refreshToken,
		]) {
			expect(rows.filter((row) => row.raw.includes(secret)).map((row) => row.id)).toEqual([]);
		}
	});
});

/** A CONFIG backup made and finished on the console (QRadar's REST API), outside n8n. */
async function finishedBackup(emu: QradarEmulator, name: string): Promise<number> {
	return (await finishedConsoleBackup(emu, name)).id;
}
