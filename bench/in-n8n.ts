/**
 * Measurement 1: inside a real n8n (the one `npm run test:e2e` caches), ONE workflow runs one of
 * our "Get Many" operations (Return All) and n8n's own HTTP Request node paging the same
 * collection (+ Split Out when the HTTP Request returns one item per page), in alternating
 * branches of the same execution, over the same emulated records; the workflow is executed
 * several times (`n8n execute`, each a fresh n8n process). Times are n8n's own per-node
 * `executionTime` from the run data `n8n execute` prints (N8N_LOG_LEVEL=info).
 *
 * Scenarios:
 * - ONTAP (measureInN8n): NDMP Session Get Many vs HTTP Request (pagination following
 *   `_links.next.href`, basic auth) + Split Out on `records`.
 * - QRadar (measureQradarInN8n): Backup Get Many (Range: items=a-b, 500 a page) vs HTTP Request
 *   ("update a parameter in each request": header Range from $pageCount, complete when the
 *   Content-Range total is reached; Header Auth SEC). An array body per page already comes out
 *   of the HTTP Request node as one item per element, so there is no Split Out on that side.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	createN8nInstance,
	ensureN8n,
	ensureNode24,
	packPackage,
	runCommand,
	N8N_VERSION,
	type N8nInstall,
	type N8nInstance,
} from '../test/e2e/n8n';
import { SEED, startIbmQradarEmulator } from '../test/emulators/ibmQradar';
import { startOntapEmulator } from '../test/emulators/ontap';
import {
	ONTAP_TYPE,
	PASSWORD,
	QRADAR_BACKUPS_PATH,
	QRADAR_PAGE_SIZE,
	QRADAR_TYPE,
	SESSIONS_PATH,
	USERNAME,
	median,
} from './fixtures';
import { startReplayProxy } from './replay';

const MARKER = '.n8n-e2e-cache-complete';
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export interface InN8nOptions {
	/** Records the collection holds (ONTAP: sessions; QRadar: backups). */
	sessions: number;
	/** Page size of the emulator (ONTAP) / of both sides (QRadar: fixed by the node, 500). */
	pageSize: number;
	/** n8n executions (processes). */
	executions: number;
	/** Measured rounds (pairs) per execution, after one warm-up pair. */
	roundsPerExecution: number;
	/** Wait node between n8n's start and the first node. */
	startPauseSeconds: number;
	log(message: string): void;
}

export interface InN8nRound {
	execution: number;
	round: number;
	/** as n8n ran them (executionIndex) */
	order: 'ours first' | 'http first';
	ours: number;
	http: number;
	/** 0 when the scenario has no Split Out. */
	splitOut: number;
	ratio: number;
}

export interface InN8nResult {
	n8nVersion: string;
	/** ontap | qradar */
	scenario: string;
	/** Records each side returned (ONTAP: sessions; QRadar: backups). */
	sessions: number;
	pageSize: number;
	/** Whether the baseline has a Split Out after the HTTP Request. */
	splitOut: boolean;
	rounds: InN8nRound[];
	warmUp: InN8nRound[];
	/**
	 * Per side, the median of the rounds; `ratio` = ours / baseline of those medians (a major
	 * garbage collection turns a round into an outlier on one side; per-side medians leave it out).
	 * `roundRatio`: median of the per-round ratios; `totalRatio`: sums, collections included.
	 */
	median: {
		ours: number;
		http: number;
		splitOut: number;
		baseline: number;
		ratio: number;
		roundRatio: number;
		totalRatio: number;
	};
	executions: Array<{ wallMs: number; stdoutBytes: number; spawnedAt: number; nodeStart: number }>;
	replay: { hits: number; misses: number };
}

let packed: Promise<string> | undefined;
/**
 * The package packed once per bench run (every part installs the same tarball). Other work in
 * the same tree may rebuild dist/ meanwhile: a pack that fails is tried again once.
 */
export function packOnce(): Promise<string> {
	if (!packed) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pack-'));
		process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
		packed = packPackage(dir).catch(async () => {
			await new Promise((resolve) => setTimeout(resolve, 10_000));
			return await packPackage(dir);
		});
		packed.catch(() => {
			packed = undefined;
		});
	}
	return packed;
}

