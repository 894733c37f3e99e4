/**
 * `npm run soak`: the examples of all four systems inside one real `n8n start` (n8n 2.41.1 by
 * default, filesystem binary mode) on fast schedules, for SOAK_MINUTES (default 10), against
 * the four emulators with faults switched on at random. A benchmark-style script, never part
 * of `npm test`; test/e2e/soak.e2e.test.ts runs the same machinery (`runSoak`) for about a
 * minute with the same assertions.
 *
 * Build and run: `tsc -p bench/tsconfig.json && node bench/.build/bench/soak.js`.
 *
 * What runs (imported copies of examples/*.json, credentials pointed at the emulators):
 * - SAP Cloud Connector scheduled backup, every 5 s (Schedule Trigger), file written to disk;
 *   the backup password carries the execution ID, so the emulator's requests say which
 *   execution sent each create, and the backup request times out after 5 s.
 * - SAP Cloud Connector webhook restore, called by the soak every 8 s with a fresh backup;
 *   each restore restarts the connector (1.5 s window), the node waits for the restart.
 * - IBM QRadar nightly backup, every 5 s (wait: poll 1 s, timeout 60 s); the backup name
 *   carries the execution ID, every fourth one contains "fail" and ends FAILED on the console
 *   (the error branch), which the QRadar failure-alert trigger (every minute) then reports.
 * - NetApp BlueXP ad-hoc backup, every 7 s (its manual trigger swapped for a Schedule
 *   Trigger; wait: poll 1 s, timeout 60 s), backup name with the execution ID.
 * - NetApp ONTAP kill halted NDMP sessions, every 5 s (manual trigger swapped), reads time
 *   out after 5 s; the soak adds halted sessions every 10 s.
 * - One soak-only workflow: ONTAP configuration backup file download every 6 s, written to
 *   disk (a streamed binary under truncated bodies), checked byte for byte.
 *
 * Faults, one every 1.5-3.5 s at random (seeded: SOAK_SEED): 503 and 429 bursts with
 * Retry-After, a 500, a dropped connection, a truncated body, a slow answer past the
 * timeout (ONTAP and SAP reads: 7 s against 5 s; QRadar and BlueXP job looks: 32 s against
 * 30 s), BlueXP tokens expired, a restart window (SAP, QRadar, ONTAP, BlueXP: 1-4 s).
 *
 * Figures: executions run, succeeded, failed with a clear error (message and description
 * from our node), failed with an unclear one (must be 0), hung (still running well past
 * every timeout: must be 0), duplicate creates (a create an emulator answered 2xx more than
 * once for one execution: must be 0), corrupt binaries (every file on disk and every upload
 * checked against the emulator's bytes: must be 0), n8n's RSS at the start and the end, and
 * n8n's open sockets. Markdown table on stdout, JSON in bench/results/soak-<timestamp>.json;
 * the exit code is 1 when a must-be-0 figure is not 0.
 *
 * Every emulator listens on 127.0.0.1 and closes itself; n8n runs in its own process group
 * with a maximum lifetime and is killed at the end, on failure too.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	N8N_VERSION,
	REPO_ROOT,
	createN8nInstance,
	ensureN8n,
	ensureNode24,
	killAllChildren,
	packPackage,
	postToN8n,
	readStoredExecutions,
	runChecked,
	waitForHttpStatus,
	type FormPart,
	type N8nInstall,
	type N8nServer,
	type StoredExecution,
} from '../test/e2e/n8n';
import { answerOf, type RecordedRequest } from '../test/emulators/http-kit';
import { startIbmQradarEmulator, type QradarEmulator } from '../test/emulators/ibmQradar';
import {
	SEED as BLUEXP_SEED,
	bluexpCredentialData,
	startNetAppBlueXpEmulator,
	type NetAppBlueXpEmulator,
} from '../test/emulators/netAppBlueXp';
import {
	SEED as ONTAP_SEED,
	startOntapEmulator,
	type OntapEmulator,
} from '../test/emulators/ontap';
import {
	configurationOf,
	createBackup,
	readBackup,
	startSapCloudConnectorEmulator,
	type SapCloudConnectorEmulator,
	type SapRecordedRequest,
} from '../test/emulators/sapCloudConnector';

const PACKAGE = 'n8n-nodes-backup-restore';
const MINUTE = 60_000;

// ---------------------------------------------------------------------------
// options and report
// ---------------------------------------------------------------------------

export interface SoakOptions {
	/** How long faults are injected and webhooks called. */
	durationMs: number;
	/** An execution still running this long after it started is hung. Default 4 minutes. */
	hangAfterMs?: number;
	/** Seed of the fault dice. */
	seed?: number;
	/** Where bench/results-style JSON goes; none when undefined. */
	resultsDir?: string;
	/** Keep the n8n folder and the work folder (their paths are logged). */
	keep?: boolean;
	log?: (message: string) => void;
}

export interface WorkflowFigures {
	workflow: string;
	executions: number;
	succeeded: number;
	failedClear: number;
	failedUnclear: number;
	hung: number;
	runningAtEnd: number;
}

export interface UnclearFailure {
	executionId: string;
	workflow: string;
	status: string;
	node?: string;
	message?: string;
	description?: string;
	why: string;
}

export interface SoakReport {
	n8nVersion: string;
	startedAt: string;
	minutes: number;
	seed: number;
	executions: number;
	succeeded: number;
	failedClear: number;
	failedUnclear: number;
	hung: number;
	/** Started during the soak, still running at the last look, younger than hangAfterMs. */
	runningAtEnd: number;
	duplicateCreates: number;
	/** Creates counted (one key per execution and create call). */
	createsChecked: number;
	/** SAP backups asked again after an answer cut off mid-body (truncated, or cut by a restart): by design. */
	sapBackupsReaskedAfterCut: number;
	corruptBinaries: number;
	binariesChecked: number;
	/** Right after n8n said it was ready (its start-up heap not yet collected). */
	rssFirstMb: number;
	/** Median after the warm-up (the first minute, or 30 % of a short soak). */
	rssStartMb: number;
	/** Median of the last stretch of the window (10 %, at least 15 s) and the drain. */
	rssEndMb: number;
	/** After the drain, at the last look. */
	rssAfterDrainMb: number;
	rssMaxMb: number;
	rssSamplesMb: number[];
	socketsStart: number;
	socketsEnd: number;
	webhookCalls: { total: number; byStatus: Record<string, number> };
	faults: Record<string, number>;
	byWorkflow: WorkflowFigures[];
	unclear: UnclearFailure[];
	duplicates: Array<{ system: string; key: string; count: number }>;
	corrupt: Array<{ what: string; why: string }>;
	/** Distinct (message | description) pairs of the clear failures, with counts. */
	failureKinds: Array<{ count: number; node: string; message: string; description: string }>;
	hangAfterMs: number;
	durationMs: number;
}

