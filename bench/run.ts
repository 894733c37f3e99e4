/**
 * `npm run bench`: what the NetApp ONTAP node costs next to doing the same job without it.
 * A benchmark, never a test: it prints ratios measured side by side in one run and writes them
 * to bench/results/<timestamp>.json and bench/results/latest.json; it fails only when it could
 * not measure. Build and run: `tsc -p bench/tsconfig.json && node bench/.build/bench/run.js`.
 *
 * 1. in a real n8n (in-n8n.ts): NDMP Session Get Many (Return All) vs HTTP Request (next-link
 *    pagination) + Split Out, n8n's own per-node executionTime, alternating branches.
 *    Part `qradar`: the same for the IBM QRadar node's Backup Get Many (Range: items=a-b paging)
 *    vs HTTP Request paging with a Range header (it splits the array pages itself).
 * 2. in-process (in-process.ts children, test/harness): NDMP SVM Get over many items vs a plain
 *    axios loop; Return All of many sessions vs an axios paging loop, with peak memory.
 * 3. Options > Concurrency: 1,000 NDMP session kills against an emulator answering in 20 ms,
 *    at concurrency 16 vs 1 (in-process children).
 * 4. cold start (cold-start.ts): loading every node and credential of the built package in a
 *    fresh process, against a 100 ms budget.
 * 5. per item in a real n8n (in-n8n.ts, part `peritem`): 2,000 items of NDMP SVM Get and of
 *    QRadar Backup Get (one GET each) through our node, at Concurrency 1 (default) and 16, vs
 *    n8n's HTTP Request node making the same GET per item, in the same execution, by n8n's
 *    per-node executionTime (goal <= 1.0); the in-process SVM Get row stays as the floor.
 * 6. big files in a real n8n (big-files.ts, part `bigfiles`): a 256 MB ONTAP backup download
 *    and a 256 MB SAP restore upload, filesystem binary mode: n8n's RSS growth (/proc of the
 *    n8n process and its task runner, proc-memory.ts) against a 64 MB budget, bytes checked by
 *    SHA-256 end to end, and the time against HTTP Request moving the same file.
 *
 * Every ratio is ours / baseline of the per-side medians. The emulator's answers are replayed
 * from memory after the first time (replay.ts), so the appliance costs both sides the same
 * small amount. Sizes: BENCH_* variables (CONFIG); BENCH_ONLY=n8n,qradar,svm,sessions,kills,coldstart,peritem,bigfiles
 * picks parts.
 * Servers listen on 127.0.0.1, port 0, and close themselves; every child runs in its own
 * process group with a timeout, and the whole run gives up after BENCH_DEADLINE_MS.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { REPO_ROOT, killAllChildren, runCommand } from '../test/e2e/n8n';
import { startOntapEmulator } from '../test/emulators/ontap';
import { measureBigFiles, type BigDirection } from './big-files';
import { GOAL_COLD_START_MS, measureColdStart } from './cold-start';
import { ACCEPT, PASSWORD, USERNAME, addSvms, median } from './fixtures';
import {
	measureInN8n,
	measureQradarInN8n,
	measureQradarPerItemInN8n,
	measureSvmPerItemInN8n,
	primeSessions,
	type InN8nResult,
} from './in-n8n';
import { startReplayProxy } from './replay';

const int = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isInteger(value) && value > 0 ? value : fallback;
};

const CONFIG = {
	n8nSessions: int('BENCH_N8N_SESSIONS', 10_000),
	pageSize: int('BENCH_PAGE_SIZE', 1_000),
	n8nExecutions: int('BENCH_N8N_EXECUTIONS', 4),
	n8nRoundsPerExecution: int('BENCH_N8N_ROUNDS', 3),
	qradarBackups: int('BENCH_QRADAR_BACKUPS', 10_000),
	svmItems: int('BENCH_SVM_ITEMS', 2_000),
	svmRounds: int('BENCH_SVM_ROUNDS', 5),
	bigSessions: int('BENCH_BIG_SESSIONS', 100_000),
	bigRuns: int('BENCH_BIG_RUNS', 3),
	coldStartRuns: int('BENCH_COLD_START_RUNS', 7),
	kills: int('BENCH_KILLS', 1_000),
	killLatencyMs: int('BENCH_KILL_LATENCY_MS', 20),
	killConcurrency: int('BENCH_KILL_CONCURRENCY', 16),
	perItemItems: int('BENCH_PER_ITEM_ITEMS', 2_000),
	perItemExecutions: int('BENCH_PER_ITEM_EXECUTIONS', 2),
	perItemRounds: int('BENCH_PER_ITEM_ROUNDS', 3),
	perItemConcurrency: int('BENCH_PER_ITEM_CONCURRENCY', 16),
	bigFileMb: int('BENCH_BIG_FILE_MB', 256),
	bigFileExecutions: int('BENCH_BIG_FILE_EXECUTIONS', 4),
	bigFileGapSeconds: int('BENCH_BIG_FILE_GAP_SECONDS', 2),
};
const GOAL_IN_N8N = 1.0;
const GOAL_PER_ITEM = 1.15;
/** n8n's RSS may grow at most this much while one big file moves through our node. */
const GOAL_BIG_FILE_RSS_MB = 64;
/** The whole bench gives up after this long (children and servers die with it). */
const DEADLINE_MS = int('BENCH_DEADLINE_MS', 40 * 60_000);

