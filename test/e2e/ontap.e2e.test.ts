/**
 * NetApp ONTAP inside a real n8n.
 *
 * Packs this package, installs the tarball as a community package into a throw-away n8n user
 * folder, imports a credential and examples/netapp-ontap-kill-halted-ndmp-sessions.json with
 * the n8n CLI, runs the workflow with `n8n execute` and asserts on the run data n8n prints and
 * on what the ONTAP emulator (HTTPS, self-signed certificate, 127.0.0.1) received.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startOntapEmulator } from '../emulators/ontap';
import {
	N8N_VERSION,
	REPO_ROOT,
	finishE2e,
	listFiles,
	type N8nInstance,
	type N8nItem,
	type N8nRun,
	describeRun,
	headerOf,
	type WorkflowJson,
	stepTimer,
	n8nAndPackage,
	installPackage,
} from './n8n';

type Emulator = Awaited<ReturnType<typeof startOntapEmulator>>;

const USERNAME = 'admin';
const PASSWORD = 'netapp1!';
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'netapp-ontap-kill-halted-ndmp-sessions.json');

const CREDENTIAL = { id: 'e2eOntapCred0001', name: 'ONTAP emulator (e2e)' };
/** Same cluster, but TLS verification left on: the self-signed certificate must be refused. */
const STRICT_CREDENTIAL = { id: 'e2eOntapCred0002', name: 'ONTAP emulator, TLS verified (e2e)' };
const WORKFLOW_ID = 'e2eOntapKillNdmp';
const STRICT_WORKFLOW_ID = 'e2eOntapStrictTls';

const LIST_NODE = 'List halted NDMP sessions';
const KILL_NODE = 'Kill session';
const SESSIONS_PATH = '/api/protocols/ndmp/sessions';
const BASIC_AUTH = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;

/** Seeded NDMP sessions (the emulator halts every other one) and its page size. */
const SEEDED_SESSIONS = 45;
const PAGE_SIZE = 10;

const MINUTE = 60_000;

/** The example, with its credential references pointed at `credential` and a fixed id. */
function exampleWorkflow(id: string, name: string, credential: { id: string; name: string }) {
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as WorkflowJson;
	return {
		...workflow,
		id,
		name,
		nodes: workflow.nodes.map((node) =>
			node.credentials?.netAppOntapApi
				? { ...node, credentials: { ...node.credentials, netAppOntapApi: { ...credential } } }
				: node,
		),
	};
}

function outputItems(run: N8nRun | undefined, nodeName: string): N8nItem[] {
	const tasks = run?.data.resultData.runData[nodeName] ?? [];
	return tasks.flatMap((task) => task.data?.main?.[0] ?? []);
}

