/**
 * NetApp BlueXP backup and recovery inside a real n8n.
 *
 * Packs this package, installs it as a community package into a throw-away n8n user folder,
 * imports a refresh-token credential pointing at the BlueXP emulator (token endpoint and the
 * cloudmanager_cbs API on one loopback server) and examples/netapp-bluexp-adhoc-backup.json
 * with the emulator's seeded ids, then runs it with `n8n execute` three times:
 *
 * 1. the ad-hoc backup job completes and the listing shows the new backup; one token request
 *    for every call of the run (the token lives in the credential's hidden expirable field);
 * 2. a new process reuses the token n8n stored in the credential: no token request;
 * 3. after the emulator expires every token: one 401, exactly one new token request, success.
 *
 * Neither the refresh token nor an access token appears in n8n's output, logs or files (the
 * database holds the credential encrypted).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { SEED, startNetAppBlueXpEmulator } from '../emulators/netAppBlueXp';
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

type Emulator = Awaited<ReturnType<typeof startNetAppBlueXpEmulator>>;

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'netapp-bluexp-adhoc-backup.json');
const CREDENTIAL = { id: 'e2eBlueXpCred001', name: 'BlueXP emulator (e2e)' };
const WORKFLOW_ID = 'e2eBlueXpAdHoc01';
const BACKUP_NODE = 'Back up the volume now';
const LIST_NODE = "List the volume's backups";
const VOLUME = SEED.volumes.awsData;

const MINUTE = 60_000;

/** The example with the emulator's seeded ids, the e2e credential and a short poll interval. */
function bluexpExampleWorkflow(
	id: string,
	name: string,
	credential: { id: string; name: string },
	pollInterval = 0.2,
): WorkflowJson {
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as WorkflowJson;
	return {
		...workflow,
		id,
		name,
		nodes: workflow.nodes.map((node) => {
			if (!node.type.endsWith('.netAppBlueXpBackup')) return node;
			const parameters: Record<string, unknown> = {
				...node.parameters,
				workingEnvironment: { __rl: true, mode: 'id', value: SEED.weAws },
				volumeId: VOLUME,
			};
			if (parameters.options)
				parameters.options = { ...(parameters.options as object), pollInterval };
			return { ...node, parameters, credentials: { netAppBlueXpApi: { ...credential } } };
		}),
	};
}

function outputItems(run: N8nRun | undefined, nodeName: string): N8nItem[] {
	const tasks = run?.data.resultData.runData[nodeName] ?? [];
	return tasks.flatMap((task) => task.data?.main?.[0] ?? []);
}