/** Waits for the n8n install another process (test:e2e) may be building; never starts a second one. */
async function waitForN8nCache(version: string, log: (m: string) => void, maxMs = 40 * 60_000) {
	const dir =
		process.env.N8N_E2E_N8N_DIR ??
		path.join(
			process.env.N8N_E2E_CACHE_ROOT ?? path.join(os.homedir(), '.cache'),
			`n8n-${version}`,
		);
	const started = Date.now();
	let said = false;
	while (!fs.existsSync(path.join(dir, MARKER))) {
		const building = fs
			.readdirSync(path.dirname(dir), { withFileTypes: true })
			.some((e) => e.name.startsWith(`${path.basename(dir)}.tmp-`));
		if (!building) return; // nobody is building it: ensureN8n installs it
		if (!said) log(`waiting for the n8n ${version} install in progress (${dir})`);
		said = true;
		if (Date.now() - started > maxMs) throw new Error(`n8n ${version} install did not finish`);
		await new Promise((resolve) => setTimeout(resolve, 5000));
	}
}

const ONTAP_CREDENTIAL = { id: 'benchOntapCred01', name: 'ONTAP emulator (bench)' };
const BASIC_CREDENTIAL = { id: 'benchBasicAuth01', name: 'ONTAP basic auth (bench)' };
const QRADAR_CREDENTIAL = { id: 'benchQradarCred1', name: 'QRadar emulator (bench)' };
const HEADER_CREDENTIAL = { id: 'benchHeaderAuth1', name: 'QRadar SEC header auth (bench)' };

type NodeJson = Record<string, unknown>;

/** What differs between the ONTAP and the QRadar comparison. */
interface Scenario {
	name: 'ontap' | 'qradar';
	workflowId: string;
	workflowName: string;
	/** Node name prefix of our node, e.g. "NetApp ONTAP". */
	oursLabel: string;
	/** Our node without id, name and position. */
	ours: NodeJson;
	/** The HTTP Request node without id, name and position. */
	http: NodeJson;
	/** Split Out after the HTTP Request (its parameters), or none. */
	splitOut?: NodeJson;
	/** Items our node and (after Split Out) the baseline return. */
	items: number;
	/** Items the HTTP Request node itself returns. */
	httpItems: number;
	credentials: Array<Record<string, unknown>>;
	/**
	 * Nodes chained between the Pause and the pairs (with their names), e.g. the items a
	 * per-item operation runs over; the last one feeds every pair.
	 */
	inputs?: NodeJson[];
}

interface Pair {
	ours: string;
	http: string;
	split?: string;
	round: number;
}

type Order = 'ours-first' | 'http-first';

/**
 * Start -> Pause (a Wait node: n8n's start-up work settles) -> a warm-up pair, then "Order?"
 * (an IF on $env.BENCH_ORDER) -> chain A or chain B of `rounds` pairs. Chain A runs ours first
 * in odd rounds (O,H | H,O | ...), chain B the HTTP Request first (H,O | O,H | ...); the
 * executions alternate between them. n8n's first major garbage collection after the warm-up
 * (it marks everything the earlier nodes returned, ~0.3 s) lands on the first node of round
 * 1 every time; alternating the chains puts it on ours and on the HTTP Request equally often,
 * and the median of the rounds leaves those rounds out on both sides alike.
 * Execution order v1 runs a branch to its end, sibling branches top to bottom.
 */