/** The figures that must be 0. */
export function mustBeZero(report: SoakReport): Record<string, number> {
	return {
		hung: report.hung,
		'duplicate creates': report.duplicateCreates,
		'corrupt binaries': report.corruptBinaries,
		'failed with an unclear error': report.failedUnclear,
	};
}

// ---------------------------------------------------------------------------
// small helpers
// ---------------------------------------------------------------------------

/** mulberry32: a small seeded generator, so a soak's fault sequence can be replayed. */
function dice(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

/** VmRSS of a process in kB (0 when it is gone). */
function rssKb(pid: number): number {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
		return match ? Number(match[1]) : 0;
	} catch {
		return 0;
	}
}

/** Open sockets of a process (its /proc/<pid>/fd entries that are sockets). */
function socketCount(pid: number): number {
	try {
		return fs.readdirSync(`/proc/${pid}/fd`).filter((fd) => {
			try {
				return fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
			} catch {
				return false;
			}
		}).length;
	} catch {
		return 0;
	}
}

/**
 * The pid of the n8n main process in the process group `group` (the group leader may be GNU
 * `timeout`, which runs n8n as its child; n8n's task runner is another child).
 */
function n8nMainPid(group: number, bin: string): number | undefined {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ')'
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== group) continue;
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (cmdline.includes(bin) && cmdline.includes('start') && !cmdline[0]?.endsWith('timeout'))
				found.push(Number(entry));
		} catch {
			// gone meanwhile
		}
	}
	return found.sort((a, b) => a - b)[0];
}

/** A multipart/form-data POST (what a user's upload tool sends); no answer is status -1. */
async function postMultipart(
	url: string,
	parts: FormPart[],
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<{ status: number; text: string; json: unknown }> {
	try {
		return await postToN8n(url, { parts }, headers, timeoutMs);
	} catch (error) {
		return { status: -1, text: String((error as Error).message), json: undefined };
	}
}

// ---------------------------------------------------------------------------
// workflows
// ---------------------------------------------------------------------------

interface NodeJson {
	name: string;
	type: string;
	typeVersion?: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}
interface WorkflowJson {
	id?: string;
	name: string;
	nodes: NodeJson[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
	[key: string]: unknown;
}

const CREDENTIALS = {
	ontap: { id: 'soakOntapCred001', name: 'ONTAP emulator (soak)' },
	sap: { id: 'soakSapCred00001', name: 'SAP emulator (soak)' },
	webhook: { id: 'soakWebhookTok01', name: 'SCC restore webhook token (soak)' },
	qradar: { id: 'soakQradarCred01', name: 'QRadar emulator (soak)' },
	bluexp: { id: 'soakBlueXpCred01', name: 'BlueXP emulator (soak)' },
};
const WORKFLOWS = {
	sapBackup: 'soakSapBackup001',
	sapRestore: 'soakSapRestore01',
	qradarBackup: 'soakQradarBackup',
	qradarAlert: 'soakQradarAlert1',
	bluexp: 'soakBlueXpAdHoc1',
	ontapKill: 'soakOntapKill001',
	ontapDownload: 'soakOntapDownld1',
} as const;
const WORKFLOW_LABELS: Record<string, string> = {
	[WORKFLOWS.sapBackup]: 'SAP scheduled backup',
	[WORKFLOWS.sapRestore]: 'SAP webhook restore',
	[WORKFLOWS.qradarBackup]: 'QRadar backup',
	[WORKFLOWS.qradarAlert]: 'QRadar failure alert',
	[WORKFLOWS.bluexp]: 'BlueXP ad-hoc backup',
	[WORKFLOWS.ontapKill]: 'ONTAP kill halted sessions',
	[WORKFLOWS.ontapDownload]: 'ONTAP backup download (soak)',
};
const EXAMPLE_BACKUP_DIR = '/home/node/.n8n-files/scc-backups/';
const WEBHOOK_TOKEN = 'Bearer soak-webhook-token-0123456789';
/** The part of the SAP backup password every execution shares; the execution ID follows. */
const SAP_PASSWORD_PREFIX = 'soak-backup-password-';
/** What the reads that may be slowed past it wait (seconds). */
const READ_TIMEOUT_SECONDS = 5;

function example(file: string): WorkflowJson {
	return JSON.parse(
		fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'),
	) as WorkflowJson;
}

function nodeOfType(workflow: WorkflowJson, suffix: string): NodeJson {
	const node = workflow.nodes.find((n) => n.type.endsWith(suffix));
	if (!node) throw new Error(`no ${suffix} node in "${workflow.name}"`);
	return node;
}

function useCredential(
	workflow: WorkflowJson,
	type: string,
	credential: { id: string; name: string },
) {
	for (const node of workflow.nodes)
		if (node.credentials?.[type]) node.credentials[type] = credential;
}

/** A Schedule Trigger firing every `seconds` in place of the workflow's trigger node. */
function everySeconds(workflow: WorkflowJson, seconds: number): void {
	const trigger = workflow.nodes.find(
		(n) => n.type === 'n8n-nodes-base.scheduleTrigger' || n.type === 'n8n-nodes-base.manualTrigger',
	);
	if (!trigger) throw new Error(`no trigger in "${workflow.name}"`);
	const oldName = trigger.name;
	trigger.type = 'n8n-nodes-base.scheduleTrigger';
	trigger.typeVersion = 1.2;
	trigger.name = `Every ${seconds} s (soak)`;
	trigger.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } };
	if (workflow.connections[oldName]) {
		workflow.connections[trigger.name] = workflow.connections[oldName];
		delete workflow.connections[oldName];
	}
}

