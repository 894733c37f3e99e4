/**
 * Every polling trigger of the package inside a real n8n, active under `n8n start`, across
 * polls and a restart of n8n.
 *
 * One n8n instance, one workflow per trigger (the trigger and a No Op), each trigger polling
 * every 10 s (several fixed-second cron entries: n8n refuses a single sub-minute one) with
 * every event it offers chosen. The test makes things happen on the emulators in two waves,
 * restarting n8n between them, and then reads n8n's stored executions:
 *
 * - activation emits nothing of history, except the overdue-backup alerts (a system overdue
 *   when the workflow is switched on is reported at once);
 * - every event of both waves is emitted exactly once, in exactly one execution, nothing
 *   before the restart is emitted again after it, and polls with nothing new start nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { finishedConsoleBackup, startIbmQradarEmulator } from '../emulators/ibmQradar';
import { bluexpCredentialData, startNetAppBlueXpEmulator } from '../emulators/netAppBlueXp';
import { SEED as ONTAP_SEED, startOntapEmulator } from '../emulators/ontap';
import { startSapCloudConnectorEmulator } from '../emulators/sapCloudConnector';
import {
	N8N_VERSION,
	finishE2e,
	readStoredExecutions,
	sleep,
	stepTimer,
	type N8nInstall,
	type N8nInstance,
	type N8nServer,
	type StoredExecution,
	type WorkflowJson,
	n8nAndPackage,
	installPackage,
	pollEverySeconds,
} from './n8n';

const MINUTE = 60_000;
const POLL_SECONDS = 10;

type Emulators = {
	ontap: Awaited<ReturnType<typeof startOntapEmulator>>;
	qradar: Awaited<ReturnType<typeof startIbmQradarEmulator>>;
	bluexp: Awaited<ReturnType<typeof startNetAppBlueXpEmulator>>;
	sap: Awaited<ReturnType<typeof startSapCloudConnectorEmulator>>;
};

const ONTAP_PASSWORD = 'netapp1!';
const QRADAR_TOKEN = 'e2e-triggers-sec-token-0f9e8d7c6b5a';

/** One trigger per workflow: its type, credential and parameters, and the key of each event. */
const TRIGGERS = {
	ontap: {
		id: 'e2eTrigOntap0001',
		type: 'netAppOntapTrigger',
		credential: 'netAppOntapApi',
		parameters: {
			events: ['backupFileCreated', 'backupOverdue', 'ndmpSessionEnded', 'ndmpSessionHalted'],
			overdueAfterHours: 24,
		},
		keyOf: (json: Record<string, unknown>) =>
			json.event === 'backupOverdue'
				? String((json.node as { uuid: string }).uuid)
				: json.event === 'backupFileCreated'
					? String(json.name)
					: String(json.id),
	},
	qradar: {
		id: 'e2eTrigQradar001',
		type: 'ibmQradarTrigger',
		credential: 'ibmQradarApi',
		parameters: {
			events: ['backupSucceeded', 'backupFailed', 'backupOverdue'],
			overdueAfterHours: 24,
		},
		keyOf: (json: Record<string, unknown>) =>
			json.event === 'backupOverdue' ? String(json.type) : String(json.name),
	},
	bluexp: {
		id: 'e2eTrigBluexp001',
		type: 'netAppBlueXpBackupTrigger',
		credential: 'netAppBlueXpApi',
		parameters: {
			events: ['jobCompleted', 'jobCompletedWithFailures', 'jobFailed', 'backupOverdue'],
			overdueAfterHours: 24,
		},
		keyOf: (json: Record<string, unknown>) =>
			json.event === 'backupOverdue' ? String(json.volumeId) : String(json.id),
	},
	sap: {
		id: 'e2eTrigSap000001',
		type: 'sapCloudConnectorTrigger',
		credential: 'sapCloudConnectorApi',
		parameters: { events: ['configurationChanged'] },
		keyOf: (json: Record<string, unknown>) =>
			`${String(json.version)}:${[...((json.changed as string[]) ?? [])].sort().join('+')}`,
	},
} as const;
type System = keyof typeof TRIGGERS;
const SYSTEMS = Object.keys(TRIGGERS) as System[];