function buildWorkflow(scenario: Scenario, rounds: number, startPauseSeconds: number) {
	let n = 1;
	const id = () => `b0000000-0000-4000-8000-${String(n++).padStart(12, '0')}`;
	type Connection = { node: string; type: string; index: number };
	const connections: Record<string, { main: Connection[][] }> = {};
	const connect = (from: string, to: string, output = 0) => {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output]!.push({ node: to, type: 'main', index: 0 });
	};
	const nodes: NodeJson[] = [
		{
			id: id(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: id(),
			name: 'Pause',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [200, 0],
			parameters: { resume: 'timeInterval', amount: startPauseSeconds, unit: 'seconds' },
			webhookId: 'b0000000-0000-4000-9000-000000000001',
		},
	];
	connect('Start', 'Pause');
	let source = 'Pause';
	for (const [i, input] of (scenario.inputs ?? []).entries()) {
		nodes.push({ id: id(), position: [200 + (i + 1) * 200, -200], ...input });
		connect(source, input.name as string);
		source = input.name as string;
	}

	/** ours and HTTP Request (-> Split Out) as two branches of `parent`, the first one on top. */
	const addPair = (
		pair: Pair,
		parent: string,
		output: number,
		oursFirst: boolean,
		x: number,
		top: number,
	) => {
		const oursY = oursFirst ? top : top + 200;
		const httpY = oursFirst ? top + 200 : top;
		nodes.push(
			{ id: id(), name: pair.ours, position: [x, oursY], ...scenario.ours },
			{ id: id(), name: pair.http, position: [x, httpY], ...scenario.http },
		);
		if (pair.split && scenario.splitOut)
			nodes.push({
				id: id(),
				name: pair.split,
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [x + 200, httpY],
				parameters: scenario.splitOut,
			});
		if (oursFirst) {
			connect(parent, pair.ours, output);
			connect(parent, pair.http, output);
		} else {
			connect(parent, pair.http, output);
			connect(parent, pair.ours, output);
		}
		if (pair.split) connect(pair.http, pair.split);
	};

	const pairName = (label: string, round: number): Pair => ({
		ours: `${scenario.oursLabel} ${label}`,
		http: `HTTP Request ${label}`,
		split: scenario.splitOut ? `Split Out ${label}` : undefined,
		round,
	});
	const warmUp = pairName('warm-up', 0);
	addPair(warmUp, source, 0, true, 400, 0);
	nodes.push({
		id: id(),
		name: 'Order?',
		type: 'n8n-nodes-base.if',
		typeVersion: 2,
		position: [400, 400],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
				conditions: [
					{
						id: 'b0000000-0000-4000-a000-000000000001',
						leftValue: '={{ $env.BENCH_ORDER }}',
						rightValue: 'ours-first',
						operator: { type: 'string', operation: 'equals' },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	});
	connect(source, 'Order?');
	const chains: Record<Order, Pair[]> = { 'ours-first': [], 'http-first': [] };
	for (const [output, order, chain] of [
		[0, 'ours-first', 'A'],
		[1, 'http-first', 'B'],
	] as const) {
		for (let round = 1; round <= rounds; round++) {
			const pair = pairName(`${chain}${round}`, round);
			chains[order].push(pair);
			const oursFirst = (round % 2 === 1) === (order === 'ours-first');
			addPair(pair, 'Order?', output, oursFirst, 600 + output * 600, 400 + (round - 1) * 400);
		}
	}
	return {
		warmUp,
		chains,
		workflow: {
			id: scenario.workflowId,
			name: scenario.workflowName,
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
	};
}

/** NDMP Session Get Many vs HTTP Request (next link) + Split Out on `records`. */
function ontapScenario(baseUrl: string, sessions: number, pageSize: number): Scenario {
	const firstUrl = `${baseUrl}${SESSIONS_PATH}?fields=*`;
	return {
		name: 'ontap',
		workflowId: 'benchOntapVsHttp1',
		workflowName: 'Bench: NetApp ONTAP node vs HTTP Request + Split Out',
		oursLabel: 'NetApp ONTAP',
		ours: {
			type: ONTAP_TYPE,
			typeVersion: 1,
			parameters: { resource: 'ndmpSession', operation: 'getAll', returnAll: true },
			credentials: { netAppOntapApi: { ...ONTAP_CREDENTIAL } },
		},
		http: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: firstUrl,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				options: {
					pagination: {
						pagination: {
							paginationMode: 'responseContainsNextURL',
							nextURL: `={{ $response.body?._links?.next?.href ? '${baseUrl}' + $response.body._links.next.href : '${firstUrl}' }}`,
							paginationCompleteWhen: 'other',
							completeExpression: '={{ !$response.body._links.next }}',
						},
					},
					response: { response: { responseFormat: 'json' } },
				},
			},
			credentials: { httpBasicAuth: { ...BASIC_CREDENTIAL } },
		},
		splitOut: { fieldToSplitOut: 'records', include: 'noOtherFields', options: {} },
		items: sessions,
		httpItems: Math.ceil(sessions / pageSize),
		credentials: [
			{
				...ONTAP_CREDENTIAL,
				type: 'netAppOntapApi',
				data: { baseUrl, username: USERNAME, password: PASSWORD, ignoreSslIssues: false },
			},
			{ ...BASIC_CREDENTIAL, type: 'httpBasicAuth', data: { user: USERNAME, password: PASSWORD } },
		],
	};
}

/**
 * QRadar Backup Get Many vs HTTP Request v4 paging with a Range header it computes from
 * $pageCount (0 for the first request, pages received so far afterwards), complete once
 * $pageCount pages of 500 cover the total of Content-Range (`items a-b/total`), or on an empty
 * page. That is the same number of requests as our node makes (it stops at the total too).
 */
function qradarScenario(baseUrl: string, backups: number, token: string): Scenario {
	const size = QRADAR_PAGE_SIZE;
	return {
		name: 'qradar',
		workflowId: 'benchQradarVsHttp',
		workflowName: 'Bench: IBM QRadar node vs HTTP Request (Range paging)',
		oursLabel: 'IBM QRadar',
		ours: {
			type: QRADAR_TYPE,
			typeVersion: 1,
			parameters: { resource: 'backup', operation: 'getAll', returnAll: true },
			credentials: { ibmQradarApi: { ...QRADAR_CREDENTIAL } },
		},
		http: {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `${baseUrl}${QRADAR_BACKUPS_PATH}`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: {
								parameters: [
									{
										type: 'headers',
										name: 'Range',
										value: `=items={{ $pageCount * ${size} }}-{{ $pageCount * ${size} + ${size - 1} }}`,
									},
								],
							},
							paginationCompleteWhen: 'other',
							completeExpression: `={{ $response.body.length === 0 || $pageCount * ${size} >= Number(String($response.headers['content-range'] ?? '').split('/').pop()) }}`,
						},
					},
					response: { response: { responseFormat: 'json' } },
				},
			},
			credentials: { httpHeaderAuth: { ...HEADER_CREDENTIAL } },
		},
		items: backups,
		httpItems: backups,
		credentials: [
			{
				...QRADAR_CREDENTIAL,
				type: 'ibmQradarApi',
				data: { baseUrl, token, apiVersion: '', ignoreSslIssues: false },
			},
			{ ...HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'SEC', value: token } },
		],
	};
}

