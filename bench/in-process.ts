/**
 * Child process for the in-process measurements (spawned by run.ts, one process per job so
 * its peak memory is its own). Runs the node through test/harness (n8n-core's WorkflowExecute,
 * the way test/ontap/*.test.ts do) and the baseline as a plain axios loop, against the
 * emulator URL it is given, and writes its figures as JSON to the file named last.
 *
 *   node in-process.js svm <url> <uuidCount> <rounds> <resultFile>
 *   node in-process.js sessions <url> <ours|raw> <expectedCount> <resultFile>
 *   node in-process.js kills <url> <concurrency> <expectedCount> <resultFile>
 */
// The harness first: it sets n8n's environment before any n8n service is built.
import { runNode } from '../test/harness';

import axios from 'axios';
import * as fs from 'node:fs';

import { NetAppOntapApi } from '../credentials/NetAppOntapApi.credentials';
import { NetAppOntap } from '../nodes/NetAppOntap/NetAppOntap.node';
import { ACCEPT, ONTAP_TYPE, PASSWORD, SESSIONS_PATH, USERNAME, svmUuid } from './fixtures';

type Json = Record<string, unknown>;

function credential(url: string) {
	return {
		type: 'netAppOntapApi',
		id: 'bench-ontap',
		name: 'ONTAP emulator (bench)',
		data: { baseUrl: url, username: USERNAME, password: PASSWORD, ignoreSslIssues: false },
	};
}

/** The node in a workflow: returns n8n's own executionTime of the node and its item count. */
async function runOurs(
	url: string,
	parameters: Record<string, unknown>,
	inputItems?: Array<{ json: Json }>,
): Promise<{ ms: number; wallMs: number; items: number }> {
	const started = performance.now();
	const result = await runNode({
		nodeType: ONTAP_TYPE,
		node: new NetAppOntap(),
		credentialTypes: [new NetAppOntapApi()],
		credentials: [credential(url)],
		parameters,
		...(inputItems ? { inputItems: inputItems as never } : {}),
	});
	const wallMs = performance.now() - started;
	if (result.error) throw new Error(`the node failed: ${result.error.message}`);
	const task = result.runData[result.nodeName]?.[0];
	if (!task || typeof task.executionTime !== 'number')
		throw new Error('no executionTime in run data');
	return { ms: task.executionTime, wallMs, items: result.items.length };
}

const auth = { username: USERNAME, password: PASSWORD };

async function rawSvmLoop(url: string, uuids: string[]): Promise<{ ms: number; items: number }> {
	const started = performance.now();
	const items: Array<{ json: Json }> = [];
	for (const uuid of uuids) {
		const response = await axios.get<Json>(
			`${url}/api/protocols/ndmp/svms/${encodeURIComponent(uuid)}`,
			{ params: { fields: '*' }, auth, headers: { Accept: ACCEPT } },
		);
		items.push({ json: response.data });
	}
	return { ms: performance.now() - started, items: items.length };
}

async function rawPagingLoop(url: string): Promise<{ ms: number; items: number; keep: unknown }> {
	const started = performance.now();
	const items: Array<{ json: Json }> = [];
	let next: string | undefined = `${url}${SESSIONS_PATH}?fields=*`;
	while (next) {
		const response: { data: { records?: Json[]; _links?: { next?: { href?: string } } } } =
			await axios.get(next, { auth, headers: { Accept: ACCEPT } });
		for (const record of response.data.records ?? []) items.push({ json: record });
		const href = response.data._links?.next?.href;
		next = href ? new URL(href, url).toString() : undefined;
	}
	return { ms: performance.now() - started, items: items.length, keep: items };
}