function soakWorkflows(dirs: { sap: string; ontap: string }) {
	const sapBackup = example('sap-cloud-connector-scheduled-backup.json');
	sapBackup.id = WORKFLOWS.sapBackup;
	sapBackup.name = `${sapBackup.name} (soak)`;
	useCredential(sapBackup, 'sapCloudConnectorApi', CREDENTIALS.sap);
	everySeconds(sapBackup, 5);
	const sapCreate = nodeOfType(sapBackup, '.sapCloudConnector');
	sapCreate.parameters.password = `=${SAP_PASSWORD_PREFIX}{{ $execution.id }}`;
	sapCreate.parameters.options = { requestTimeout: READ_TIMEOUT_SECONDS };
	const write = nodeOfType(sapBackup, '.readWriteFile');
	const fileName = String(write.parameters.fileName);
	if (!fileName.includes(EXAMPLE_BACKUP_DIR)) throw new Error(`unexpected file name ${fileName}`);
	write.parameters.fileName = `=${dirs.sap}/sap-{{ $execution.id }}-{{ $json.fileName }}`;

	const sapRestore = example('sap-cloud-connector-webhook-restore.json');
	sapRestore.id = WORKFLOWS.sapRestore;
	sapRestore.name = `${sapRestore.name} (soak)`;
	useCredential(sapRestore, 'sapCloudConnectorApi', CREDENTIALS.sap);
	useCredential(sapRestore, 'httpHeaderAuth', CREDENTIALS.webhook);
	const restore = nodeOfType(sapRestore, '.sapCloudConnector');
	restore.parameters.options = { waitForRestart: true, timeout: 60, pollInterval: 1 };
	const restorePassword = String(restore.parameters.password);
	const webhookPath = String(nodeOfType(sapRestore, '.webhook').parameters.path);

	const qradarBackup = example('ibm-qradar-nightly-backup.json');
	qradarBackup.id = WORKFLOWS.qradarBackup;
	qradarBackup.name = `${qradarBackup.name} (soak)`;
	useCredential(qradarBackup, 'ibmQradarApi', CREDENTIALS.qradar);
	everySeconds(qradarBackup, 5);
	const qradarCreate = nodeOfType(qradarBackup, '.ibmQradar');
	// every fourth backup's name holds "fail": the console ends it FAILED (the error branch)
	qradarCreate.parameters.name =
		"={{ Number($execution.id) % 4 === 0 ? 'soak_fail_' : 'soak_' }}{{ $execution.id }}";
	qradarCreate.parameters.options = { waitForCompletion: true, timeout: 60, pollInterval: 1 };

	const qradarAlert = example('ibm-qradar-backup-alert.json');
	qradarAlert.id = WORKFLOWS.qradarAlert;
	qradarAlert.name = `${qradarAlert.name} (soak)`;
	useCredential(qradarAlert, 'ibmQradarApi', CREDENTIALS.qradar);
	// n8n refuses polls more often than once a minute
	nodeOfType(qradarAlert, '.ibmQradarTrigger').parameters.pollTimes = {
		item: [{ mode: 'everyMinute' }],
	};

	const bluexp = example('netapp-bluexp-adhoc-backup.json');
	bluexp.id = WORKFLOWS.bluexp;
	bluexp.name = `${bluexp.name} (soak)`;
	useCredential(bluexp, 'netAppBlueXpApi', CREDENTIALS.bluexp);
	everySeconds(bluexp, 7);
	for (const node of bluexp.nodes) {
		if (!node.type.endsWith('.netAppBlueXpBackup')) continue;
		node.parameters.workingEnvironment = { __rl: true, mode: 'id', value: BLUEXP_SEED.weAws };
		node.parameters.volumeId = BLUEXP_SEED.volumes.awsData;
		if (node.parameters.operation === 'createAdHoc') {
			node.parameters.backupName = '=soak-{{ $execution.id }}';
			node.parameters.options = { waitForCompletion: true, timeout: 60, pollInterval: 1 };
		}
	}

	const ontapKill = example('netapp-ontap-kill-halted-ndmp-sessions.json');
	ontapKill.id = WORKFLOWS.ontapKill;
	ontapKill.name = `${ontapKill.name} (soak)`;
	useCredential(ontapKill, 'netAppOntapApi', CREDENTIALS.ontap);
	everySeconds(ontapKill, 5);
	for (const node of ontapKill.nodes)
		if (node.type.endsWith('.netAppOntap') && node.parameters.operation === 'getAll')
			// type version 1 names the per-call limit of a read `timeout`
			node.parameters.options = { timeout: READ_TIMEOUT_SECONDS };

	const file = ONTAP_SEED.backupFiles[0];
	const nodeUuid = ONTAP_SEED.nodes[file.node as keyof typeof ONTAP_SEED.nodes];
	const ontapDownload: WorkflowJson = {
		id: WORKFLOWS.ontapDownload,
		name: 'NetApp ONTAP: download a configuration backup file to disk (soak)',
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000001',
				name: 'Every 6 s (soak)',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0],
				parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 6 }] } },
			},
			{
				id: 'a0000000-0000-4000-8000-000000000002',
				name: 'Download backup file',
				type: `${PACKAGE}.netAppOntap`,
				typeVersion: 1.1,
				position: [220, 0],
				parameters: {
					resource: 'configurationBackupFile',
					operation: 'download',
					clusterNode: { __rl: true, mode: 'id', value: nodeUuid },
					name: file.name,
					binaryPropertyName: 'data',
					options: { requestTimeout: READ_TIMEOUT_SECONDS },
				},
				credentials: { netAppOntapApi: CREDENTIALS.ontap },
			},
			{
				id: 'a0000000-0000-4000-8000-000000000003',
				name: 'Save to disk',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					operation: 'write',
					fileName: `=${dirs.ontap}/ontap-{{ $execution.id }}-{{ $json.fileName }}`,
					dataPropertyName: 'data',
					options: {},
				},
			},
		],
		connections: {
			'Every 6 s (soak)': {
				main: [[{ node: 'Download backup file', type: 'main', index: 0 }]],
			},
			'Download backup file': { main: [[{ node: 'Save to disk', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};

	return {
		workflows: [sapBackup, sapRestore, qradarBackup, qradarAlert, bluexp, ontapKill, ontapDownload],
		restorePassword,
		webhookPath,
		ontapFile: file,
	};
}

// ---------------------------------------------------------------------------
// faults
// ---------------------------------------------------------------------------

interface Emulators {
	ontap: OntapEmulator;
	sap: SapCloudConnectorEmulator;
	qradar: QradarEmulator;
	bluexp: NetAppBlueXpEmulator;
}

type System = keyof Emulators;
const SYSTEMS: System[] = ['ontap', 'sap', 'qradar', 'bluexp'];
/** Where each system's API lives (token requests and pings stay out of the slow faults). */
const API_PATH: Record<System, RegExp> = {
	ontap: /^\/api\//,
	sap: /^\/api\/v1\/configuration\/backup$/,
	qradar: /^\/api\//,
	bluexp: /^\/account\//,
};
/** The reads whose limit the soak sets to 5 s: a 7 s answer is past it. */
const SLOW_READ: Record<System, (r: RecordedRequest) => boolean> = {
	ontap: (r) => r.method === 'GET' && /^\/api\/(protocols\/ndmp\/sessions|support\/)/.test(r.path),
	sap: (r) => r.method === 'POST' && r.path === '/api/v1/configuration/backup',
	// job looks wait 30 s
	qradar: (r) => r.method === 'GET' && /^\/api\/backup_and_restore\/backups\/\d+$/.test(r.path),
	bluexp: (r) => r.method === 'GET' && /\/job\/[^/]+$/.test(r.path),
};
const SLOW_MS: Record<System, number> = {
	ontap: 7_000,
	sap: 7_000,
	qradar: 32_000,
	bluexp: 32_000,
};

function injectFault(emulators: Emulators, roll: () => number, counts: Record<string, number>) {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(roll() * list.length)] as T;
	const system = pick(SYSTEMS);
	const emulator = emulators[system];
	const api = (r: RecordedRequest) => API_PATH[system].test(r.path);
	const kinds = ['503', '429', '500', 'drop', 'truncate', 'slow', 'restart'] as const;
	let kind: string = pick(system === 'bluexp' ? [...kinds, 'tokenExpiry', 'tokenExpiry'] : kinds);
	// a slow answer past the timeout is rarer where the timeout is 30 s: it holds an execution long
	if (kind === 'slow' && SLOW_MS[system] > 10_000 && roll() < 0.5) kind = '503';
	const burst = 1 + Math.floor(roll() * 3);
	switch (kind) {
		case '503':
			emulator.faults.failNext(burst, { status: 503, retryAfter: 1 }, api);
			break;
		case '429':
			emulator.faults.failNext(burst, { status: 429, retryAfter: 1 }, api);
			break;
		case '500':
			emulator.faults.failNext(1, { status: 500 }, api);
			break;
		case 'drop':
			emulator.faults.dropNext(1, api);
			break;
		case 'truncate':
			emulator.faults.truncateNext(1, api);
			break;
		case 'slow':
			emulator.faults.slowNext(1, SLOW_MS[system], SLOW_READ[system]);
			break;
		case 'tokenExpiry':
			emulators.bluexp.expireTokens();
			break;
		case 'restart': {
			const windowMs = 1_000 + Math.floor(roll() * 3_000);
			void emulator.restart(windowMs).catch(() => undefined);
			break;
		}
	}
	const key = `${system} ${kind}`;
	counts[key] = (counts[key] ?? 0) + 1;
}

// ---------------------------------------------------------------------------
// what n8n stored
// ---------------------------------------------------------------------------

interface ExecutionTimes {
	id: string;
	workflowId: string;
	status: string;
	startedAt?: number;
	stoppedAt?: number;
	createdAt?: number;
}

function sqliteTime(value: unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (typeof value === 'number') return value;
	const text = String(value);
	const iso = /T/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
	const time = Date.parse(iso);
	return Number.isNaN(time) ? undefined : time;
}

/** id, workflow, status and times of every execution (n8n may be running: read-only). */
async function executionTimes(
	install: N8nInstall,
	database: string,
	scratch: string,
): Promise<ExecutionTimes[]> {
	const script = path.join(scratch, 'execution-times.js');
	fs.writeFileSync(
		script,
		[
			'const [modules, file] = process.argv.slice(2);',
			"const sqlite3 = require(require('path').join(modules, 'sqlite3'));",
			'const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);',
			'db.configure("busyTimeout", 10000);',
			'db.all(',
			"  'SELECT id, workflowId, status, startedAt, stoppedAt, createdAt FROM execution_entity ORDER BY id',",
			'  (error, rows) => {',
			'    if (error) { console.error(error); process.exit(2); }',
			'    process.stdout.write(JSON.stringify(rows));',
			'    db.close();',
			'  },',
			');',
		].join('\n'),
	);
	const out = path.join(scratch, 'execution-times.json');
	await runChecked(install.node, [script, path.join(install.dir, 'node_modules'), database], {
		timeoutMs: MINUTE,
		stdoutFile: out,
		stderrFile: path.join(scratch, 'execution-times.err'),
	});
	const rows = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<Record<string, unknown>>;
	return rows.map((row) => ({
		id: String(row.id),
		workflowId: String(row.workflowId),
		status: String(row.status),
		startedAt: sqliteTime(row.startedAt),
		stoppedAt: sqliteTime(row.stoppedAt),
		createdAt: sqliteTime(row.createdAt),
	}));
}

interface ErrorLike {
	message?: unknown;
	description?: unknown;
	node?: { name?: string; type?: string };
	stack?: unknown;
}

/** Why an error a user reads is not clear, or undefined when it is. */
function unclearBecause(message: unknown, description: unknown): string | undefined {
	const bad = (text: string) =>
		/\bundefined\b|\[object Object\]|\bnull\b|\n\s+at\s/.test(text) ? text : undefined;
	if (typeof message !== 'string' || message.trim() === '') return 'no message';
	if (bad(message)) return 'message says undefined/null/[object Object] or holds a stack';
	if (typeof description !== 'string' || description.trim() === '') return 'no description';
	if (bad(description)) return 'description says undefined/null/[object Object] or holds a stack';
	return undefined;
}

interface Classified {
	outcome: 'succeeded' | 'failedClear' | 'failedUnclear' | 'hung' | 'running';
	unclear?: UnclearFailure;
	kind?: { node: string; message: string; description: string };
}

interface RunData {
	resultData?: {
		error?: ErrorLike;
		lastNodeExecuted?: string;
		runData?: Record<
			string,
			Array<{
				error?: ErrorLike;
				data?: { main?: Array<Array<{ json?: Record<string, unknown> }> | null> };
			}>
		>;
	};
}

/**
 * One execution: succeeded; failed with a clear error (our node's message and description,
 * as the run's error or as an error item our node put out under "Continue"); failed with an
 * unclear one; still running past `hangAfterMs` (hung); or still running, young.
 */
function classify(
	execution: StoredExecution,
	times: ExecutionTimes | undefined,
	nodeTypes: Map<string, string>,
	now: number,
	hangAfterMs: number,
): Classified {
	const workflow = WORKFLOW_LABELS[execution.workflowId] ?? execution.workflowId;
	const status = times?.status ?? execution.status;
	if (['running', 'new', 'waiting'].includes(status)) {
		const started = times?.startedAt ?? times?.createdAt ?? now;
		return { outcome: now - started > hangAfterMs ? 'hung' : 'running' };
	}
	const run = execution.run as RunData | undefined;
	const ours = (nodeName: string | undefined) =>
		nodeName !== undefined &&
		(nodeTypes.get(`${execution.workflowId}/${nodeName}`) ?? '').startsWith(`${PACKAGE}.`);
	const unclear = (why: string, extra: Partial<UnclearFailure> = {}): Classified => ({
		outcome: 'failedUnclear',
		unclear: { executionId: execution.id, workflow, status, why, ...extra },
	});

	if (status !== 'success') {
		const error = run?.resultData?.error;
		const node = error?.node?.name ?? run?.resultData?.lastNodeExecuted;
		if (!error) return unclear(`status ${status} without an error`, { node });
		const why = unclearBecause(error.message, error.description);
		const extra = {
			node,
			message: String(error.message ?? ''),
			description: String(error.description ?? ''),
		};
		if (!ours(node)) return unclear(`the failing node is not one of ours`, extra);
		if (why) return unclear(why, extra);
		return {
			outcome: 'failedClear',
			kind: { node: node ?? '', message: extra.message, description: extra.description },
		};
	}

	// a success may still carry our node's failure as an item ("Continue" / error output)
	for (const [nodeName, tasks] of Object.entries(run?.resultData?.runData ?? {})) {
		if (!ours(nodeName)) continue;
		for (const task of tasks ?? []) {
			for (const output of task.data?.main ?? []) {
				for (const item of output ?? []) {
					const json = item.json ?? {};
					if (!('error' in json)) continue;
					const details = (json.details ?? {}) as Record<string, unknown>;
					// error output: { error, message } (message holds the description); Continue: fields
					const description = json.description ?? details.description ?? json.message;
					const why = unclearBecause(json.error, description);
					const extra = {
						node: nodeName,
						message: String(json.error ?? ''),
						description: String(description ?? ''),
					};
					if (why) return unclear(why, extra);
					return {
						outcome: 'failedClear',
						kind: { node: nodeName, message: extra.message, description: extra.description },
					};
				}
			}
		}
	}
	return { outcome: 'succeeded' };
}

/** Numbers in an error text that change per run (IDs, ports, times) replaced, for grouping. */
function shape(text: string): string {
	return text
		.replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/gi, '<uuid>')
		.replace(/\d+/g, '#')
		.slice(0, 160);
}

// ---------------------------------------------------------------------------
// the soak
// ---------------------------------------------------------------------------

const int = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** A compiled copy (bench/.build) has no certificates beside the emulators: bring them along. */
function provideEmulatorCertificates(): void {
	const source = path.join(REPO_ROOT, 'test', 'emulators', 'certs');
	const target = path.join(__dirname, '..', 'test', 'emulators', 'certs');
	if (fs.existsSync(path.join(__dirname, '..', 'test', 'emulators')) && !fs.existsSync(target))
		fs.cpSync(source, target, { recursive: true });
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
	provideEmulatorCertificates();
	const started = Date.now();
	const log =
		options.log ??
		((message: string) =>
			process.stderr.write(
				`[soak ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
			));
	const hangAfterMs = options.hangAfterMs ?? 4 * MINUTE;
	const seed = options.seed ?? Date.now() % 1_000_000;
	const roll = dice(seed);
	const lifetimeMs = options.durationMs + hangAfterMs + 20 * MINUTE;

	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-soak-'));
	const dirs = { sap: path.join(work, 'sap-backups'), ontap: path.join(work, 'ontap-backups') };
	for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
	let server: N8nServer | undefined;
	let instanceRemove: (() => void) | undefined;
	let instanceRoot: string | undefined;
	const emulators: Partial<Emulators> = {};
	const timers: NodeJS.Timeout[] = [];

	try {
		const node = await ensureNode24();
		log(`n8n ${N8N_VERSION}: install (cached) and build + pack the package`);
		const [install, tarball] = await Promise.all([
			ensureN8n(node),
			packPackage(path.join(work, 'pack')),
		]);

		emulators.ontap = await startOntapEmulator({
			https: true,
			sessions: 6,
			maxLifetimeMs: lifetimeMs,
		});
		emulators.sap = await startSapCloudConnectorEmulator({
			restartWindowMs: 1_500,
			maxLifetimeMs: lifetimeMs,
		});
		emulators.qradar = await startIbmQradarEmulator({
			failingNames: /fail/i,
			backupPolls: 2,
			maxLifetimeMs: lifetimeMs,
		});
		emulators.bluexp = await startNetAppBlueXpEmulator({ jobPolls: 2, maxLifetimeMs: lifetimeMs });
		const emu = emulators as Emulators;

		const instance = await createN8nInstance(install, tarball, {
			N8N_RESTRICT_FILE_ACCESS_TO: `${dirs.sap};${dirs.ontap}`,
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_LOG_LEVEL: 'info',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_DISABLED_MODULES: 'mcp-registry',
		});
		instanceRemove = instance.remove;
		instanceRoot = instance.root;

		await instance.importCredentials([
			{
				...CREDENTIALS.ontap,
				type: 'netAppOntapApi',
				data: {
					baseUrl: emu.ontap.url,
					username: 'admin',
					password: 'netapp1!',
					ignoreSslIssues: true,
				},
			},
			{
				...CREDENTIALS.sap,
				type: 'sapCloudConnectorApi',
				data: {
					baseUrl: emu.sap.url,
					username: emu.sap.username,
					password: emu.sap.password,
					ignoreSslIssues: true,
				},
			},
			{
				...CREDENTIALS.webhook,
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: WEBHOOK_TOKEN },
			},
			{
				...CREDENTIALS.qradar,
				type: 'ibmQradarApi',
				data: {
					baseUrl: emu.qradar.url,
					token: emu.qradar.token,
					apiVersion: '',
					ignoreSslIssues: true,
				},
			},
			{
				...CREDENTIALS.bluexp,
				type: 'netAppBlueXpApi',
				data: bluexpCredentialData(emu.bluexp),
			},
		]);
		const { workflows, restorePassword, webhookPath, ontapFile } = soakWorkflows(dirs);
		const nodeTypes = new Map<string, string>();
		for (const workflow of workflows)
			for (const n of workflow.nodes) nodeTypes.set(`${workflow.id}/${n.name}`, n.type);
		await instance.importWorkflows(workflows);
		for (const workflow of workflows) await instance.publish(String(workflow.id));

		log('n8n start');
		server = await instance.start({ maxLifetimeMs: lifetimeMs, readyTimeoutMs: 5 * MINUTE });
		const webhookUrl = `${server.url}/webhook/${webhookPath}`;
		await waitForHttpStatus(webhookUrl, (status) => status === 403, {
			method: 'POST',
			timeoutMs: 2 * MINUTE,
		});
		const pid = n8nMainPid(server.pid, install.bin) ?? server.pid;
		log(
			`n8n ready at ${server.url} (main pid ${pid}); soaking for ${options.durationMs / 1000} s, seed ${seed}`,
		);

		// --- during the soak --------------------------------------------------------------
		const rssSamples: Array<{ at: number; kb: number }> = [];
		const faults: Record<string, number> = {};
		const sentUploads = new Map<string, number>();
		const webhookStatuses: Record<string, number> = {};
		let webhookCalls = 0;
		const soakStart = Date.now();
		const soakEnd = soakStart + options.durationMs;
		const sample = () => {
			const kb = rssKb(pid);
			if (kb > 0) rssSamples.push({ at: Date.now(), kb });
		};
		sample();
		const socketsStart = socketCount(pid);
		timers.push(setInterval(sample, 5_000));
		timers.push(setInterval(() => emu.ontap.addSessions(4), 10_000));

		const faultLoop = (async () => {
			// the first round of each workflow runs clean: the start figures are n8n's own
			await sleep(Math.min(10_000, options.durationMs / 6));
			while (Date.now() < soakEnd) {
				injectFault(emu, roll, faults);
				await sleep(1_500 + roll() * 2_000);
			}
		})();
		const webhookLoop = (async () => {
			while (Date.now() < soakEnd) {
				const zip = await createBackup(configurationOf(emu.sap), restorePassword);
				sentUploads.set(sha256(zip), zip.length);
				webhookCalls++;
				const answer = await postMultipart(
					webhookUrl,
					[
						{
							name: 'backup',
							fileName: `soak-${webhookCalls}.zip`,
							contentType: 'application/zip',
							data: zip,
						},
					],
					{ Authorization: WEBHOOK_TOKEN },
					3 * MINUTE,
				);
				const key = String(answer.status);
				webhookStatuses[key] = (webhookStatuses[key] ?? 0) + 1;
				await sleep(8_000);
			}
		})();
		let lastReport = Date.now();
		while (Date.now() < soakEnd) {
			await sleep(Math.min(5_000, Math.max(0, soakEnd - Date.now())));
			if (server.exited)
				throw new Error(`n8n exited during the soak\n${server.output().slice(-4000)}`);
			if (Date.now() - lastReport >= 60_000) {
				lastReport = Date.now();
				log(
					`${Math.round((Date.now() - soakStart) / 1000)} s: RSS ${mb(rssKb(pid))} MB, ` +
						`${Object.values(faults).reduce((a, b) => a + b, 0)} faults, ${webhookCalls} restores asked`,
				);
			}
		}
		await faultLoop;
		await webhookLoop;
		for (const e of Object.values(emu)) e.faults.clear();
		log('soak window over: faults off; waiting for the executions that started in it to end');

		// --- drain: everything started in the window ends, or is hung --------------------
		const database = path.join(instance.userFolder, '.n8n', 'database.sqlite');
		let times: ExecutionTimes[] = [];
		for (;;) {
			times = await executionTimes(install, database, work);
			const open = times.filter(
				(t) =>
					['running', 'new', 'waiting'].includes(t.status) &&
					(t.startedAt ?? t.createdAt ?? 0) <= soakEnd,
			);
			const oldest = Math.min(...open.map((t) => t.startedAt ?? t.createdAt ?? Date.now()));
			if (open.length === 0 || Date.now() - oldest > hangAfterMs) break;
			await sleep(3_000);
		}
		const lookedAt = Date.now();
		sample();
		const rssEnd = rssKb(pid);
		const socketsEnd = socketCount(pid);
		for (const timer of timers) clearInterval(timer);
		timers.length = 0;

		// --- what n8n stored ----------------------------------------------------------------
		const stored = await readStoredExecutions(install, database, work);
		const timesById = new Map(times.map((t) => [t.id, t]));
		// only executions that started in the window (those after it ran without faults)
		const inWindow = stored.filter((execution) => {
			const t = timesById.get(execution.id);
			return (t?.startedAt ?? t?.createdAt ?? 0) <= soakEnd;
		});
		const byWorkflow = new Map<string, WorkflowFigures>();
		const unclear: UnclearFailure[] = [];
		const kinds = new Map<
			string,
			{ count: number; node: string; message: string; description: string }
		>();
		const succeededIds = new Set<string>();
		for (const execution of inWindow) {
			const label = WORKFLOW_LABELS[execution.workflowId] ?? execution.workflowId;
			const figures = byWorkflow.get(label) ?? {
				workflow: label,
				executions: 0,
				succeeded: 0,
				failedClear: 0,
				failedUnclear: 0,
				hung: 0,
				runningAtEnd: 0,
			};
			byWorkflow.set(label, figures);
			figures.executions++;
			const result = classify(
				execution,
				timesById.get(execution.id),
				nodeTypes,
				lookedAt,
				hangAfterMs,
			);
			if (result.outcome === 'succeeded') {
				figures.succeeded++;
				succeededIds.add(execution.id);
			}
			if (result.outcome === 'failedClear') figures.failedClear++;
			if (result.outcome === 'failedUnclear') figures.failedUnclear++;
			if (result.outcome === 'hung') figures.hung++;
			if (result.outcome === 'running') figures.runningAtEnd++;
			if (result.unclear) unclear.push(result.unclear);
			if (result.kind) {
				const key = `${result.kind.node}|${shape(result.kind.message)}|${shape(result.kind.description)}`;
				const entry = kinds.get(key) ?? { count: 0, ...result.kind };
				entry.count++;
				kinds.set(key, entry);
			}
		}

		// --- duplicate creates: one key per execution and create call ------------------
		const duplicates: Array<{ system: string; key: string; count: number }> = [];
		let createsChecked = 0;
		let reaskedAfterCut = 0;
		/**
		 * `stateless`: the appliance keeps nothing for the call (SAP's backup is built for the
		 * answer), so asking again after an answer cut off mid-body is by design; only a second
		 * whole answer counts as a duplicate there.
		 */
		const countCreates = (
			system: string,
			requests: RecordedRequest[],
			keyOf: (r: RecordedRequest) => string | undefined,
			stateless = false,
		) => {
			const counts = new Map<string, number>();
			for (const request of requests) {
				const key = keyOf(request);
				if (key === undefined) continue;
				const answer = answerOf(request);
				// created: the emulator answered 2xx (a truncated answer still created it)
				if (!answer || answer.status < 200 || answer.status >= 300) continue;
				if (answer.fault === 'fail' || answer.fault === 'drop' || answer.fault === 'htmlLogin')
					continue;
				if (stateless && (answer.fault === 'truncate' || answer.fault === 'cut')) {
					reaskedAfterCut++;
					continue;
				}
				counts.set(key, (counts.get(key) ?? 0) + 1);
			}
			createsChecked += counts.size;
			for (const [key, count] of counts) if (count > 1) duplicates.push({ system, key, count });
		};
		const bodyOf = (r: RecordedRequest) =>
			r.body && typeof r.body === 'object' ? (r.body as Record<string, unknown>) : {};
		countCreates('QRadar backup create', emu.qradar.requests, (r) =>
			r.method === 'POST' && r.path === '/api/backup_and_restore/backups'
				? String(bodyOf(r).name)
				: undefined,
		);
		countCreates('BlueXP ad-hoc backup', emu.bluexp.requests, (r) => {
			if (
				r.method !== 'POST' ||
				!/\/backup\/working-environment\/[^/]+\/volume\/[^/]+$/.test(r.path)
			)
				return undefined;
			const details = (bodyOf(r)['adhoc-backup-details'] ?? {}) as Record<string, unknown>;
			return String(details.name ?? r.path);
		});
		countCreates(
			'SAP backup create',
			emu.sap.requests,
			(r) =>
				r.method === 'POST' && r.path === '/api/v1/configuration/backup'
					? String(bodyOf(r).password)
					: undefined,
			true,
		);
		countCreates('SAP restore', emu.sap.requests, (r) => {
			if (r.method !== 'PUT' || r.path !== '/api/v1/configuration/backup') return undefined;
			return (
				(r as SapRecordedRequest).parts?.find((p) => p.name === 'backup')?.sha256 ??
				'no backup part'
			);
		});
		const duplicateCreates = duplicates.reduce((sum, d) => sum + d.count - 1, 0);

		// --- corrupt binaries -----------------------------------------------------------------
		const corrupt: Array<{ what: string; why: string }> = [];
		let binariesChecked = 0;
		const served = new Set<string>();
		for (const r of emu.sap.requests) {
			const answer = answerOf(r);
			if (
				r.method === 'POST' &&
				r.path === '/api/v1/configuration/backup' &&
				answer?.sha256 &&
				answer.status === 200 &&
				!answer.fault
			)
				served.add(answer.sha256);
		}
		const sapFiles = fs.readdirSync(dirs.sap);
		for (const file of sapFiles) {
			binariesChecked++;
			const data = fs.readFileSync(path.join(dirs.sap, file));
			const execution = /^sap-(\d+)-/.exec(file)?.[1];
			if (!served.has(sha256(data))) {
				corrupt.push({
					what: `SAP backup ${file}`,
					why: 'its bytes are not a backup the connector sent whole',
				});
				continue;
			}
			try {
				await readBackup(data, `${SAP_PASSWORD_PREFIX}${execution}`);
			} catch (error) {
				corrupt.push({
					what: `SAP backup ${file}`,
					why: `not readable with its password: ${(error as Error).message}`,
				});
			}
		}
		const expectedOntap = emu.ontap.state.backupFiles.find(
			(f) => f.name === ontapFile.name,
		)?.content;
		const ontapFiles = fs.readdirSync(dirs.ontap);
		for (const file of ontapFiles) {
			binariesChecked++;
			const data = fs.readFileSync(path.join(dirs.ontap, file));
			if (!expectedOntap || !data.equals(expectedOntap))
				corrupt.push({
					what: `ONTAP download ${file}`,
					why: `${data.length} bytes, not the ${expectedOntap?.length ?? '?'} bytes the cluster holds`,
				});
		}
		// a successful backup or download execution left its file
		const onDisk = (files: string[], prefix: string, id: string) =>
			files.some((f) => f.startsWith(`${prefix}-${id}-`));
		for (const execution of inWindow) {
			if (!succeededIds.has(execution.id)) continue;
			if (execution.workflowId === WORKFLOWS.sapBackup && !onDisk(sapFiles, 'sap', execution.id))
				corrupt.push({
					what: `SAP backup of execution ${execution.id}`,
					why: 'succeeded but no file on disk',
				});
			if (
				execution.workflowId === WORKFLOWS.ontapDownload &&
				!onDisk(ontapFiles, 'ontap', execution.id)
			)
				corrupt.push({
					what: `ONTAP download of execution ${execution.id}`,
					why: 'succeeded but no file on disk',
				});
		}
		// every upload the connector received whole is one the soak sent, byte for byte
		for (const r of emu.sap.requests as SapRecordedRequest[]) {
			if (r.method !== 'PUT' || r.path !== '/api/v1/configuration/backup') continue;
			const answer = answerOf(r);
			if (!answer || answer.status !== 204) continue;
			binariesChecked++;
			const part = r.parts?.find((p) => p.name === 'backup');
			if (!part || sentUploads.get(part.sha256) !== part.size)
				corrupt.push({
					what: 'SAP restore upload',
					why: `the connector restored ${part?.size ?? 0} bytes the soak never sent`,
				});
		}
		const corruptBinaries = corrupt.length;

		const figures = [...byWorkflow.values()].sort((a, b) => a.workflow.localeCompare(b.workflow));
		const sum = (key: keyof WorkflowFigures) =>
			figures.reduce((total, f) => total + (f[key] as number), 0);
		// n8n's start-up heap is collected during the first minute: the start figure is the
		// median after that warm-up, the end figure the median of the last stretch
		const median = (values: number[]) => {
			const sorted = [...values].sort((a, b) => a - b);
			return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) : 0;
		};
		const warmUpMs = Math.min(MINUTE, options.durationMs * 0.3);
		const stretchMs = Math.max(15_000, options.durationMs * 0.1);
		const inStretch = (from: number, to: number) =>
			rssSamples.filter((s) => s.at >= from && s.at <= to).map((s) => s.kb);
		const startRss = median(inStretch(soakStart + warmUpMs, soakStart + warmUpMs + stretchMs));
		const endRss = median(inStretch(soakEnd - stretchMs, Number.MAX_SAFE_INTEGER));
		const report: SoakReport = {
			n8nVersion: N8N_VERSION,
			startedAt: new Date(soakStart).toISOString(),
			minutes: Math.round((options.durationMs / MINUTE) * 10) / 10,
			seed,
			executions: sum('executions'),
			succeeded: sum('succeeded'),
			failedClear: sum('failedClear'),
			failedUnclear: sum('failedUnclear'),
			hung: sum('hung'),
			runningAtEnd: sum('runningAtEnd'),
			duplicateCreates,
			createsChecked,
			sapBackupsReaskedAfterCut: reaskedAfterCut,
			corruptBinaries,
			binariesChecked,
			rssFirstMb: mb(rssSamples[0]?.kb ?? 0),
			rssStartMb: mb(startRss),
			rssEndMb: mb(endRss),
			rssAfterDrainMb: mb(rssEnd),
			rssMaxMb: mb(Math.max(0, ...rssSamples.map((s) => s.kb))),
			rssSamplesMb: rssSamples.map((s) => mb(s.kb)),
			socketsStart,
			socketsEnd,
			webhookCalls: { total: webhookCalls, byStatus: webhookStatuses },
			faults,
			byWorkflow: figures,
			unclear,
			duplicates,
			corrupt,
			failureKinds: [...kinds.values()].sort((a, b) => b.count - a.count),
			hangAfterMs,
			durationMs: options.durationMs,
		};
		if (options.resultsDir) {
			fs.mkdirSync(options.resultsDir, { recursive: true });
			const file = path.join(
				options.resultsDir,
				`soak-${new Date(soakStart).toISOString().replace(/[:.]/g, '-')}.json`,
			);
			fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
			log(`wrote ${path.relative(REPO_ROOT, file)}`);
		}
		return report;
	} finally {
		for (const timer of timers) clearInterval(timer);
		await server?.stop(20_000).catch(() => undefined);
		killAllChildren();
		for (const emulator of Object.values(emulators)) await emulator?.close().catch(() => undefined);
		if (options.keep) {
			log(`kept ${work} and ${instanceRoot ?? '(no n8n folder)'}`);
		} else {
			instanceRemove?.();
			fs.rmSync(work, { recursive: true, force: true });
		}
	}
}

// ---------------------------------------------------------------------------
// the table
// ---------------------------------------------------------------------------

export function formatReport(report: SoakReport): string {
	const zero = (value: number) => (value === 0 ? 'ok' : '**FAILED**');
	const growth = report.rssEndMb - report.rssStartMb;
	const faultTotal = Object.values(report.faults).reduce((a, b) => a + b, 0);
	const lines = [
		`### Soak: n8n ${report.n8nVersion}, ${report.minutes} min, seed ${report.seed}`,
		'',
		'| figure | value | goal |',
		'| --- | ---: | --- |',
		`| executions run | ${report.executions} | |`,
		`| succeeded | ${report.succeeded} | |`,
		`| failed with a clear error | ${report.failedClear} | message + description from our node |`,
		`| failed with an unclear error | ${report.failedUnclear} | 0: ${zero(report.failedUnclear)} |`,
		`| hung (running > ${report.hangAfterMs / 1000} s) | ${report.hung} | 0: ${zero(report.hung)} |`,
		`| still running at the end (younger) | ${report.runningAtEnd} | |`,
		`| duplicate creates (of ${report.createsChecked} creates) | ${report.duplicateCreates} | 0: ${zero(report.duplicateCreates)} |`,
		`| SAP backups asked again after a cut answer | ${report.sapBackupsReaskedAfterCut} | by design: the connector keeps nothing |`,
		`| corrupt binaries (of ${report.binariesChecked} checked) | ${report.corruptBinaries} | 0: ${zero(report.corruptBinaries)} |`,
		`| n8n RSS at the start (median after warm-up) | ${report.rssStartMb} MB | (at ready: ${report.rssFirstMb} MB) |`,
		`| n8n RSS at the end (median of the last stretch) | ${report.rssEndMb} MB | no growth beyond noise: ${growth >= 0 ? '+' : ''}${Math.round(growth * 10) / 10} MB (max ${report.rssMaxMb}, after drain ${report.rssAfterDrainMb}) |`,
		`| n8n open sockets at the end | ${report.socketsEnd} (start ${report.socketsStart}) | |`,
		`| faults injected | ${faultTotal} | |`,
		`| webhook restores asked | ${report.webhookCalls.total} (${Object.entries(
			report.webhookCalls.byStatus,
		)
			.map(([status, count]) => `${count}x ${status}`)
			.join(', ')}) | |`,
		'',
		'| workflow | executions | succeeded | failed (clear) | failed (unclear) | hung | running at end |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
		...report.byWorkflow.map(
			(f) =>
				`| ${f.workflow} | ${f.executions} | ${f.succeeded} | ${f.failedClear} | ${f.failedUnclear} | ${f.hung} | ${f.runningAtEnd} |`,
		),
		'',
		`Faults: ${Object.entries(report.faults)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([kind, count]) => `${kind} ${count}`)
			.join(', ')}`,
	];
	if (report.failureKinds.length) {
		lines.push('', 'Clear failures, by kind (most frequent first):', '');
		for (const kind of report.failureKinds.slice(0, 15))
			lines.push(
				`- ${kind.count}x ${kind.node}: "${kind.message}" / "${kind.description.slice(0, 200)}"`,
			);
	}
	for (const u of report.unclear.slice(0, 20))
		lines.push(
			`- UNCLEAR execution ${u.executionId} (${u.workflow}, ${u.status}, ${u.node ?? '?'}): ${u.why}: "${u.message ?? ''}" / "${u.description ?? ''}"`,
		);
	for (const d of report.duplicates.slice(0, 20))
		lines.push(`- DUPLICATE ${d.system} ${d.key}: created ${d.count} times`);
	for (const c of report.corrupt.slice(0, 20)) lines.push(`- CORRUPT ${c.what}: ${c.why}`);
	return lines.join('\n');
}

async function main(): Promise<void> {
	const minutes = int('SOAK_MINUTES', 10);
	const report = await runSoak({
		durationMs: minutes * MINUTE,
		seed: process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined,
		hangAfterMs: int('SOAK_HANG_AFTER_SECONDS', 240) * 1000,
		resultsDir: path.join(REPO_ROOT, 'bench', 'results'),
		keep: Boolean(process.env.SOAK_KEEP),
	});
	process.stdout.write(`${formatReport(report)}\n`);
	const failed = Object.entries(mustBeZero(report)).filter(([, value]) => value !== 0);
	if (failed.length) {
		process.stderr.write(
			`soak: not 0: ${failed.map(([name, value]) => `${name} ${value}`).join(', ')}\n`,
		);
		process.exitCode = 1;
	}
}

if (require.main === module) {
	const deadline = setTimeout(
		() => {
			process.stderr.write('soak: gave up (deadline)\n');
			killAllChildren();
			process.exit(2);
		},
		(int('SOAK_MINUTES', 10) + 45) * MINUTE,
	);
	deadline.unref();
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.on(signal, () => {
			killAllChildren();
			process.exit(130);
		});
	main().catch((error: unknown) => {
		process.stderr.write(
			`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		killAllChildren();
		process.exitCode = 2;
	});
}