interface Task {
	startTime?: number;
	executionTime?: number;
	executionIndex?: number;
	executionStatus?: string;
	data?: { main?: Array<unknown[] | null> };
}

/** The run JSON `n8n execute` prints after "Execution was successful:" (pretty-printed). */
function runDataOf(stdout: string): Record<string, Task[]> {
	const marker = stdout.indexOf('Execution was successful:');
	if (marker < 0) throw new Error(`n8n execute did not succeed:\n${stdout.slice(-3000)}`);
	const start = stdout.indexOf('\n{\n', marker);
	const end = stdout.lastIndexOf('\n}');
	if (start < 0 || end < start) throw new Error('no run JSON in the output of n8n execute');
	const run = JSON.parse(stdout.slice(start + 1, end + 2)) as {
		data: { resultData: { runData: Record<string, Task[]>; error?: { message?: string } } };
	};
	if (run.data.resultData.error)
		throw new Error(`run failed: ${run.data.resultData.error.message}`);
	return run.data.resultData.runData;
}

function taskOf(runData: Record<string, Task[]>, node: string, expectItems?: number) {
	const task = runData[node]?.[0];
	if (!task || typeof task.executionTime !== 'number') throw new Error(`no run data for ${node}`);
	if (task.executionStatus && task.executionStatus !== 'success')
		throw new Error(`${node}: ${task.executionStatus}`);
	const items = task.data?.main?.[0]?.length ?? 0;
	if (expectItems !== undefined && items !== expectItems)
		throw new Error(`${node} returned ${items} items, expected ${expectItems}`);
	return { ms: task.executionTime, index: task.executionIndex ?? -1 };
}

/** NDMP Session Get Many vs HTTP Request + Split Out (ONTAP emulator behind the replay proxy). */
export async function measureInN8n(options: InN8nOptions): Promise<InN8nResult> {
	const emulator = await startOntapEmulator({
		sessions: options.sessions,
		defaultPageSize: options.pageSize,
		maxPageSize: options.pageSize,
		maxLifetimeMs: 15 * 60_000,
	});
	const proxy = await startReplayProxy(emulator.url);
	try {
		return await measureScenario(
			options,
			ontapScenario(proxy.url, options.sessions, options.pageSize),
			proxy,
			// Every page answered once by the emulator; from here on both sides get replayed answers.
			async () => await primeSessions(proxy.url, options.sessions),
		);
	} finally {
		await proxy.close();
		await emulator.close();
	}
}

/**
 * QRadar Backup Get Many vs HTTP Request with Range paging, over `options.sessions` backups
 * (the emulator's 4 seeded ones + bulk ones), QRadar emulator (HTTP) behind the replay proxy,
 * keyed on SEC and Range and replaying Content-Range.
 */
