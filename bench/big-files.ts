/**
 * Big files through a real n8n (the one `npm run test:e2e` caches), binary data in the file
 * system (N8N_DEFAULT_BINARY_DATA_MODE=filesystem):
 *
 * - down: a configuration backup file of `megabytes` MB from the ONTAP emulator, through our
 *   NetApp ONTAP node (Configuration Backup File > Download) and through n8n's HTTP Request node
 *   (GET of the same download link, basic auth, Response Format: File);
 * - up: a SAP Cloud Connector backup ZIP of `megabytes` MB read from disk (Read/Write Files from
 *   Disk), restored through our SAP Cloud Connector node (Configuration Backup > Restore) and
 *   sent by n8n's HTTP Request node (PUT, multipart/form-data: the binary as `backup`, the
 *   password as a field) to the same emulator.
 *
 * Each side runs in its own branch of one workflow, between Wait nodes (`gapSeconds`), so the
 * memory of each is measured on its own; executions alternate which side goes first, and a
 * warm-up branch per side (a small file, not measured) runs before both, so neither measured
 * side pays for what n8n loads and compiles on the first transfer of a run. Memory:
 * /proc/<pid>/status of the n8n process and of every process it started (its task runner),
 * sampled every 20 ms (proc-memory.ts); per side, the highest RSS from the node's start to the
 * end of the Wait after it, minus the median RSS in the second before it. Time: n8n's own
 * per-node executionTime. Bytes: SHA-256 of what the ONTAP emulator served vs the file n8n
 * stored for each side (found in its storage folder); of the ZIP on disk vs the `backup`
 * part each upload delivered to the SAP emulator.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	createN8nInstance,
	ensureN8n,
	ensureNode24,
	parseRunJson,
	runCommand,
	N8N_VERSION,
	type N8nInstall,
	type N8nInstance,
} from '../test/e2e/n8n';
import { startOntapEmulator } from '../test/emulators/ontap';
import {
	configurationOf,
	createBackup,
	startSapCloudConnectorEmulator,
	type SapRecordedRequest,
} from '../test/emulators/sapCloudConnector';
import { createZip, readZip } from '../test/emulators/zip';
import { ONTAP_TYPE, PASSWORD, USERNAME } from './fixtures';
import { packOnce } from './in-n8n';
import { startProcSampler, windowMemory, type WindowMemory } from './proc-memory';

const SAP_TYPE = 'n8n-nodes-backup-restore.sapCloudConnector';
const BACKUP_PASSWORD = 'Bench-Backup-Secret-1';
const MARKER = '.n8n-e2e-cache-complete';
const MB = 1024 * 1024;

export interface BigFilesOptions {
	megabytes: number;
	/** n8n executions per direction (odd: ours first, even: HTTP Request first) */
	executions: number;
	gapSeconds: number;
	log(message: string): void;
}

export interface BigLeg {
	side: 'ours' | 'http';
	execution: number;
	first: boolean;
	/** n8n's executionTime of the node */
	ms: number;
	/** the n8n process */
	n8n: WindowMemory;
	/** the processes n8n started (task runner), summed; undefined when there were none */
	runner?: WindowMemory;
	/** bytes of the file n8n stored (down) / the emulator received (up) */
	bytes: number;
	/** whether its SHA-256 equals the source's */
	intact: boolean;
	/** the node's first output item (json and binary metadata), for diagnosis */
	output?: unknown;
}

export interface BigDirection {
	legs: BigLeg[];
	sha256: string;
	bytes: number;
}

export interface BigFilesResult {
	n8nVersion: string;
	megabytes: number;
	download: BigDirection;
	upload: BigDirection;
	processes: Record<string, string>;
}

type NodeJson = Record<string, unknown>;

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

async function sha256File(file: string): Promise<string> {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }))
		hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** Deterministic-enough bytes that do not compress, behind the 7z signature our node checks. */
function sevenZipBytes(bytes: number): Buffer {
	const out = crypto.randomBytes(bytes);
	Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]).copy(out, 0);
	return out;
}