const credentialOf = (system: System) => ({
	id: `${TRIGGERS[system].id.slice(0, 12)}Cred`,
	name: `${system} (e2e triggers)`,
});

function triggerWorkflow(system: System): WorkflowJson {
	const trigger = TRIGGERS[system];
	return {
		id: trigger.id,
		name: `${system} trigger (e2e)`,
		nodes: [
			{
				name: 'Trigger',
				type: `n8n-nodes-backup-restore.${trigger.type}`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					...trigger.parameters,
					pollTimes: pollEverySeconds(POLL_SECONDS),
				},
				credentials: { [trigger.credential]: credentialOf(system) },
			},
			{
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { Trigger: { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

describe(`Every trigger in a real n8n ${N8N_VERSION}: each event once, across a restart`, () => {
	let workDir: string;
	let install: N8nInstall;
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	let emu: Emulators;
	const { timings, timed } = stepTimer();

	const database = () => path.join(n8n!.userFolder, '.n8n', 'database.sqlite');

	/** Each workflow's emitted events, `event:key`, one list per execution. */
	async function emitted(): Promise<Record<System, string[][]>> {
		const rows = await readStoredExecutions(install, database(), workDir);
		const result = Object.fromEntries(SYSTEMS.map((system) => [system, [] as string[][]]));
		for (const row of rows) {
			const system = SYSTEMS.find((candidate) => TRIGGERS[candidate].id === row.workflowId);
			// read while n8n runs: an execution still running is counted once it has finished
			if (!system || row.status === 'running' || row.status === 'new') continue;
			expect({ workflow: row.workflowId, status: row.status }).toEqual({
				workflow: row.workflowId,
				status: 'success',
			});
			result[system].push(eventsOf(system, row));
		}
		return result as Record<System, string[][]>;
	}

	function eventsOf(system: System, row: StoredExecution): string[] {
		const tasks = row.run?.resultData.runData.Trigger ?? [];
		return tasks
			.flatMap((task) => task.data?.main?.[0] ?? [])
			.map((item) => `${String(item.json.event)}:${TRIGGERS[system].keyOf(item.json)}`);
	}

	/** How many requests each emulator has received: polls move these on. */
	const requestCounts = () => ({
		ontap: emu.ontap.requests.length,
		qradar: emu.qradar.requests.length,
		bluexp: emu.bluexp.apiRequests().length,
		sap: emu.sap.requests.length,
	});

	/** Waits until every trigger has polled at least `polls` more times (each poll reads). */
	async function waitForPolls(polls: number, label: string): Promise<void> {
		const start = requestCounts();
		const deadline = Date.now() + (polls + 2) * POLL_SECONDS * 1000 + 30_000;
		await timed(label, async () => {
			for (;;) {
				const now = requestCounts();
				if (SYSTEMS.every((system) => now[system] >= start[system] + polls)) return;
				if (Date.now() > deadline || server?.exited)
					throw new Error(
						`not every trigger polled ${polls} times: ${JSON.stringify({ start, now })}\n` +
							(server?.output().split('\n').slice(-60).join('\n') ?? ''),
					);
				await sleep(500);
			}
		});
	}

	/** Waits until each system's executions hold these events (in any executions), at most. */
	async function waitForEvents(expected: Record<System, string[]>, label: string) {
		const deadline = Date.now() + 3 * POLL_SECONDS * 1000 + 30_000;
		return await timed(label, async () => {
			for (;;) {
				const got = await emitted();
				const done = SYSTEMS.every((system) =>
					expected[system].every((event) => got[system].flat().includes(event)),
				);
				if (done) return got;
				if (Date.now() > deadline || server?.exited)
					throw new Error(
						`events missing: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}\n` +
							(server?.output().split('\n').slice(-60).join('\n') ?? ''),
					);
				await sleep(1_000);
			}
		});
	}

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triggers-e2e-'));
		const prepared = await n8nAndPackage(workDir, timed);
		install = prepared.install;
		n8n = await installPackage(install, prepared.tarball, timed, {
			nodes: [
				'NetAppOntapTrigger/NetAppOntapTrigger.node.js',
				'IbmQradarTrigger/IbmQradarTrigger.node.js',
				'NetAppBlueXpBackupTrigger/NetAppBlueXpBackupTrigger.node.js',
				'SapCloudConnectorTrigger/SapCloudConnectorTrigger.node.js',
			],
		});

		emu = {
			ontap: await startOntapEmulator({
				https: true,
				username: 'admin',
				password: ONTAP_PASSWORD,
				sessions: 4,
				maxLifetimeMs: 15 * MINUTE,
			}),
			qradar: await startIbmQradarEmulator({
				https: true,
				token: QRADAR_TOKEN,
				backupPolls: 1,
				failingNames: /^trigger_fails_/,
				restoreOutageMs: 0,
				maxLifetimeMs: 15 * MINUTE,
			}),
			bluexp: await startNetAppBlueXpEmulator({ jobPolls: 0, maxLifetimeMs: 15 * MINUTE }),
			sap: await startSapCloudConnectorEmulator({ maxLifetimeMs: 15 * MINUTE }),
		};
		await n8n.importCredentials([
			{
				...credentialOf('ontap'),
				type: 'netAppOntapApi',
				data: {
					baseUrl: emu.ontap.url,
					username: 'admin',
					password: ONTAP_PASSWORD,
					ignoreSslIssues: true,
				},
			},
			{
				...credentialOf('qradar'),
				type: 'ibmQradarApi',
				data: {
					baseUrl: emu.qradar.url,
					token: QRADAR_TOKEN,
					apiVersion: '',
					ignoreSslIssues: true,
				},
			},
			{
				...credentialOf('bluexp'),
				type: 'netAppBlueXpApi',
				data: bluexpCredentialData(emu.bluexp),
			},
			{
				...credentialOf('sap'),
				type: 'sapCloudConnectorApi',
				data: {
					baseUrl: emu.sap.url,
					username: emu.sap.username,
					password: emu.sap.password,
					ignoreSslIssues: true,
				},
			},
		]);
		await n8n.importWorkflows(SYSTEMS.map(triggerWorkflow));
		for (const system of SYSTEMS) await n8n.publish(TRIGGERS[system].id);
	}, 40 * MINUTE);

	afterAll(async () => {
		await finishE2e({
			label: 'triggers',
			server,
			emulators: emu ? [emu.ontap, emu.qradar, emu.bluexp, emu.sap] : [],
			n8n,
			workDir,
			timings,
		});
	});

	test('each event exactly once across polls and a restart of n8n', async () => {
		const expected: Record<System, string[]> = { ontap: [], qradar: [], bluexp: [], sap: [] };

		// --- activation: only the overdue alerts (every seeded backup is from 2025) -----------
		expected.ontap.push(
			`backupOverdue:${ONTAP_SEED.nodes.node1}`,
			`backupOverdue:${ONTAP_SEED.nodes.node2}`,
		);
		expected.qradar.push('backupOverdue:CONFIG');
		const volumesWithBackups = new Set(emu.bluexp.state.backups.map((backup) => backup.volumeId));
		for (const volume of volumesWithBackups) expected.bluexp.push(`backupOverdue:${volume}`);

		server = await timed('n8n start', async () => await n8n!.start({ label: 'start-1' }));
		await waitForPolls(2, 'activation and a regular poll');
		await waitForEvents(expected, 'activation alerts');

		// --- wave 1 -------------------------------------------------------------------------
		// ONTAP: the cluster makes a configuration backup file on node1; an NDMP session halts
		emu.ontap.state.backupFiles.push({
			...emu.ontap.state.backupFiles[0]!,
			name: 'cluster1.node1.wave1.7z',
			time: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
		});
		const halting = emu.ontap.state.sessions[1]!;
		halting.data.state = 'halted';
		halting.data.reason = 'successful';
		expected.ontap.push(
			'backupFileCreated:cluster1.node1.wave1.7z',
			`ndmpSessionHalted:${halting.id}`,
		);
		// QRadar: a backup made on the console succeeds
		await finishedConsoleBackup(emu.qradar, 'trigger_wave1');
		expected.qradar.push('backupSucceeded:trigger_wave1');
		// BlueXP: a backup job completes
		expected.bluexp.push(await bluexpWave(emu, 'COMPLETED'));
		// SAP: an administrator adds a subaccount
		expected.sap.push(await sapChange(emu, 'subaccount'));
		await waitForEvents(expected, 'wave 1 emitted');

		// --- restart n8n: the cursors come back from the database ---------------------------
		await timed('n8n stop', async () => await server!.stop());
		server = await timed('n8n start again', async () => await n8n!.start({ label: 'start-2' }));
		await waitForPolls(2, 'polls after the restart');

		// --- wave 2 -------------------------------------------------------------------------
		const ending = emu.ontap.state.sessions[3]!;
		emu.ontap.state.sessions.splice(3, 1);
		emu.ontap.state.backupFiles.push({
			...emu.ontap.state.backupFiles[1]!,
			name: 'cluster1.node2.wave2.7z',
			time: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
		});
		expected.ontap.push(
			`ndmpSessionEnded:${ending.id}`,
			'backupFileCreated:cluster1.node2.wave2.7z',
		);
		await finishedConsoleBackup(emu.qradar, 'trigger_wave2');
		await finishedConsoleBackup(emu.qradar, 'trigger_fails_wave2');
		expected.qradar.push('backupSucceeded:trigger_wave2', 'backupFailed:trigger_fails_wave2');
		expected.bluexp.push(
			await bluexpWave(emu, 'FAILED'),
			await bluexpWave(emu, 'COMPLETED_WITH_FAILED_VOLUME'),
		);
		expected.sap.push(await sapChange(emu, 'version'));
		await waitForEvents(expected, 'wave 2 emitted');

		// two more polls with nothing new
		await waitForPolls(2, 'idle polls');
		await sleep(2_000);
		const got = await emitted();
		for (const system of SYSTEMS) {
			const all = got[system].flat();
			// each once, nothing else (no execution for a poll with nothing new)
			expect({ system, events: [...all].sort() }).toEqual({
				system,
				events: [...expected[system]].sort(),
			});
			expect(got[system].every((execution) => execution.length > 0)).toBe(true);
		}
		// the overdue alerts came with the activation, before anything else happened
		expect(got.ontap[0]!.sort()).toEqual(expected.ontap.slice(0, 2).sort());
	});
});

/**
 * BlueXP: its scheduler starts a backup job of a volume, the trigger sees it running, then it
 * ends as `outcome`. The event's key.
 */
const EVENT_OF_OUTCOME = {
	COMPLETED: 'jobCompleted',
	COMPLETED_WITH_FAILED_VOLUME: 'jobCompletedWithFailures',
	FAILED: 'jobFailed',
} as const;

async function bluexpWave(emu: Emulators, outcome: keyof typeof EVENT_OF_OUTCOME): Promise<string> {
	const id = emu.bluexp.startScheduledJob(outcome);
	// seen running by a poll (a job list answer), then finished
	const listed = () =>
		emu.bluexp.apiRequests().filter((request) => request.path.endsWith('/v1/job')).length;
	const before = listed();
	const deadline = Date.now() + 3 * POLL_SECONDS * 1000;
	while (listed() === before && Date.now() < deadline) await sleep(250);
	emu.bluexp.finishJob(id, outcome);
	return `${EVENT_OF_OUTCOME[outcome]}:${id}`;
}

/**
 * SAP: an administrator adds a subaccount, or the connector is upgraded. The event's key
 * (`version:changed parts`).
 */
async function sapChange(emu: Emulators, what: 'subaccount' | 'version'): Promise<string> {
	if (what === 'version') {
		const version = '2.18.2';
		await emu.sap.upgrade(version);
		return `configurationChanged:${version}:version`;
	}
	emu.sap.state.subaccounts.push({
		...emu.sap.state.subaccounts[0]!,
		regionHost: 'cf.ap10.hana.ondemand.com',
		subaccount: 'e2e0a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b',
		displayName: 'Added during the e2e',
		description: 'wave 1',
	});
	return `configurationChanged:${emu.sap.state.version}:subaccounts`;
}