const started = Date.now();
function log(message: string): void {
	process.stderr.write(
		`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`,
	);
}

const CHILD = path.join(__dirname, 'in-process.js');

/** Runs in-process.js in a child process (own process group, timeout) and reads its JSON. */
async function child<T>(
	work: string,
	label: string,
	args: string[],
	timeoutMs = 5 * 60_000,
): Promise<T> {
	const resultFile = path.join(work, `${label}.json`);
	// BENCH_CHILD_NODE_FLAGS (e.g. --cpu-prof) goes to the child's node, for diagnosis.
	const flags = (process.env.BENCH_CHILD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
	const result = await runCommand(
		process.execPath,
		[...flags, '--expose-gc', CHILD, ...args, resultFile],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, NODE_ENV: 'production', N8N_LOG_LEVEL: 'warn' },
			timeoutMs,
			stdoutFile: path.join(work, `${label}.out`),
		},
	);
	if (result.code !== 0 || !fs.existsSync(resultFile)) {
		throw new Error(
			`${label} ${result.timedOut ? 'timed out' : `exited ${result.code}`}\n${result.stdout.slice(-3000)}`,
		);
	}
	return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as T;
}

interface SvmResult {
	count: number;
	ours: number[];
	oursWall: number[];
	raw: number[];
}

async function measureSvmGet(work: string) {
	const emulator = await startOntapEmulator({ sessions: 0, maxLifetimeMs: 10 * 60_000 });
	const proxy = await startReplayProxy(emulator.url);
	try {
		const uuids = addSvms(emulator, CONFIG.svmItems);
		// Each record answered once by the emulator, replayed afterwards.
		const authorization = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
		for (const uuid of uuids) {
			const response = await fetch(`${proxy.url}/api/protocols/ndmp/svms/${uuid}?fields=*`, {
				headers: { authorization, accept: ACCEPT },
			});
			if (!response.ok) throw new Error(`priming SVM ${uuid}: HTTP ${response.status}`);
			await response.arrayBuffer();
		}
		log(`NDMP SVM Get: ${CONFIG.svmItems} items, ${CONFIG.svmRounds} rounds each side (one child)`);
		const result = await child<SvmResult>(work, 'svm', [
			'svm',
			proxy.url,
			String(CONFIG.svmItems),
			String(CONFIG.svmRounds),
		]);
		return { ...result, replay: { ...proxy.stats } };
	} finally {
		await proxy.close();
		await emulator.close();
	}
}