export async function measureQradarInN8n(options: InN8nOptions): Promise<InN8nResult> {
	const qradar = await startIbmQradarEmulator({
		https: false,
		backups: Math.max(0, options.sessions - SEED.backups.length),
		maxLifetimeMs: 15 * 60_000,
	});
	const proxy = await startReplayProxy(qradar.url, {
		keyHeaders: ['sec', 'range', 'version'],
		keepHeaders: ['content-range'],
	});
	try {
		return await measureScenario(
			{ ...options, pageSize: QRADAR_PAGE_SIZE },
			qradarScenario(proxy.url, options.sessions, qradar.token),
			proxy,
			async () => await primeQradarBackups(proxy.url, qradar.token, options.sessions),
		);
	} finally {
		await proxy.close();
		await qradar.close();
	}
}

async function measureScenario(
	options: InN8nOptions,
	scenario: Scenario,
	proxy: { stats: { hits: number; misses: number } },
	prime: () => Promise<void>,
): Promise<InN8nResult> {
	const { log } = options;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `${scenario.name}-bench-`));
	let instance: N8nInstance | undefined;
	try {
		const node = await ensureNode24();
		log(`${scenario.name}: building and packing the package; waiting for the cached n8n if needed`);
		const [install, tarball] = await Promise.all([
			(async (): Promise<N8nInstall> => {
				await waitForN8nCache(N8N_VERSION, log);
				return await ensureN8n(node);
			})(),
			packOnce(),
		]);
		log(
			`${scenario.name}: installing ${path.basename(tarball)} into a throw-away n8n ${install.version}`,
		);
		instance = await createN8nInstance(install, tarball);
		await instance.importCredentials(scenario.credentials);
		const {
			warmUp: warmUpPair,
			chains,
			workflow,
		} = buildWorkflow(scenario, options.roundsPerExecution, options.startPauseSeconds);
		await instance.importWorkflows([workflow]);

		await prime();

		const rounds: InN8nRound[] = [];
		const warmUp: InN8nRound[] = [];
		const executions: InN8nResult['executions'] = [];
		for (let execution = 1; execution <= options.executions; execution++) {
			const order: Order = execution % 2 === 1 ? 'ours-first' : 'http-first';
			log(
				`${scenario.name}: n8n execute ${execution}/${options.executions}: a warm-up pair and ${options.roundsPerExecution} rounds, ${order}`,
			);
			// BENCH_N8N_NODE_FLAGS (e.g. --trace-gc, --cpu-prof) goes to n8n's node, for diagnosis.
			const flags = (process.env.BENCH_N8N_NODE_FLAGS ?? '').split(' ').filter(Boolean);
			const spawnedAt = Date.now();
			const result = await runCommand(
				install.node,
				[...flags, install.bin, 'execute', `--id=${scenario.workflowId}`],
				{
					cwd: instance.root,
					env: { ...instance.env, BENCH_ORDER: order, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false' },
					timeoutMs: 5 * 60_000,
					stdoutFile: path.join(instance.root, 'logs', `bench-execute-${execution}.out`),
					stderrFile: path.join(instance.root, 'logs', `bench-execute-${execution}.err`),
				},
			);
			if (result.code !== 0) {
				throw new Error(
					`n8n execute exited ${result.code}${result.timedOut ? ' (timed out)' : ''}\n` +
						`${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`,
				);
			}
			const runData = runDataOf(result.stdout);
			executions.push({
				wallMs: result.durationMs,
				stdoutBytes: result.stdout.length,
				spawnedAt,
				nodeStart: Math.min(...Object.values(runData).map((t) => t[0]?.startTime ?? Infinity)),
			});
			const other = chains[order === 'ours-first' ? 'http-first' : 'ours-first'];
			if (other.some((pair) => runData[pair.ours] || runData[pair.http]))
				throw new Error(`the chain for ${order} did not run alone`);
			for (const pair of [warmUpPair, ...chains[order]]) {
				const ours = taskOf(runData, pair.ours, scenario.items);
				const http = taskOf(runData, pair.http, scenario.httpItems);
				const splitOut = pair.split
					? taskOf(runData, pair.split, scenario.items)
					: { ms: 0, index: -1 };
				const round: InN8nRound = {
					execution,
					round: pair.round,
					order: ours.index < http.index ? 'ours first' : 'http first',
					ours: ours.ms,
					http: http.ms,
					splitOut: splitOut.ms,
					ratio: ours.ms / (http.ms + splitOut.ms),
				};
				(pair.round === 0 ? warmUp : rounds).push(round);
			}
		}
		return {
			n8nVersion: install.version,
			scenario: scenario.name,
			sessions: scenario.items,
			pageSize: options.pageSize,
			splitOut: scenario.splitOut !== undefined,
			rounds,
			warmUp,
			median: {
				ours: median(rounds.map((r) => r.ours)),
				http: median(rounds.map((r) => r.http)),
				splitOut: median(rounds.map((r) => r.splitOut)),
				baseline: median(rounds.map((r) => r.http + r.splitOut)),
				ratio: median(rounds.map((r) => r.ours)) / median(rounds.map((r) => r.http + r.splitOut)),
				roundRatio: median(rounds.map((r) => r.ratio)),
				totalRatio: sum(rounds.map((r) => r.ours)) / sum(rounds.map((r) => r.http + r.splitOut)),
			},
			executions,
			replay: { ...proxy.stats },
		};
	} finally {
		if (process.env.BENCH_KEEP) log(`kept ${work} and ${instance?.root}`);
		else {
			instance?.remove();
			fs.rmSync(work, { recursive: true, force: true });
		}
	}
}