/** Path part of the URL exactly as sent on the wire (no decoding), hex escapes upper-cased. */
function rawPathOf(rawUrl: string): string {
	const raw = rawUrl.split('?')[0];
	return raw.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

function queryOf(rawUrl: string): URLSearchParams {
	return new URL(rawUrl, 'http://emulator').searchParams;
}

describe(`NetApp ONTAP in a real n8n ${N8N_VERSION}`, () => {
	let workDir: string;
	let emulator: Emulator | undefined;
	let n8n: N8nInstance | undefined;
	const { timings, timed } = stepTimer();

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ontap-e2e-'));
		const { install, tarball } = await n8nAndPackage(workDir, timed);
		n8n = await installPackage(install, tarball, timed, {
			nodes: ['NetAppOntap/NetAppOntap.node.js'],
		});

		// More halted sessions than one page holds, so "Return All" has to follow next links.
		emulator = await startOntapEmulator({
			https: true,
			username: USERNAME,
			password: PASSWORD,
			sessions: SEEDED_SESSIONS,
			defaultPageSize: PAGE_SIZE,
		});

		await timed(
			'import:credentials',
			async () =>
				await n8n!.importCredentials([
					{
						...CREDENTIAL,
						type: 'netAppOntapApi',
						data: {
							baseUrl: emulator!.url,
							username: USERNAME,
							password: PASSWORD,
							ignoreSslIssues: true,
						},
					},
					{
						...STRICT_CREDENTIAL,
						type: 'netAppOntapApi',
						data: {
							baseUrl: emulator!.url,
							username: USERNAME,
							password: PASSWORD,
							ignoreSslIssues: false,
						},
					},
				]),
		);
		await timed(
			'import:workflow',
			async () =>
				await n8n!.importWorkflows([
					exampleWorkflow(WORKFLOW_ID, 'NetApp ONTAP: kill halted NDMP sessions (e2e)', CREDENTIAL),
					exampleWorkflow(
						STRICT_WORKFLOW_ID,
						'NetApp ONTAP: TLS verified (e2e)',
						STRICT_CREDENTIAL,
					),
				]),
		);
	}, 40 * MINUTE);

	afterAll(async () => {
		await finishE2e({ label: 'ONTAP', emulators: [emulator], n8n, workDir, timings });
	});

	test('the example workflow kills exactly the halted NDMP sessions', async () => {
		const emu = emulator!;
		const halted = emu.state.sessions.filter((session) => session.data?.state === 'halted');
		const others = emu.state.sessions.filter((session) => session.data?.state !== 'halted');
		// The seed must make this a meaningful run: several halted sessions and some that stay.
		expect(halted.length).toBeGreaterThan(PAGE_SIZE);
		expect(others.length).toBeGreaterThanOrEqual(1);
		const haltedKeys = halted.map((session) => `${session.uuid}/${session.id}`).sort();
		const otherKeys = others.map((session) => `${session.uuid}/${session.id}`).sort();
		const firstRequest = emu.requests.length;

		const result = await timed('execute', async () => await n8n!.execute(WORKFLOW_ID));

		// n8n ran the workflow and every node succeeded.
		if (!result.successful || !result.run) {
			throw new Error(`n8n execute did not succeed\n${describeRun(result)}`);
		}
		const run = result.run;
		expect(run.data.resultData.error).toBeUndefined();
		if (run.status !== undefined) expect(run.status).toBe('success');
		for (const nodeName of [LIST_NODE, KILL_NODE]) {
			const tasks = run.data.resultData.runData[nodeName];
			expect(tasks?.length).toBeGreaterThanOrEqual(1);
			for (const task of tasks) expect(task.executionStatus ?? 'success').toBe('success');
		}

		// "List halted NDMP sessions": one item per halted session, the same ones.
		const listed = outputItems(run, LIST_NODE);
		expect(
			listed.map((item) => `${String(item.json.uuid)}/${String(item.json.id)}`).sort(),
		).toEqual(haltedKeys);
		// "Kill session": one item per killed session.
		expect(outputItems(run, KILL_NODE)).toHaveLength(halted.length);

		// What the appliance saw.
		const requests = emu.requests.slice(firstRequest).map((request) => ({
			method: request.method,
			rawPath: rawPathOf(request.rawUrl),
			query: queryOf(request.rawUrl),
			authorization: headerOf(request.headers, 'authorization'),
		}));
		const lists = requests.filter((r) => r.method === 'GET' && r.rawPath === SESSIONS_PATH);
		// Every page, the first and those from next links, asks for halted sessions only.
		expect(lists.length).toBeGreaterThanOrEqual(Math.ceil(halted.length / PAGE_SIZE));
		for (const list of lists) expect(list.query.get('data.state')).toBe('halted');

		const deletes = requests.filter((r) => r.method === 'DELETE');
		const expectedDeletes = halted
			.map((session) =>
				rawPathOf(`${SESSIONS_PATH}/${session.uuid}/${encodeURIComponent(String(session.id))}`),
			)
			.sort();
		expect(deletes.map((r) => r.rawPath).sort()).toEqual(expectedDeletes);
		// SVM-scope session ids look like 2000:4000 and must travel URL-encoded.
		expect(halted.every((session) => String(session.id).includes(':'))).toBe(true);
		for (const request of deletes) expect(request.rawPath).toMatch(/\/\d+%3A\d+$/);

		// Nothing else was changed, and everything carried the credential as Basic auth.
		expect(requests.filter((r) => !['GET', 'DELETE'].includes(r.method))).toEqual([]);
		for (const request of requests) expect(request.authorization).toBe(BASIC_AUTH);

		// Afterwards: no halted session left, the others untouched.
		expect(emu.state.sessions.filter((session) => session.data?.state === 'halted')).toEqual([]);
		expect(emu.state.sessions.map((session) => `${session.uuid}/${session.id}`).sort()).toEqual(
			otherKeys,
		);

		// The password never shows up in n8n's output or its stored data (DB holds it encrypted).
		const files = [
			...listFiles(path.join(n8n!.root, 'logs')),
			...listFiles(path.join(n8n!.userFolder, '.n8n'), [
				path.join(n8n!.userFolder, '.n8n', 'nodes'),
			]),
		];
		expect(files.length).toBeGreaterThan(0);
		expect(JSON.stringify(run)).not.toContain(PASSWORD);
		expect(files.filter((file) => fs.readFileSync(file, 'latin1').includes(PASSWORD))).toEqual([]);
	});

	test('without ignoreSslIssues the self-signed certificate is refused', async () => {
		const emu = emulator!;
		const firstRequest = emu.requests.length;
		const before = emu.state.sessions.map((session) => `${session.uuid}/${session.id}`).sort();

		const result = await timed(
			'execute (TLS verified)',
			async () => await n8n!.execute(STRICT_WORKFLOW_ID),
		);

		expect(result.timedOut).toBe(false);
		expect(result.successful).toBe(false);
		const output = `${result.stdout}\n${result.stderr}`;
		expect(output).toMatch(/self[- ]signed|certificate|UNABLE_TO_VERIFY|DEPTH_ZERO/i);
		// The TLS handshake failed: no request reached the API, nothing changed.
		expect(emu.requests.slice(firstRequest)).toEqual([]);
		expect(emu.state.sessions.map((session) => `${session.uuid}/${session.id}`).sort()).toEqual(
			before,
		);
		expect(output.includes(PASSWORD)).toBe(false);
	});
});