interface Memory {
	rssBase: number;
	rssPeak: number;
	rssDelta: number;
	heapBase: number;
	heapPeak: number;
	heapDelta: number;
}
interface SessionsLeg {
	side: string;
	ms: number;
	wallMs: number;
	items: number;
	memory: Memory;
}

async function measureReturnAll(work: string) {
	log(
		`seeding ${CONFIG.bigSessions} sessions (${CONFIG.pageSize} a page) and reading every page once`,
	);
	const emulator = await startOntapEmulator({
		sessions: CONFIG.bigSessions,
		defaultPageSize: CONFIG.pageSize,
		maxPageSize: CONFIG.pageSize,
		maxLifetimeMs: 10 * 60_000,
	});
	const proxy = await startReplayProxy(emulator.url);
	try {
		await primeSessions(proxy.url, CONFIG.bigSessions);
		const runs: Array<{ ours: SessionsLeg; raw: SessionsLeg }> = [];
		for (let run = 0; run < CONFIG.bigRuns; run++) {
			const order = run % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
			const legs: Record<string, SessionsLeg> = {};
			for (const side of order) {
				log(`Return All ${CONFIG.bigSessions}: run ${run + 1}/${CONFIG.bigRuns}, ${side}`);
				legs[side] = await child<SessionsLeg>(work, `sessions-${side}-${run}`, [
					'sessions',
					proxy.url,
					side,
					String(CONFIG.bigSessions),
				]);
			}
			runs.push({ ours: legs.ours as SessionsLeg, raw: legs.raw as SessionsLeg });
		}
		return { runs, replay: { ...proxy.stats } };
	} finally {
		await proxy.close();
		await emulator.close();
	}
}

interface KillsLeg {
	concurrency: number;
	ms: number;
	wallMs: number;
	items: number;
}

/**
 * Options > Concurrency: the same session kills one after the other and side by side, each
 * run on a fresh emulator seeded with the sessions and answering every call after a delay.
 */
async function measureKills(work: string) {
	const legs: KillsLeg[] = [];
	for (const concurrency of [1, CONFIG.killConcurrency, CONFIG.killConcurrency, 1]) {
		const emulator = await startOntapEmulator({
			sessions: CONFIG.kills,
			maxPageSize: CONFIG.kills,
			maxLifetimeMs: 10 * 60_000,
		});
		try {
			emulator.faults.slowNext(CONFIG.kills * 2 + 10, CONFIG.killLatencyMs);
			log(
				`NDMP session kills: ${CONFIG.kills} at concurrency ${concurrency}, ${CONFIG.killLatencyMs} ms per answer`,
			);
			legs.push(
				await child<KillsLeg>(work, `kills-${concurrency}-${legs.length}`, [
					'kills',
					emulator.url,
					String(concurrency),
					String(CONFIG.kills),
				]),
			);
			if (emulator.state.sessions.length !== 0)
				throw new Error(`${emulator.state.sessions.length} sessions were not killed`);
		} finally {
			await emulator.close();
		}
	}
	return legs;
}

// ---------------------------------------------------------------------------
// report
// ---------------------------------------------------------------------------

interface Row {
	measurement: string;
	ours: number;
	baseline: number;
	unit: string;
	ratio: number;
	goal?: number;
}

const MB = 1024 * 1024;

function fmt(value: number, unit: string): string {
	if (!Number.isFinite(value)) return 'n/a';
	if (unit === 'ms/item') return `${value.toFixed(3)} ms`;
	if (unit === 'MB') return `${value.toFixed(0)} MB`;
	return `${Math.round(value).toLocaleString('en-US')} ms`;
}

function table(rows: Row[]): string {
	const lines = [
		'| measurement | ours | baseline | ratio | goal | ok |',
		'| --- | ---: | ---: | ---: | ---: | :---: |',
	];
	for (const row of rows) {
		const ok = row.goal === undefined ? '-' : row.ratio <= row.goal ? 'yes' : 'NO';
		lines.push(
			`| ${row.measurement} | ${fmt(row.ours, row.unit)} | ${fmt(row.baseline, row.unit)} | ${row.ratio.toFixed(2)} | ${
				row.goal === undefined ? '-' : `<= ${row.goal.toFixed(2)}`
			} | ${ok} |`,
		);
	}
	return lines.join('\n');
}