/** Samples rss / heapUsed every 5 ms while `job` runs; the kernel's max RSS settles the peak. */
async function withMemory<T>(job: () => Promise<T>) {
	global.gc?.();
	const base = process.memoryUsage();
	let heapPeak = base.heapUsed;
	let rssPeak = base.rss;
	const timer = setInterval(() => {
		const now = process.memoryUsage();
		if (now.heapUsed > heapPeak) heapPeak = now.heapUsed;
		if (now.rss > rssPeak) rssPeak = now.rss;
	}, 5);
	try {
		const value = await job();
		const now = process.memoryUsage();
		heapPeak = Math.max(heapPeak, now.heapUsed);
		const maxRss = process.resourceUsage().maxRSS * 1024;
		rssPeak = Math.max(rssPeak, now.rss, maxRss);
		return {
			value,
			memory: {
				rssBase: base.rss,
				rssPeak,
				rssDelta: rssPeak - base.rss,
				heapBase: base.heapUsed,
				heapPeak,
				heapDelta: heapPeak - base.heapUsed,
			},
		};
	} finally {
		clearInterval(timer);
	}
}

async function svmJob(url: string, count: number, rounds: number) {
	const uuids = Array.from({ length: count }, (_, i) => svmUuid(i));
	const parameters = {
		resource: 'ndmpSvm',
		operation: 'get',
		svm: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' },
	};
	const input = uuids.map((uuid) => ({ json: { uuid } }));
	// Warm-up (not counted): both paths once over a tenth of the items.
	const warm = Math.max(1, Math.floor(count / 10));
	await runOurs(url, parameters, input.slice(0, warm));
	await rawSvmLoop(url, uuids.slice(0, warm));
	const ours: number[] = [];
	const oursWall: number[] = [];
	const raw: number[] = [];
	for (let round = 0; round < rounds; round++) {
		// ABBA order so neither side always runs first.
		const order = round % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
		for (const side of order) {
			if (side === 'ours') {
				const result = await runOurs(url, parameters, input);
				if (result.items !== count)
					throw new Error(`ours: ${result.items} items, expected ${count}`);
				ours.push(result.ms);
				oursWall.push(result.wallMs);
			} else {
				const result = await rawSvmLoop(url, uuids);
				if (result.items !== count)
					throw new Error(`raw: ${result.items} items, expected ${count}`);
				raw.push(result.ms);
			}
		}
	}
	return { count, ours, oursWall, raw };
}

async function sessionsJob(url: string, side: string, expected: number) {
	if (side === 'ours') {
		const { value, memory } = await withMemory(
			async () =>
				await runOurs(url, { resource: 'ndmpSession', operation: 'getAll', returnAll: true }),
		);
		if (value.items !== expected)
			throw new Error(`ours: ${value.items} items, expected ${expected}`);
		return { side, ms: value.ms, wallMs: value.wallMs, items: value.items, memory };
	}
	const { value, memory } = await withMemory(async () => await rawPagingLoop(url));
	if (value.items !== expected) throw new Error(`raw: ${value.items} items, expected ${expected}`);
	return { side, ms: value.ms, wallMs: value.ms, items: value.items, memory };
}

/** Kills every session the emulator lists, one DELETE per item, at the given Options > Concurrency. */
async function killsJob(url: string, concurrency: number, expected: number) {
	const listed = await axios.get<{ records?: Json[] }>(`${url}${SESSIONS_PATH}`, {
		params: { fields: 'uuid,id', max_records: expected },
		auth,
		headers: { Accept: ACCEPT },
	});
	const input = (listed.data.records ?? []).map((record) => ({
		json: { uuid: record.uuid, id: record.id },
	}));
	if (input.length !== expected) throw new Error(`${input.length} sessions, expected ${expected}`);
	const result = await runOurs(
		url,
		{
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: '={{ $json.uuid }}',
			sessionId: '={{ $json.id }}',
			options: { concurrency },
		},
		input,
	);
	if (result.items !== expected) throw new Error(`${result.items} items, expected ${expected}`);
	return { concurrency, ms: result.ms, wallMs: result.wallMs, items: result.items };
}

async function main() {
	const [mode, url, a, b, resultFile] = process.argv.slice(2);
	if (!mode || !url || !resultFile)
		throw new Error('usage: in-process.js <svm|sessions|kills> <url> ... <resultFile>');
	let result: unknown;
	if (mode === 'svm') result = await svmJob(url, Number(a), Number(b));
	else if (mode === 'sessions') result = await sessionsJob(url, String(a), Number(b));
	else if (mode === 'kills') result = await killsJob(url, Number(a), Number(b));
	else throw new Error(`unknown mode ${mode}`);
	fs.writeFileSync(resultFile, JSON.stringify(result));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