/**
 * A real Cloud Connector backup of the emulator's configuration (readable with
 * BACKUP_PASSWORD) with one more stored entry of random bytes that brings it to `bytes`.
 */
async function bigBackupZip(
	configuration: Parameters<typeof createBackup>[0],
	bytes: number,
): Promise<Buffer> {
	const small = readZip(await createBackup(configuration, BACKUP_PASSWORD));
	const entries = small.map((entry) => ({
		name: entry.name,
		data: entry.data,
		method: entry.method,
		modified: entry.modified,
	}));
	const overhead = createZip([
		...entries,
		{ name: 'attachments/blob.bin', data: '', method: 'store' },
	]).length;
	const padding = crypto.randomBytes(Math.max(0, bytes - overhead));
	return createZip([...entries, { name: 'attachments/blob.bin', data: padding, method: 'store' }]);
}

async function waitForN8nCache(version: string, log: (m: string) => void, maxMs = 40 * 60_000) {
	const dir =
		process.env.N8N_E2E_N8N_DIR ??
		path.join(
			process.env.N8N_E2E_CACHE_ROOT ?? path.join(os.homedir(), '.cache'),
			`n8n-${version}`,
		);
	const started = Date.now();
	while (!fs.existsSync(path.join(dir, MARKER))) {
		const building = fs
			.readdirSync(path.dirname(dir), { withFileTypes: true })
			.some((e) => e.name.startsWith(`${path.basename(dir)}.tmp-`));
		if (!building) return;
		log(`waiting for the n8n ${version} install in progress (${dir})`);
		if (Date.now() - started > maxMs) throw new Error(`n8n ${version} install did not finish`);
		await new Promise((resolve) => setTimeout(resolve, 5000));
	}
}

/**
 * Start -> Pause -> [pre...] -> one branch per side, top to bottom (v1 order runs each to its
 * end before the next): Gap before -> the side's node -> Gap after.
 */