function gitRevision(): string | undefined {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		}).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		}).trim();
		return dirty ? `${head} + uncommitted changes` : head;
	} catch {
		return undefined;
	}
}

async function main() {
	const deadline = setTimeout(() => {
		log(`giving up after ${DEADLINE_MS / 1000} s`);
		killAllChildren();
		process.exit(2);
	}, DEADLINE_MS);
	deadline.unref();
	const only = (
		process.env.BENCH_ONLY ?? 'n8n,qradar,svm,sessions,kills,coldstart,peritem,bigfiles'
	).split(',');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ontap-bench-inproc-'));
	const rows: Row[] = [];
	const details: Record<string, unknown> = {};
	const notes: string[] = [];
	try {
		if (only.includes('kills')) {
			const legs = await measureKills(work);
			details.kills = legs;
			const serial = legs.filter((leg) => leg.concurrency === 1).map((leg) => leg.ms);
			const parallel = legs.filter((leg) => leg.concurrency !== 1).map((leg) => leg.ms);
			rows.push({
				measurement: `in-process: ${CONFIG.kills.toLocaleString('en-US')} NDMP session kills, ${CONFIG.killLatencyMs} ms per answer: Concurrency ${CONFIG.killConcurrency} vs 1`,
				ours: median(parallel),
				baseline: median(serial),
				unit: 'ms',
				ratio: median(parallel) / median(serial),
			});
			notes.push(
				`kills: speed-up ${(median(serial) / median(parallel)).toFixed(1)}x; runs ${legs.map((leg) => `c${leg.concurrency} ${Math.round(leg.ms)} ms`).join(', ')}`,
			);
		}
		if (only.includes('coldstart')) {
			// the other parts pack the package (and so build it); this one needs dist/ first
			if (!fs.existsSync(path.join(REPO_ROOT, 'dist'))) {
				log('cold start: building the package');
				execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
			}
			const cold = await measureColdStart(work, CONFIG.coldStartRuns);
			details.coldStart = cold;
			rows.push({
				measurement: `cold start: require and construct every node and credential (${cold.files} files, n8n-workflow already loaded) vs a ${GOAL_COLD_START_MS} ms budget`,
				ours: cold.median,
				baseline: GOAL_COLD_START_MS,
				unit: 'ms',
				ratio: cold.median / GOAL_COLD_START_MS,
				goal: 1,
			});
			notes.push(
				`cold start: ${cold.runs.length} fresh processes, ${cold.runs.map((ms) => ms.toFixed(1)).join(', ')} ms`,
			);
		}
		if (only.includes('n8n')) {
			const n8n: InN8nResult = await measureInN8n({
				sessions: CONFIG.n8nSessions,
				pageSize: CONFIG.pageSize,
				executions: CONFIG.n8nExecutions,
				roundsPerExecution: CONFIG.n8nRoundsPerExecution,
				startPauseSeconds: 3,
				log,
			});
			details.inN8n = n8n;
			rows.push({
				measurement: `n8n ${n8n.n8nVersion}: NDMP Session Get Many, Return All ${n8n.sessions.toLocaleString('en-US')} (${n8n.pageSize}/page) vs HTTP Request + Split Out`,
				ours: n8n.median.ours,
				baseline: n8n.median.baseline,
				unit: 'ms',
				ratio: n8n.median.ratio,
				goal: GOAL_IN_N8N,
			});
			notes.push(
				`n8n: ${n8n.rounds.length} rounds (${CONFIG.n8nExecutions} n8n executions x ${CONFIG.n8nRoundsPerExecution} rounds, each after a warm-up pair), ` +
					`median per side; HTTP Request ${fmt(n8n.median.http, 'ms')} + Split Out ${fmt(n8n.median.splitOut, 'ms')}; ` +
					`round ratios ${n8n.rounds.map((r) => r.ratio.toFixed(2)).join(', ')} (median ${n8n.median.roundRatio.toFixed(2)}); ` +
					`ratio of the totals, garbage collection included: ${n8n.median.totalRatio.toFixed(2)}`,
			);
		}
		if (only.includes('qradar')) {
			const qradar: InN8nResult = await measureQradarInN8n({
				sessions: CONFIG.qradarBackups,
				pageSize: 500,
				executions: CONFIG.n8nExecutions,
				roundsPerExecution: CONFIG.n8nRoundsPerExecution,
				startPauseSeconds: 3,
				log,
			});
			details.qradarInN8n = qradar;
			rows.push({
				measurement: `n8n ${qradar.n8nVersion}: QRadar Backup Get Many, Return All ${qradar.sessions.toLocaleString('en-US')} (Range, ${qradar.pageSize}/page) vs HTTP Request (Range pagination)`,
				ours: qradar.median.ours,
				baseline: qradar.median.baseline,
				unit: 'ms',
				ratio: qradar.median.ratio,
				goal: GOAL_IN_N8N,
			});
			notes.push(
				`qradar: ${qradar.rounds.length} rounds (${CONFIG.n8nExecutions} n8n executions x ${CONFIG.n8nRoundsPerExecution} rounds, each after a warm-up pair), ` +
					`median per side; HTTP Request ${fmt(qradar.median.http, 'ms')} (no Split Out: it outputs one item per array element); ` +
					`round ratios ${qradar.rounds.map((r) => r.ratio.toFixed(2)).join(', ')} (median ${qradar.median.roundRatio.toFixed(2)}); ` +
					`ratio of the totals, garbage collection included: ${qradar.median.totalRatio.toFixed(2)}`,
			);
		}
		if (only.includes('peritem')) {
			const variants: Array<[string, number | undefined]> = [
				['Concurrency 1 (default)', undefined],
				[`Concurrency ${CONFIG.perItemConcurrency}`, CONFIG.perItemConcurrency],
			];
			const perItem: Record<string, InN8nResult> = {};
			for (const [system, run] of [
				[
					'NDMP SVM Get',
					(concurrency?: number) =>
						measureSvmPerItemInN8n(
							{
								items: CONFIG.perItemItems,
								concurrency,
								executions: CONFIG.perItemExecutions,
								roundsPerExecution: CONFIG.perItemRounds,
								startPauseSeconds: 3,
								log,
							},
							addSvms,
						),
				],
				[
					'QRadar Backup Get',
					(concurrency?: number) =>
						measureQradarPerItemInN8n({
							items: CONFIG.perItemItems,
							concurrency,
							executions: CONFIG.perItemExecutions,
							roundsPerExecution: CONFIG.perItemRounds,
							startPauseSeconds: 3,
							log,
						}),
				],
			] as const) {
				// BENCH_PER_ITEM_ONLY=svm|qradar narrows the part (for diagnosis)
				const narrow = process.env.BENCH_PER_ITEM_ONLY;
				if (narrow && !system.toLowerCase().includes(narrow)) continue;
				for (const [variant, concurrency] of variants) {
					log(`per item in n8n: ${system}, ${CONFIG.perItemItems} items, ${variant}`);
					const result = await run(concurrency);
					perItem[`${system}, ${variant}`] = result;
					rows.push({
						measurement: `n8n ${result.n8nVersion}: ${system}, ${CONFIG.perItemItems.toLocaleString('en-US')} items (1 GET each), ${variant} vs HTTP Request (same GET per item, n8n's default: all at once)`,
						ours: result.median.ours,
						baseline: result.median.baseline,
						unit: 'ms',
						ratio: result.median.ratio,
						goal: GOAL_IN_N8N,
					});
					notes.push(
						`${system} per item, ${variant}: ${result.rounds.length} rounds (${CONFIG.perItemExecutions} n8n executions x ${CONFIG.perItemRounds}, each after a warm-up pair), ` +
							`per item ours ${(result.median.ours / CONFIG.perItemItems).toFixed(3)} ms vs HTTP Request ${(result.median.http / CONFIG.perItemItems).toFixed(3)} ms; ` +
							`round ratios ${result.rounds.map((r) => r.ratio.toFixed(2)).join(', ')}; replay ${result.replay.hits} hits / ${result.replay.misses} misses`,
					);
				}
			}
			details.perItemInN8n = perItem;
		}
		if (only.includes('bigfiles')) {
			const big = await measureBigFiles({
				megabytes: CONFIG.bigFileMb,
				executions: CONFIG.bigFileExecutions,
				gapSeconds: CONFIG.bigFileGapSeconds,
				log,
			});
			details.bigFiles = big;
			const directions: Array<[string, BigDirection, string, string]> = [
				[
					`ONTAP configuration backup download`,
					big.download,
					'NetApp ONTAP Download',
					'HTTP Request (Response Format: File)',
				],
				[
					`SAP Cloud Connector restore upload (from Read/Write Files from Disk)`,
					big.upload,
					'SAP Cloud Connector Restore',
					'HTTP Request (multipart/form-data from the binary)',
				],
			];
			for (const [what, direction, ours, http] of directions) {
				const side = (name: 'ours' | 'http') => direction.legs.filter((leg) => leg.side === name);
				const growth = (name: 'ours' | 'http') =>
					median(side(name).map((leg) => leg.n8n.growth)) / MB;
				const label = `n8n ${big.n8nVersion}: ${CONFIG.bigFileMb} MB ${what}, filesystem binary mode`;
				rows.push({
					measurement: `${label}: n8n RSS growth, ${ours} vs a ${GOAL_BIG_FILE_RSS_MB} MB budget`,
					ours: growth('ours'),
					baseline: GOAL_BIG_FILE_RSS_MB,
					unit: 'MB',
					ratio: growth('ours') / GOAL_BIG_FILE_RSS_MB,
					goal: 1,
				});
				rows.push({
					measurement: `${label}: n8n RSS growth, ${http} vs the same budget (for comparison)`,
					ours: growth('http'),
					baseline: GOAL_BIG_FILE_RSS_MB,
					unit: 'MB',
					ratio: growth('http') / GOAL_BIG_FILE_RSS_MB,
				});
				const oursMs = median(side('ours').map((leg) => leg.ms));
				const httpMs = median(side('http').map((leg) => leg.ms));
				rows.push({
					measurement: `${label}: time, ${ours} vs ${http}`,
					ours: oursMs,
					baseline: httpMs,
					unit: 'ms',
					ratio: oursMs / httpMs,
					goal: GOAL_IN_N8N,
				});
				const intact = direction.legs.filter((leg) => leg.intact).length;
				notes.push(
					`${what}: ${direction.legs.length / 2} n8n executions (sides alternating first); bytes checked end to end (SHA-256 ${direction.sha256.slice(0, 12)}..., ${direction.bytes.toLocaleString('en-US')} bytes): ${intact}/${direction.legs.length} intact; ` +
						direction.legs
							.map(
								(leg) =>
									`${leg.side}#${leg.execution}${leg.first ? ' (first)' : ''} ${Math.round(leg.ms)} ms, n8n RSS ${fmt(leg.n8n.before / MB, 'MB')} -> peak +${(leg.n8n.growth / MB).toFixed(1)} MB (VmHWM +${(leg.n8n.hwmGrowth / MB).toFixed(1)} MB)` +
									(leg.runner
										? `, runner +${(leg.runner.growth / MB).toFixed(1)} MB`
										: ', no runner process'),
							)
							.join('; '),
				);
				if (intact !== direction.legs.length)
					notes.push(`${what}: ${direction.legs.length - intact} TRANSFERS WERE NOT INTACT`);
			}
		}
		if (only.includes('svm')) {
			const svm = await measureSvmGet(work);
			details.svmGet = svm;
			const ratios = svm.ours.map((ours, i) => ours / (svm.raw[i] as number));
			rows.push({
				measurement: `in-process: NDMP SVM Get, ${svm.count.toLocaleString('en-US')} items (1 request each) vs axios loop, per item`,
				ours: median(svm.ours) / svm.count,
				baseline: median(svm.raw) / svm.count,
				unit: 'ms/item',
				ratio: median(svm.ours) / median(svm.raw),
				goal: GOAL_PER_ITEM,
			});
			notes.push(
				`SVM Get: ${svm.ours.length} rounds per side in one child (n8n-core harness vs axios, alternating), ` +
					`round ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`,
			);
		}
		if (only.includes('sessions')) {
			const big = await measureReturnAll(work);
			details.returnAll = big;
			const label = `in-process: NDMP Session Return All ${CONFIG.bigSessions.toLocaleString('en-US')} (${CONFIG.pageSize}/page) vs axios paging loop`;
			const ours = big.runs.map((r) => r.ours);
			const raw = big.runs.map((r) => r.raw);
			rows.push({
				measurement: `${label}, time`,
				ours: median(ours.map((l) => l.ms)),
				baseline: median(raw.map((l) => l.ms)),
				unit: 'ms',
				ratio: median(ours.map((l) => l.ms)) / median(raw.map((l) => l.ms)),
			});
			rows.push({
				measurement: `${label}, peak RSS growth`,
				ours: median(ours.map((l) => l.memory.rssDelta)) / MB,
				baseline: median(raw.map((l) => l.memory.rssDelta)) / MB,
				unit: 'MB',
				ratio:
					median(ours.map((l) => l.memory.rssDelta)) / median(raw.map((l) => l.memory.rssDelta)),
			});
			rows.push({
				measurement: `${label}, peak heap used growth`,
				ours: median(ours.map((l) => l.memory.heapDelta)) / MB,
				baseline: median(raw.map((l) => l.memory.heapDelta)) / MB,
				unit: 'MB',
				ratio:
					median(ours.map((l) => l.memory.heapDelta)) / median(raw.map((l) => l.memory.heapDelta)),
			});
			notes.push(
				`Return All: ${CONFIG.bigRuns} runs per side, each in its own child process (alternating), round time ratios ${big.runs
					.map((r) => (r.ours.ms / r.raw.ms).toFixed(2))
					.join(', ')}; peak RSS ours ${fmt(
					median(ours.map((l) => l.memory.rssPeak)) / MB,
					'MB',
				)} vs ${fmt(median(raw.map((l) => l.memory.rssPeak)) / MB, 'MB')} (absolute, child incl. n8n-core)`,
			);
		}
	} finally {
		killAllChildren();
		fs.rmSync(work, { recursive: true, force: true });
	}

	const durationMs = Date.now() - started;
	const output = [
		table(rows),
		'',
		...notes.map((n) => `- ${n}`),
		`- bench took ${(durationMs / 1000).toFixed(0)} s`,
	].join('\n');
	process.stdout.write(`\n${output}\n`);

	const resultsDir = path.join(REPO_ROOT, 'bench', 'results');
	fs.mkdirSync(resultsDir, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const json = {
		startedAt: new Date(started).toISOString(),
		durationMs,
		revision: gitRevision(),
		node: process.version,
		host: { cpus: os.cpus().length, platform: `${process.platform}-${process.arch}` },
		config: CONFIG,
		rows: rows.map((row) => ({
			...row,
			ok: row.goal === undefined ? undefined : row.ratio <= row.goal,
		})),
		notes,
		table: output,
		details,
	};
	const file = path.join(resultsDir, `${stamp}.json`);
	fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
	fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
	log(`results: ${path.relative(REPO_ROOT, file)} (and bench/results/latest.json)`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		killAllChildren();
		process.stderr.write(
			`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