describe(`NetApp BlueXP in a real n8n ${N8N_VERSION}`, () => {
	let workDir: string;
	let emulator: Emulator | undefined;
	let n8n: N8nInstance | undefined;
	const { timings, timed } = stepTimer();

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluexp-e2e-'));
		const { install, tarball } = await n8nAndPackage(workDir, timed);
		n8n = await installPackage(install, tarball, timed, {
			nodes: ['NetAppBlueXpBackup/NetAppBlueXpBackup.node.js'],
		});

		emulator = await startNetAppBlueXpEmulator({ maxLifetimeMs: 30 * MINUTE });

		await timed(
			'import:credentials',
			async () =>
				await n8n!.importCredentials([
					{
						...CREDENTIAL,
						type: 'netAppBlueXpApi',
						data: {
							authType: 'refreshToken',
							refreshToken: SEED.refreshToken,
							clientId: SEED.refreshClientId,
							accountId: SEED.accountId,
							agentId: SEED.connectorId,
							baseUrl: emulator!.url,
							tokenUrl: `${emulator!.url}/auth/oauth/token`,
							audience: SEED.audience,
							accessToken: '',
						},
					},
				]),
		);
		await timed(
			'import:workflow',
			async () =>
				await n8n!.importWorkflows([
					bluexpExampleWorkflow(WORKFLOW_ID, 'NetApp BlueXP: ad-hoc backup (e2e)', CREDENTIAL),
				]),
		);
	}, 40 * MINUTE);

	afterAll(async () => {
		await finishE2e({ label: 'BlueXP', emulators: [emulator], n8n, workDir, timings });
	});

	/** One `n8n execute` of the workflow: success, a completed ad-hoc job, the new backup listed. */
	async function runOnce(label: string) {
		const emu = emulator!;
		const firstRequest = emu.requests.length;
		const backupsBefore = new Set(
			emu.state.backups.filter((b) => b.volumeId === VOLUME).map((b) => b.id),
		);
		const result = await timed(label, async () => await n8n!.execute(WORKFLOW_ID));
		if (!result.successful || !result.run) {
			throw new Error(`n8n execute (${label}) did not succeed\n${describeRun(result)}`);
		}
		const run = result.run;
		expect(run.data.resultData.error).toBeUndefined();
		for (const nodeName of [BACKUP_NODE, LIST_NODE]) {
			const tasks = run.data.resultData.runData[nodeName];
			expect(tasks?.length).toBe(1);
			for (const task of tasks) expect(task.executionStatus ?? 'success').toBe('success');
		}

		// The emulator made exactly one new backup of the volume, from a COMPLETED ad-hoc job.
		const created = emu.state.backups.filter(
			(b) => b.volumeId === VOLUME && !backupsBefore.has(b.id),
		);
		expect(created).toHaveLength(1);
		const [backupItem] = outputItems(run, BACKUP_NODE);
		const jobId = String(backupItem?.json['job-id'] ?? '');
		const job = emu.state.jobs.get(jobId);
		expect(job?.type).toBe('BACKUP_ADHOC');
		expect(job?.status).toBe('COMPLETED');
		expect(job?.we).toBe(SEED.weAws);
		expect((backupItem?.json.job as Record<string, unknown> | undefined)?.status).toBe('COMPLETED');
		expect(created[0].snapshotName).toMatch(/^adhoc-n8n-\d{4}-\d{2}-\d{2}_\d{6}$/);

		// The listing: every backup of the volume, the seeded ones and the new one.
		const listed = outputItems(run, LIST_NODE).map((item) => String(item.json.id));
		expect(listed.sort()).toEqual(
			emu.state.backups
				.filter((b) => b.volumeId === VOLUME)
				.map((b) => b.id)
				.sort(),
		);
		expect(listed).toEqual(expect.arrayContaining([SEED.backups.daily1, created[0].id]));

		const requests = emu.requests.slice(firstRequest);
		const tokenRequests = requests.filter((r) => r.path === '/auth/oauth/token');
		const apiRequests = requests.filter((r) => r.path !== '/auth/oauth/token');
		// create, at least one job poll, the listing
		expect(apiRequests.length).toBeGreaterThanOrEqual(3);
		for (const request of apiRequests)
			expect(headerOf(request.headers, 'x-agent-id')).toBe(SEED.connectorId);
		return { result, run, tokenRequests, apiRequests };
	}

	test(
		'runs the example three times: one token, reused, refreshed once after expiry',
		async () => {
			const emu = emulator!;

			// Run 1: a fresh credential (empty access token): one token request for all calls.
			const first = await runOnce('execute 1');
			expect(first.tokenRequests).toHaveLength(1);
			expect(emu.tokensIssued).toBe(1);
			const token1 = emu.issued[0].token;
			for (const request of first.apiRequests)
				expect(headerOf(request.headers, 'authorization')).toBe(`Bearer ${token1}`);

			// Run 2: another n8n process; the token n8n stored in the credential is reused.
			const second = await runOnce('execute 2');
			expect(second.tokenRequests).toHaveLength(0);
			for (const request of second.apiRequests)
				expect(headerOf(request.headers, 'authorization')).toBe(`Bearer ${token1}`);

			// Run 3: every token expired on the emulator: one 401, one new token, then success.
			emu.expireTokens();
			const third = await runOnce('execute 3');
			expect(third.tokenRequests).toHaveLength(1);
			expect(emu.tokensIssued).toBe(2);
			const token2 = emu.issued[1].token;
			expect(token2).not.toBe(token1);
			// The first call carried the expired token (the emulator answered 401), the rest the new one.
			const refused = third.apiRequests.filter(
				(r) => headerOf(r.headers, 'authorization') === `Bearer ${token1}`,
			);
			expect(refused).toHaveLength(1);
			expect(third.apiRequests[0]).toBe(refused[0]);
			const afterRefresh = third.apiRequests.slice(1);
			expect(afterRefresh.length).toBeGreaterThanOrEqual(3);
			for (const request of afterRefresh)
				expect(headerOf(request.headers, 'authorization')).toBe(`Bearer ${token2}`);

			// Secrets: the refresh token and the access tokens (JWTs) appear in no output, log or
			// file of n8n's; its database holds the credential encrypted.
			const secrets = [SEED.refreshToken, token1, token2];
			const files = [
				...listFiles(path.join(n8n!.root, 'logs')),
				...listFiles(path.join(n8n!.userFolder, '.n8n'), [
					path.join(n8n!.userFolder, '.n8n', 'nodes'),
				]),
			];
			expect(files.some((file) => file.endsWith('database.sqlite'))).toBe(true);
			for (const secret of secrets) {
				for (const { result } of [first, second, third]) {
					expect(result.stdout.includes(secret)).toBe(false);
					expect(result.stderr.includes(secret)).toBe(false);
				}
				expect(files.filter((file) => fs.readFileSync(file, 'latin1').includes(secret))).toEqual(
					[],
				);
			}
		},
		5 * MINUTE,
	);
});