/**
 * Walks the QRadar backups once, 500 a page with Range (through the replay proxy), as both
 * sides will ask for them: SEC header, no Version header.
 */
export async function primeQradarBackups(
	baseUrl: string,
	token: string,
	expected: number,
): Promise<void> {
	let count = 0;
	for (let page = 0; ; page++) {
		const from = page * QRADAR_PAGE_SIZE;
		const response = await fetch(`${baseUrl}${QRADAR_BACKUPS_PATH}`, {
			headers: { SEC: token, Range: `items=${from}-${from + QRADAR_PAGE_SIZE - 1}` },
		});
		if (!response.ok) throw new Error(`priming QRadar page ${page}: HTTP ${response.status}`);
		const records = (await response.json()) as unknown[];
		count += records.length;
		const total = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '');
		if (!total) throw new Error(`priming QRadar page ${page}: no Content-Range total`);
		if (records.length === 0 || count >= Number(total[1])) break;
	}
	if (count !== expected)
		throw new Error(`the QRadar emulator served ${count} backups, expected ${expected}`);
}

/** Walks every page of the sessions collection once (through the replay proxy). */
export async function primeSessions(baseUrl: string, expected: number): Promise<void> {
	const authorization = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
	let next: string | undefined = `${baseUrl}${SESSIONS_PATH}?fields=*`;
	let count = 0;
	while (next) {
		const response = await fetch(next, { headers: { authorization } });
		if (!response.ok) throw new Error(`priming ${next}: HTTP ${response.status}`);
		const page = (await response.json()) as {
			records?: unknown[];
			_links?: { next?: { href?: string } };
		};
		count += page.records?.length ?? 0;
		const href = page._links?.next?.href;
		next = href ? new URL(href, baseUrl).toString() : undefined;
	}
	if (count !== expected)
		throw new Error(`the emulator served ${count} sessions, expected ${expected}`);
}

/** Make items (Set, raw JSON) -> Split items (Split Out): one item per element of `items`. */
function itemInputs(items: Array<Record<string, unknown>>): NodeJson[] {
	return [
		{
			name: 'Make items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
		},
		{
			name: 'Split items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
		},
	];
}

export interface PerItemOptions extends Omit<InN8nOptions, 'sessions' | 'pageSize'> {
	items: number;
	/** Our node's Options > Concurrency; undefined: the default (1, one item after the other). */
	concurrency?: number;
}

/**
 * NDMP SVM Get over `items` SVMs (one GET each) vs HTTP Request doing the same GET per item
 * (basic auth, `?fields=*`, n8n's default: every item's request started at once), ONTAP
 * emulator behind the replay proxy (the warm-up pair primes it).
 */