function workflow(
	id: string,
	name: string,
	pre: NodeJson[],
	sides: Array<{ label: string; node: NodeJson; before?: NodeJson }>,
	pauseSeconds: number,
	gapSeconds: number,
) {
	let n = 1;
	const uid = () => `c0000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
	const wait = (nodeName: string, seconds: number, x: number, y: number): NodeJson => ({
		id: uid(),
		name: nodeName,
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [x, y],
		parameters: { resume: 'timeInterval', amount: seconds, unit: 'seconds' },
		webhookId: uid(),
	});
	const connections: Record<string, { main: Array<Array<Record<string, unknown>>> }> = {};
	const connect = (from: string, to: string) => {
		connections[from] ??= { main: [[]] };
		connections[from].main[0]!.push({ node: to, type: 'main', index: 0 });
	};
	const nodes: NodeJson[] = [
		{
			id: uid(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		wait('Pause', pauseSeconds, 200, 0),
	];
	connect('Start', 'Pause');
	let parent = 'Pause';
	let x = 400;
	for (const node of pre) {
		nodes.push({ id: uid(), position: [x, 0], ...node });
		connect(parent, node.name as string);
		parent = node.name as string;
		x += 200;
	}
	sides.forEach((side, i) => {
		const y = i * 300;
		nodes.push(wait(`Gap before ${side.label}`, gapSeconds, x, y));
		nodes.push({ id: uid(), name: side.label, position: [x + 200, y], ...side.node });
		nodes.push(wait(`Gap after ${side.label}`, gapSeconds, x + 400, y));
		if (side.before) {
			// the side's own input (e.g. the file it uploads), read before its Gap
			const name = side.before.name as string;
			nodes.push({ id: uid(), position: [x - 200, y], ...side.before });
			connect(parent, name);
			connect(name, `Gap before ${side.label}`);
		} else connect(parent, `Gap before ${side.label}`);
		connect(`Gap before ${side.label}`, side.label);
		connect(side.label, `Gap after ${side.label}`);
	});
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

interface Task {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: {
		main?: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, { id?: string; fileSize?: string; bytes?: number }>;
		}> | null>;
	};
}

function taskOf(runData: Record<string, Task[]>, node: string): Task {
	const task = runData[node]?.[0];
	if (!task || typeof task.executionTime !== 'number' || typeof task.startTime !== 'number')
		throw new Error(`no run data for ${node}`);
	if (task.executionStatus && task.executionStatus !== 'success')
		throw new Error(`${node}: ${task.executionStatus} ${task.error?.message ?? ''}`);
	return task;
}

/** The file n8n stored for a binary id (`filesystem-v2:workflows/.../binary_data/<uuid>`). */
function storedFile(userFolder: string, id: string): string | undefined {
	const relative = id.replace(/^[a-z0-9-]+:/i, '');
	const base = path.join(userFolder, '.n8n', 'storage');
	const direct = path.join(base, relative);
	if (fs.existsSync(direct)) return direct;
	const name = path.basename(relative);
	const stack = [base];
	while (stack.length) {
		const dir = stack.pop() as string;
		let entries: fs.Dirent[] = [];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) stack.push(full);
			else if (entry.name === name) return full;
		}
	}
	return undefined;
}

interface Executed {
	runData: Record<string, Task[]>;
	sampler: ReturnType<typeof startProcSampler>;
}

async function execute(
	install: N8nInstall,
	instance: N8nInstance,
	workflowId: string,
	label: string,
): Promise<Executed> {
	const tag = crypto.randomBytes(8).toString('hex');
	const sampler = startProcSampler(tag);
	try {
		// BENCH_N8N_NODE_FLAGS (e.g. --cpu-prof) goes to n8n's node, for diagnosis.
		const flags = (process.env.BENCH_N8N_NODE_FLAGS ?? '').split(' ').filter(Boolean);
		const result = await runCommand(
			install.node,
			[...flags, install.bin, 'execute', `--id=${workflowId}`],
			{
				cwd: instance.root,
				env: { ...instance.env, BENCH_TAG: tag },
				timeoutMs: 10 * 60_000,
				stdoutFile: path.join(instance.root, 'logs', `${label}.out`),
				stderrFile: path.join(instance.root, 'logs', `${label}.err`),
			},
		);
		if (result.code !== 0 || !/Execution was successful:/.test(result.stdout)) {
			throw new Error(
				`n8n execute ${workflowId} exited ${result.code}${result.timedOut ? ' (timed out)' : ''}\n` +
					`${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`,
			);
		}
		const run = parseRunJson(result.stdout);
		if (!run) throw new Error(`no run JSON from n8n execute ${workflowId}`);
		if (sampler.mainPid() === undefined)
			throw new Error('the n8n process was never found in /proc');
		return { runData: run.data.resultData.runData as unknown as Record<string, Task[]>, sampler };
	} finally {
		sampler.stop();
	}
}

function legMemory(executed: Executed, task: Task, gapSeconds: number) {
	const from = task.startTime as number;
	const to = from + (task.executionTime as number) + gapSeconds * 1000 * 0.8;
	const main = executed.sampler.mainPid() as number;
	const others = [...executed.sampler.processes.keys()].filter((pid) => pid !== main);
	return {
		n8n: windowMemory(executed.sampler.samples, [main], from, to),
		runner: others.length ? windowMemory(executed.sampler.samples, others, from, to) : undefined,
	};
}

export async function measureBigFiles(options: BigFilesOptions): Promise<BigFilesResult> {
	const { log } = options;
	const bytes = options.megabytes * MB;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'big-files-bench-'));
	const ontap = await startOntapEmulator({ sessions: 0, maxLifetimeMs: 30 * 60_000 });
	const sap = await startSapCloudConnectorEmulator({
		https: false,
		restartWindowMs: 0,
		maxLifetimeMs: 30 * 60_000,
	});
	let instance: N8nInstance | undefined;
	const processes: Record<string, string> = {};
	try {
		// --- the files -------------------------------------------------------------------
		log(`big files: making a ${options.megabytes} MB ONTAP backup file and SAP backup ZIP`);
		const node = ontap.state.nodes[0]!;
		const fileName = `bench.big.${options.megabytes}mb.7z`;
		const content = sevenZipBytes(bytes);
		const served = sha256(content);
		ontap.state.backupFiles.push({
			node: { uuid: node.uuid, name: node.name },
			name: fileName,
			type: 'cluster',
			time: '2026-11-24T10:15:00+00:00',
			size: content.length,
			auto: false,
			version: '9.14.1',
			backup_nodes: [{ name: node.name }],
			content,
		});
		const inputs = path.join(work, 'files');
		fs.mkdirSync(inputs);
		const zipPath = path.join(inputs, 'scc_backup_big.zip');
		const zip = await bigBackupZip(configurationOf(sap), bytes);
		fs.writeFileSync(zipPath, zip);
		const uploaded = sha256(zip);
		const zipBytes = zip.length;
		const smallZipPath = path.join(inputs, 'scc_backup_small.zip');
		fs.writeFileSync(smallZipPath, await createBackup(configurationOf(sap), BACKUP_PASSWORD));
		// Both emulators run in this process: one transfer each first, so neither side of the
		// first execution pays for their JIT warm-up (CRC, multipart parsing, key derivation).
		{
			const basic = (user: string, pass: string) =>
				`Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
			const down = await fetch(`${ontap.url}/backups/${encodeURIComponent(fileName)}`, {
				headers: { authorization: basic(USERNAME, PASSWORD) },
			});
			if (!down.ok || sha256(Buffer.from(await down.arrayBuffer())) !== served)
				throw new Error(`priming the ONTAP download: HTTP ${down.status}`);
			const form = new FormData();
			form.append('backup', new Blob([zip], { type: 'application/zip' }), 'prime.zip');
			form.append('password', BACKUP_PASSWORD);
			const up = await fetch(`${sap.url}/api/v1/configuration/backup`, {
				method: 'PUT',
				body: form,
				headers: { authorization: basic(sap.username, sap.password) },
			});
			if (up.status !== 204)
				throw new Error(`priming the SAP restore: HTTP ${up.status} ${await up.text()}`);
			sap.requests.length = 0;
		}

		// --- n8n -------------------------------------------------------------------------
		const nodeBin = await ensureNode24();
		log('big files: building and packing the package; waiting for the cached n8n if needed');
		const [install, tarball] = await Promise.all([
			(async (): Promise<N8nInstall> => {
				await waitForN8nCache(N8N_VERSION, log);
				return await ensureN8n(nodeBin);
			})(),
			packOnce(),
		]);
		instance = await createN8nInstance(install, tarball, {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			N8N_RESTRICT_FILE_ACCESS_TO: inputs,
		});
		const ontapCredential = { id: 'bigOntapCred0001', name: 'ONTAP emulator (big files)' };
		const ontapBasic = { id: 'bigOntapBasic001', name: 'ONTAP basic auth (big files)' };
		const sapCredential = { id: 'bigSapCred000001', name: 'SAP emulator (big files)' };
		const sapBasic = { id: 'bigSapBasic00001', name: 'SAP basic auth (big files)' };
		await instance.importCredentials([
			{
				...ontapCredential,
				type: 'netAppOntapApi',
				data: {
					baseUrl: ontap.url,
					username: USERNAME,
					password: PASSWORD,
					ignoreSslIssues: false,
				},
			},
			{ ...ontapBasic, type: 'httpBasicAuth', data: { user: USERNAME, password: PASSWORD } },
			{
				...sapCredential,
				type: 'sapCloudConnectorApi',
				data: {
					baseUrl: sap.url,
					username: sap.username,
					password: sap.password,
					ignoreSslIssues: false,
				},
			},
			{ ...sapBasic, type: 'httpBasicAuth', data: { user: sap.username, password: sap.password } },
		]);

		const oursDown: NodeJson = {
			type: ONTAP_TYPE,
			typeVersion: 1,
			parameters: {
				resource: 'configurationBackupFile',
				operation: 'download',
				clusterNode: { __rl: true, mode: 'id', value: node.uuid },
				name: fileName,
				binaryPropertyName: 'data',
			},
			credentials: { netAppOntapApi: { ...ontapCredential } },
		};
		const httpDown: NodeJson = {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `${ontap.url}/backups/${encodeURIComponent(fileName)}`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } },
			},
			credentials: { httpBasicAuth: { ...ontapBasic } },
		};
		const read: NodeJson = {
			name: 'Read backup ZIP',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			parameters: {
				operation: 'read',
				fileSelector: zipPath,
				options: { dataPropertyName: 'data' },
			},
		};
		const oursUp: NodeJson = {
			type: SAP_TYPE,
			typeVersion: 1,
			parameters: {
				resource: 'configurationBackup',
				operation: 'restore',
				password: BACKUP_PASSWORD,
				binaryPropertyName: 'data',
				options: { waitForRestart: false },
			},
			credentials: { sapCloudConnectorApi: { ...sapCredential } },
		};
		const httpUp: NodeJson = {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'PUT',
				url: `${sap.url}/api/v1/configuration/backup`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: {
					parameters: [
						{ parameterType: 'formBinaryData', name: 'backup', inputDataFieldName: 'data' },
						{ parameterType: 'formData', name: 'password', value: BACKUP_PASSWORD },
					],
				},
				options: {},
			},
			credentials: { httpBasicAuth: { ...sapBasic } },
		};
		const OURS_DOWN = 'NetApp ONTAP download';
		const HTTP_DOWN = 'HTTP Request download';
		const OURS_UP = 'SAP Cloud Connector restore';
		const HTTP_UP = 'HTTP Request upload';
		const pause = 3;
		const gap = options.gapSeconds;
		// Warm-up sides (a small file each, not measured) run first, so the first measured side
		// does not also pay for n8n loading and compiling what any transfer needs.
		const seedFile = ontap.state.backupFiles[0]!;
		const warmDown = [
			{
				label: 'Warm-up NetApp ONTAP download',
				node: {
					...oursDown,
					parameters: {
						...(oursDown.parameters as NodeJson),
						clusterNode: { __rl: true, mode: 'id', value: seedFile.node.uuid },
						name: seedFile.name,
					},
				},
			},
			{
				label: 'Warm-up HTTP Request download',
				node: {
					...httpDown,
					parameters: {
						...(httpDown.parameters as NodeJson),
						url: `${ontap.url}/backups/${encodeURIComponent(seedFile.name)}`,
					},
				},
			},
		];
		const readSmall = (name: string): NodeJson => ({
			...read,
			name,
			parameters: { ...(read.parameters as NodeJson), fileSelector: smallZipPath },
		});
		const warmUp = [
			{
				label: 'Warm-up SAP Cloud Connector restore',
				node: oursUp,
				before: readSmall('Read small ZIP (ours)'),
			},
			{
				label: 'Warm-up HTTP Request upload',
				node: httpUp,
				before: readSmall('Read small ZIP (HTTP Request)'),
			},
		];
		const workflows = {
			'down-ours': workflow(
				'benchBigDownOurs',
				'Bench: 256 MB download, ours first',
				[],
				[...warmDown, { label: OURS_DOWN, node: oursDown }, { label: HTTP_DOWN, node: httpDown }],
				pause,
				gap,
			),
			'down-http': workflow(
				'benchBigDownHttp',
				'Bench: 256 MB download, HTTP first',
				[],
				[...warmDown, { label: HTTP_DOWN, node: httpDown }, { label: OURS_DOWN, node: oursDown }],
				pause,
				gap,
			),
			'up-ours': workflow(
				'benchBigUpOurs001',
				'Bench: 256 MB restore, ours first',
				[read],
				[...warmUp, { label: OURS_UP, node: oursUp }, { label: HTTP_UP, node: httpUp }],
				pause,
				gap,
			),
			'up-http': workflow(
				'benchBigUpHttp001',
				'Bench: 256 MB restore, HTTP first',
				[read],
				[...warmUp, { label: HTTP_UP, node: httpUp }, { label: OURS_UP, node: oursUp }],
				pause,
				gap,
			),
		};
		await instance.importWorkflows(Object.values(workflows));

		const download: BigDirection = { legs: [], sha256: served, bytes: content.length };
		const upload: BigDirection = { legs: [], sha256: uploaded, bytes: zipBytes };
		for (let execution = 1; execution <= options.executions; execution++) {
			const oursFirst = execution % 2 === 1;
			// --- down ---
			log(
				`big files: download, n8n execute ${execution}/${options.executions} (${oursFirst ? 'ours' : 'HTTP Request'} first)`,
			);
			const down = await execute(
				install,
				instance,
				(oursFirst ? workflows['down-ours'] : workflows['down-http']).id,
				`big-down-${execution}`,
			);
			for (const [pid, command] of down.sampler.processes) processes[String(pid)] = command;
			for (const [side, label] of [
				['ours', OURS_DOWN],
				['http', HTTP_DOWN],
			] as const) {
				const task = taskOf(down.runData, label);
				const binary = task.data?.main?.[0]?.[0]?.binary?.data;
				const file = binary?.id ? storedFile(instance.userFolder, binary.id) : undefined;
				const stored = file ? fs.statSync(file).size : 0;
				download.legs.push({
					side,
					execution,
					first: (side === 'ours') === oursFirst,
					ms: task.executionTime as number,
					...legMemory(down, task, gap),
					bytes: stored,
					intact:
						file !== undefined && stored === content.length && (await sha256File(file)) === served,
					output: { ...task.data?.main?.[0]?.[0], file },
				});
			}
			// the stored copies are not needed any more
			fs.rmSync(path.join(instance.userFolder, '.n8n', 'storage', 'workflows'), {
				recursive: true,
				force: true,
			});

			// --- up ---
			log(
				`big files: restore upload, n8n execute ${execution}/${options.executions} (${oursFirst ? 'ours' : 'HTTP Request'} first)`,
			);
			sap.requests.length = 0;
			const up = await execute(
				install,
				instance,
				(oursFirst ? workflows['up-ours'] : workflows['up-http']).id,
				`big-up-${execution}`,
			);
			const restores = (sap.requests as SapRecordedRequest[]).filter(
				(r) => r.method === 'PUT' && r.path === '/api/v1/configuration/backup',
			);
			// the two sides run one after the other: the first upload is the first side's
			// two warm-ups (small ZIPs) first, then the two measured uploads
			const [firstUpload, secondUpload] = restores.slice(2);
			if (restores.length !== 4)
				throw new Error(`the SAP emulator received ${restores.length} restore uploads, expected 4`);
			const received = {
				ours: oursFirst ? firstUpload : secondUpload,
				http: oursFirst ? secondUpload : firstUpload,
			};
			for (const [side, label] of [
				['ours', OURS_UP],
				['http', HTTP_UP],
			] as const) {
				const task = taskOf(up.runData, label);
				const request = received[side] as SapRecordedRequest;
				const part = request.parts?.find((p) => p.name === 'backup');
				upload.legs.push({
					side,
					execution,
					first: (side === 'ours') === oursFirst,
					ms: task.executionTime as number,
					...legMemory(up, task, gap),
					bytes: part?.size ?? 0,
					intact:
						part?.sha256 === uploaded &&
						part.size === zipBytes &&
						sap.state.lastRestore !== undefined,
					output: {
						...task.data?.main?.[0]?.[0],
						received: {
							parts: request.parts,
							error: request.multipartError,
							bytes: request.rawBodyLength,
							connectionClose: request.connectionClose,
							headers: { ...request.headers, authorization: undefined },
						},
					},
				});
			}
			sap.requests.length = 0;
			fs.rmSync(path.join(instance.userFolder, '.n8n', 'storage', 'workflows'), {
				recursive: true,
				force: true,
			});
		}
		return {
			n8nVersion: install.version,
			megabytes: options.megabytes,
			download,
			upload,
			processes,
		};
	} finally {
		if (process.env.BENCH_KEEP) log(`kept ${work} and ${instance?.root}`);
		else {
			instance?.remove();
			fs.rmSync(work, { recursive: true, force: true });
		}
		await ontap.close();
		await sap.close();
	}
}