export async function measureSvmPerItemInN8n(
	options: PerItemOptions,
	addSvms: (emulator: Awaited<ReturnType<typeof startOntapEmulator>>, count: number) => string[],
): Promise<InN8nResult> {
	const emulator = await startOntapEmulator({ sessions: 0, maxLifetimeMs: 15 * 60_000 });
	const proxy = await startReplayProxy(emulator.url);
	try {
		const uuids = addSvms(emulator, options.items);
		const baseUrl = proxy.url;
		const suffix = options.concurrency ? `c${options.concurrency}` : 'c1';
		const scenario: Scenario = {
			name: 'ontap',
			workflowId: `benchSvmPerItem${suffix}`.slice(0, 20),
			workflowName: `Bench: NDMP SVM Get per item (${suffix}) vs HTTP Request`,
			oursLabel: 'NetApp ONTAP SVM Get',
			ours: {
				type: ONTAP_TYPE,
				typeVersion: 1,
				parameters: {
					resource: 'ndmpSvm',
					operation: 'get',
					svm: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' },
					...(options.concurrency ? { options: { concurrency: options.concurrency } } : {}),
				},
				credentials: { netAppOntapApi: { ...ONTAP_CREDENTIAL } },
			},
			http: {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					url: `=${baseUrl}/api/protocols/ndmp/svms/{{ $json.uuid }}?fields=*`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpBasicAuth',
					options: {},
				},
				credentials: { httpBasicAuth: { ...BASIC_CREDENTIAL } },
			},
			items: options.items,
			httpItems: options.items,
			credentials: [
				{
					...ONTAP_CREDENTIAL,
					type: 'netAppOntapApi',
					data: { baseUrl, username: USERNAME, password: PASSWORD, ignoreSslIssues: false },
				},
				{
					...BASIC_CREDENTIAL,
					type: 'httpBasicAuth',
					data: { user: USERNAME, password: PASSWORD },
				},
			],
			inputs: itemInputs(uuids.map((uuid) => ({ uuid }))),
		};
		return await measureScenario(
			{ ...options, sessions: options.items, pageSize: 1 },
			scenario,
			proxy,
			async () => {},
		);
	} finally {
		await proxy.close();
		await emulator.close();
	}
}

/**
 * QRadar Backup Get over `items` backups (one GET each) vs HTTP Request doing the same GET per
 * item (SEC header auth), QRadar emulator behind the replay proxy (the warm-up pair primes it).
 */
export async function measureQradarPerItemInN8n(options: PerItemOptions): Promise<InN8nResult> {
	const qradar = await startIbmQradarEmulator({
		https: false,
		backups: Math.max(0, options.items - SEED.backups.length),
		maxLifetimeMs: 15 * 60_000,
	});
	const proxy = await startReplayProxy(qradar.url, { keyHeaders: ['sec', 'version'] });
	try {
		const ids = qradar.state.backups.slice(0, options.items).map((backup) => backup.id);
		if (ids.length !== options.items)
			throw new Error(`the QRadar emulator holds ${ids.length} backups, expected ${options.items}`);
		const baseUrl = proxy.url;
		const suffix = options.concurrency ? `c${options.concurrency}` : 'c1';
		const scenario: Scenario = {
			name: 'qradar',
			workflowId: `benchQrPerItem${suffix}`.slice(0, 20),
			workflowName: `Bench: QRadar Backup Get per item (${suffix}) vs HTTP Request`,
			oursLabel: 'IBM QRadar Backup Get',
			ours: {
				type: QRADAR_TYPE,
				typeVersion: 1,
				parameters: {
					resource: 'backup',
					operation: 'get',
					backup: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
					...(options.concurrency ? { options: { concurrency: options.concurrency } } : {}),
				},
				credentials: { ibmQradarApi: { ...QRADAR_CREDENTIAL } },
			},
			http: {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					url: `=${baseUrl}${QRADAR_BACKUPS_PATH}/{{ $json.id }}`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					options: {},
				},
				credentials: { httpHeaderAuth: { ...HEADER_CREDENTIAL } },
			},
			items: options.items,
			httpItems: options.items,
			credentials: [
				{
					...QRADAR_CREDENTIAL,
					type: 'ibmQradarApi',
					data: { baseUrl, token: qradar.token, apiVersion: '', ignoreSslIssues: false },
				},
				{
					...HEADER_CREDENTIAL,
					type: 'httpHeaderAuth',
					data: { name: 'SEC', value: qradar.token },
				},
			],
			inputs: itemInputs(ids.map((id) => ({ id }))),
		};
		return await measureScenario(
			{ ...options, sessions: options.items, pageSize: 1 },
			scenario,
			proxy,
			async () => {},
		);
	} finally {
		await proxy.close();
		await qradar.close();
	}
}
