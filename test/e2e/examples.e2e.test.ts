/**
 * The four operations examples inside one real n8n, against the emulators:
 *
 * - examples/netapp-ontap-copy-new-backup-files.json, published and running under
 *   `n8n start` (poll times: twelve fixed-second cron entries, a poll every 5 s): a
 *   configuration backup file the cluster makes after activation is downloaded once and
 *   written byte-identical to the folder, and the one Prune of that execution deleted exactly
 *   the old hand-made files the rules give (none of the cluster's scheduled ones);
 * - examples/backup-alerts-from-every-trigger.json, published and running in that same
 *   `n8n start` against emulators of its own (its four triggers poll every 5 s too): the
 *   overdue alerts of activation (ONTAP's two nodes, QRadar's CONFIG backups, BlueXP's
 *   vol_data) reach the chat webhook stand-in once each; a failed QRadar backup, a halted NDMP
 *   session and a failed BlueXP job are one alert each; a change of the SAP connector's
 *   description is exactly one backup ZIP in the folder (read back with the emulator's own
 *   check), and polls with no change write nothing;
 * - examples/daily-overdue-backup-check.json with `n8n execute`: one POST to a local chat
 *   webhook stand-in whose text, and the summary item's overdue / ok / unreachable lists,
 *   match what the ONTAP, QRadar and BlueXP emulators and the SAP backup folder hold; run
 *   again with the QRadar emulator stopped, QRadar is a line under "unreachable" and the run
 *   still posts one summary;
 * - examples/sap-cloud-connector-restore-drill.json with `n8n execute` and two SAP Cloud
 *   Connector emulators (production and test): the drill passes after the restore made the
 *   test connector production's twin, and production only ever saw a backup and GETs; a test
 *   connector that drifts after the restore makes the drill fail with the differences in the
 *   error; with both credentials on one connector the restore is refused and nothing is
 *   written.
 *
 * One n8n instance for all four; `n8n start` is stopped before the `n8n execute` runs (they
 * share the database and the task broker's port).
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	finishedConsoleBackup,
	startIbmQradarEmulator,
	type QradarEmulator,
} from '../emulators/ibmQradar';
import {
	SEED as BLUEXP_SEED,
	bluexpCredentialData,
	startNetAppBlueXpEmulator,
	type NetAppBlueXpEmulator,
} from '../emulators/netAppBlueXp';
import {
	backupBytes,
	SEED as ONTAP_SEED,
	startOntapEmulator,
	type OntapEmulator,
} from '../emulators/ontap';
import {
	changeConfiguration,
	configurationOf,
	readBackup,
	startSapCloudConnectorEmulator,
	type SapCloudConnectorEmulator,
} from '../emulators/sapCloudConnector';
import { looksLikeZip } from '../emulators/zip';
import { startCaptureServer, type CaptureServer } from './capture';
import {
	N8N_VERSION,
	REPO_ROOT,
	describeRun,
	finishE2e,
	readExample,
	readStoredExecutions,
	sleep,
	stepTimer,
	type ExecuteResult,
	type N8nInstall,
	type N8nInstance,
	type N8nItem,
	type N8nRun,
	type N8nServer,
	type WorkflowJson,
	type WorkflowNode,
	n8nAndPackage,
	installPackage,
	pollEverySeconds,
} from './n8n';

const PACKAGE = 'n8n-nodes-backup-restore';
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const ONTAP_EXAMPLE = path.join(EXAMPLES, 'netapp-ontap-copy-new-backup-files.json');
const OVERDUE_EXAMPLE = path.join(EXAMPLES, 'daily-overdue-backup-check.json');
const DRILL_EXAMPLE = path.join(EXAMPLES, 'sap-cloud-connector-restore-drill.json');
const ALERTS_EXAMPLE = path.join(EXAMPLES, 'backup-alerts-from-every-trigger.json');
/** The folders the examples use (the n8n Docker image's allowed folder); the test uses its own. */
const EXAMPLE_ONTAP_DIR = '/home/node/.n8n-files/ontap-backups/';
const EXAMPLE_SCC_DIR = '/home/node/.n8n-files/scc-backups/';
const EXAMPLE_WEBHOOK = 'https://chat.example.com/hooks/CHANGE-ME';

const ONTAP_CREDENTIAL = { id: 'e2eExOntapCred01', name: 'ONTAP emulator (examples e2e)' };
const QRADAR_CREDENTIAL = { id: 'e2eExQradarCred1', name: 'QRadar emulator (examples e2e)' };
const BLUEXP_CREDENTIAL = { id: 'e2eExBlueXpCred1', name: 'BlueXP emulator (examples e2e)' };
const SAP_PROD_CREDENTIAL = { id: 'e2eExSapProd0001', name: 'SAP production emulator (e2e)' };
const SAP_TEST_CREDENTIAL = { id: 'e2eExSapTest0001', name: 'SAP test emulator (e2e)' };
/** The "test" credential of a drill set up wrong: it points at production. */
const SAP_WRONG_CREDENTIAL = {
	id: 'e2eExSapWrong001',
	name: 'SAP test credential on production (e2e)',
};

const ONTAP_WORKFLOW_ID = 'e2eExOntapCopy01';
const OVERDUE_WORKFLOW_ID = 'e2eExOverdue0001';
const DRILL_WORKFLOW_ID = 'e2eExDrill000001';
const DRILL_SAME_WORKFLOW_ID = 'e2eExDrillSame01';
const ALERTS_WORKFLOW_ID = 'e2eExAlerts00001';
/** The alerts example's systems: emulators of its own, so the other examples' counts hold. */
const ALERTS_CREDENTIALS = {
	netAppOntapApi: { id: 'e2eExAlOntapCred', name: 'ONTAP emulator (alerts e2e)' },
	ibmQradarApi: { id: 'e2eExAlQradarCrd', name: 'QRadar emulator (alerts e2e)' },
	netAppBlueXpApi: { id: 'e2eExAlBlueXpCrd', name: 'BlueXP emulator (alerts e2e)' },
	sapCloudConnectorApi: { id: 'e2eExAlSapCred01', name: 'SAP emulator (alerts e2e)' },
};
const SAP_TRIGGER_NODE = 'SAP Cloud Connector: configuration changed';
const SCC_CONNECTOR_PATH = '/api/v1/configuration/connector';

const SUMMARY_NODE = 'Summarize: overdue, OK, unreachable';
const POST_NODE = 'Post the summary to the chat webhook';
const COMPARE_NODE = 'Compare';
const RESTORE_NODE = 'Restore into the test connector';

const BACKUP_PASSWORD = 'e2e-drill-backup-password';
const POLL_SECONDS = 5;
const SCC_RESTART_MS = 2_000;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const BACKUPS_PATH = '/api/support/configuration-backup/backups';
const SCC_BACKUP_PATH = '/api/v1/configuration/backup';

/** An administrator changes the connector's description (SAP's REST API, basic auth). */
async function putConnectorDescription(
	emulator: SapCloudConnectorEmulator,
	description: string,
): Promise<number> {
	const body = Buffer.from(JSON.stringify({ description }));
	return await new Promise<number>((resolve, reject) => {
		const request = https.request(
			`${emulator.url}${SCC_CONNECTOR_PATH}`,
			{
				method: 'PUT',
				rejectUnauthorized: false,
				auth: `${emulator.username}:${emulator.password}`,
				headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
				timeout: 10_000,
			},
			(response) => {
				response.resume();
				response.on('end', () => resolve(response.statusCode ?? 0));
			},
		);
		request.once('timeout', () => request.destroy(new Error('PUT timed out')));
		request.once('error', reject);
		request.end(body);
	});
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function nodeNamed(workflow: WorkflowJson, name: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node) throw new Error(`"${workflow.name}" has no node "${name}"`);
	return node;
}

function nodeOfType(workflow: WorkflowJson, type: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`"${workflow.name}" has no ${type} node`);
	return node;
}

/** `n8n execute` starts a workflow at a Manual Trigger: it takes the Schedule Trigger's place. */
function runByHand(workflow: WorkflowJson): void {
	const schedule = nodeOfType(workflow, 'n8n-nodes-base.scheduleTrigger');
	schedule.type = 'n8n-nodes-base.manualTrigger';
	schedule.typeVersion = 1;
	schedule.parameters = {};
}

function outputItems(run: N8nRun['data'] | undefined, nodeName: string): N8nItem[] {
	const tasks = run?.resultData.runData[nodeName] ?? [];
	return tasks.flatMap((task) => task.data?.main?.[0] ?? []);
}

interface ClusterNodeRef {
	uuid: string;
	name: string;
}

interface Verdict {
	system: string;
	subject: string;
	newest: string | null;
}

describe(`The operations examples in a real n8n ${N8N_VERSION}`, () => {
	let workDir: string;
	let ontapDir: string;
	let sccDir: string;
	let install: N8nInstall;
	let n8n: N8nInstance | undefined;
	let server: N8nServer | undefined;
	let ontap: OntapEmulator | undefined;
	let qradar: QradarEmulator | undefined;
	let bluexp: NetAppBlueXpEmulator | undefined;
	let sapProd: SapCloudConnectorEmulator | undefined;
	let sapTest: SapCloudConnectorEmulator | undefined;
	let chat: CaptureServer | undefined;
	let alertsDir: string;
	let alertSystems:
		| {
				ontap: OntapEmulator;
				qradar: QradarEmulator;
				bluexp: NetAppBlueXpEmulator;
				sap: SapCloudConnectorEmulator;
				chat: CaptureServer;
		  }
		| undefined;
	let alertsPassword = '';
	const { timings, timed } = stepTimer();
	const database = () => path.join(n8n!.userFolder, '.n8n', 'database.sqlite');

	beforeAll(async () => {
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-e2e-'));
		ontapDir = path.join(workDir, 'ontap-backups');
		sccDir = path.join(workDir, 'scc-backups');
		alertsDir = path.join(workDir, 'scc-change-backups');
		fs.mkdirSync(ontapDir);
		fs.mkdirSync(sccDir);
		fs.mkdirSync(alertsDir);
		const prepared = await n8nAndPackage(workDir, timed);
		install = prepared.install;
		n8n = await installPackage(install, prepared.tarball, timed, {
			// Read/Write Files from Disk may touch only these folders (';' separates them)
			env: { N8N_RESTRICT_FILE_ACCESS_TO: `${ontapDir};${sccDir};${alertsDir}` },
			nodes: [
				'NetAppOntapTrigger/NetAppOntapTrigger.node.js',
				'IbmQradarTrigger/IbmQradarTrigger.node.js',
				'NetAppBlueXpBackupTrigger/NetAppBlueXpBackupTrigger.node.js',
				'SapCloudConnectorTrigger/SapCloudConnectorTrigger.node.js',
			],
		});

		[ontap, qradar, bluexp, sapProd, sapTest, chat] = await Promise.all([
			startOntapEmulator({ https: true }),
			startIbmQradarEmulator({ https: true }),
			startNetAppBlueXpEmulator({ jobPolls: 1 }),
			startSapCloudConnectorEmulator({ https: true, restartWindowMs: 0 }),
			startSapCloudConnectorEmulator({ https: true, restartWindowMs: SCC_RESTART_MS }),
			startCaptureServer(),
		]);
		const [alertOntap, alertQradar, alertBluexp, alertSap, alertChat] = await Promise.all([
			startOntapEmulator({ https: true }),
			// backups whose name starts alert_fails_ end FAILED
			startIbmQradarEmulator({ https: true, failingNames: /^alert_fails_/ }),
			startNetAppBlueXpEmulator({ jobPolls: 1 }),
			startSapCloudConnectorEmulator({ https: true, restartWindowMs: 0 }),
			startCaptureServer(),
		]);
		alertSystems = {
			ontap: alertOntap,
			qradar: alertQradar,
			bluexp: alertBluexp,
			sap: alertSap,
			chat: alertChat,
		};
		const sapData = (emulator: SapCloudConnectorEmulator) => ({
			baseUrl: emulator.url,
			username: emulator.username,
			password: emulator.password,
			ignoreSslIssues: true,
		});
		await timed(
			'import:credentials',
			async () =>
				await n8n!.importCredentials([
					{
						...ONTAP_CREDENTIAL,
						type: 'netAppOntapApi',
						data: {
							baseUrl: ontap!.url,
							username: 'admin',
							password: 'netapp1!',
							ignoreSslIssues: true,
						},
					},
					{
						...QRADAR_CREDENTIAL,
						type: 'ibmQradarApi',
						data: {
							baseUrl: qradar!.url,
							token: qradar!.token,
							apiVersion: '',
							ignoreSslIssues: true,
						},
					},
					{
						...BLUEXP_CREDENTIAL,
						type: 'netAppBlueXpApi',
						data: bluexpCredentialData(bluexp!),
					},
					{ ...SAP_PROD_CREDENTIAL, type: 'sapCloudConnectorApi', data: sapData(sapProd!) },
					{ ...SAP_TEST_CREDENTIAL, type: 'sapCloudConnectorApi', data: sapData(sapTest!) },
					{ ...SAP_WRONG_CREDENTIAL, type: 'sapCloudConnectorApi', data: sapData(sapProd!) },
					{
						...ALERTS_CREDENTIALS.netAppOntapApi,
						type: 'netAppOntapApi',
						data: {
							baseUrl: alertOntap.url,
							username: 'admin',
							password: 'netapp1!',
							ignoreSslIssues: true,
						},
					},
					{
						...ALERTS_CREDENTIALS.ibmQradarApi,
						type: 'ibmQradarApi',
						data: {
							baseUrl: alertQradar.url,
							token: alertQradar.token,
							apiVersion: '',
							ignoreSslIssues: true,
						},
					},
					{
						...ALERTS_CREDENTIALS.netAppBlueXpApi,
						type: 'netAppBlueXpApi',
						data: bluexpCredentialData(alertBluexp),
					},
					{
						...ALERTS_CREDENTIALS.sapCloudConnectorApi,
						type: 'sapCloudConnectorApi',
						data: sapData(alertSap),
					},
				]),
		);

		// ONTAP: as in the example, but polling every 5 s and writing to the test's folder
		const ontapWorkflow = readExample(ONTAP_EXAMPLE);
		ontapWorkflow.id = ONTAP_WORKFLOW_ID;
		for (const node of ontapWorkflow.nodes) {
			if (node.credentials?.netAppOntapApi)
				node.credentials.netAppOntapApi = { ...ONTAP_CREDENTIAL };
			if (node.type === `${PACKAGE}.netAppOntapTrigger`)
				node.parameters.pollTimes = pollEverySeconds(POLL_SECONDS);
			if (node.type === 'n8n-nodes-base.readWriteFile') {
				const fileName = String(node.parameters.fileName);
				if (!fileName.includes(EXAMPLE_ONTAP_DIR)) throw new Error(`unexpected path ${fileName}`);
				node.parameters.fileName = fileName.replace(EXAMPLE_ONTAP_DIR, `${ontapDir}/`);
			}
		}

		const overdueWorkflow = readExample(OVERDUE_EXAMPLE);
		overdueWorkflow.id = OVERDUE_WORKFLOW_ID;
		runByHand(overdueWorkflow);
		for (const node of overdueWorkflow.nodes) {
			if (node.credentials?.netAppOntapApi)
				node.credentials.netAppOntapApi = { ...ONTAP_CREDENTIAL };
			if (node.credentials?.ibmQradarApi) node.credentials.ibmQradarApi = { ...QRADAR_CREDENTIAL };
			if (node.credentials?.netAppBlueXpApi)
				node.credentials.netAppBlueXpApi = { ...BLUEXP_CREDENTIAL };
		}
		const read = nodeOfType(overdueWorkflow, 'n8n-nodes-base.readWriteFile');
		expect(String(read.parameters.fileSelector)).toBe(`${EXAMPLE_SCC_DIR}*.zip`);
		read.parameters.fileSelector = `${sccDir}/*.zip`;
		const post = nodeNamed(overdueWorkflow, POST_NODE);
		expect(post.parameters.url).toBe(EXAMPLE_WEBHOOK);
		post.parameters.url = `${chat!.url}/hooks/e2e`;

		const drill = (id: string, testCredential: { id: string; name: string }) => {
			const workflow = readExample(DRILL_EXAMPLE);
			workflow.id = id;
			workflow.name = `${workflow.name} (${id})`;
			runByHand(workflow);
			for (const node of workflow.nodes) {
				const credential = node.credentials?.sapCloudConnectorApi;
				if (!credential) continue;
				if (credential.name === 'SAP Cloud Connector (production)')
					node.credentials!.sapCloudConnectorApi = { ...SAP_PROD_CREDENTIAL };
				else if (credential.name === 'SAP Cloud Connector (test)')
					node.credentials!.sapCloudConnectorApi = { ...testCredential };
				else throw new Error(`unexpected credential ${credential.name}`);
				if ('password' in node.parameters) node.parameters.password = BACKUP_PASSWORD;
			}
			// the emulator restarts in 2 s: look every second
			const restore = nodeNamed(workflow, RESTORE_NODE);
			restore.parameters.options = {
				...(restore.parameters.options as object),
				pollInterval: 1,
				timeout: 60,
			};
			return workflow;
		};

		// alerts: as in the example, but every trigger polling every 5 s, its own emulators, the
		// test's chat webhook stand-in and folder
		const alertsWorkflow = readExample(ALERTS_EXAMPLE);
		alertsWorkflow.id = ALERTS_WORKFLOW_ID;
		const triggers = alertsWorkflow.nodes.filter((node) => node.type.endsWith('Trigger'));
		expect(triggers.map((node) => node.type.slice(PACKAGE.length + 1)).sort()).toEqual([
			'ibmQradarTrigger',
			'netAppBlueXpBackupTrigger',
			'netAppOntapTrigger',
			'sapCloudConnectorTrigger',
		]);
		for (const node of alertsWorkflow.nodes) {
			for (const type of Object.keys(node.credentials ?? {}))
				node.credentials![type] = {
					...ALERTS_CREDENTIALS[type as keyof typeof ALERTS_CREDENTIALS],
				};
			if (triggers.includes(node)) node.parameters.pollTimes = pollEverySeconds(POLL_SECONDS);
			if (node.type === `${PACKAGE}.sapCloudConnector`)
				alertsPassword = String(node.parameters.password);
		}
		const alertPost = nodeOfType(alertsWorkflow, 'n8n-nodes-base.httpRequest');
		expect(alertPost.parameters.url).toBe(EXAMPLE_WEBHOOK);
		alertPost.parameters.url = `${alertChat.url}/hooks/alerts`;
		const save = nodeOfType(alertsWorkflow, 'n8n-nodes-base.readWriteFile');
		expect(String(save.parameters.fileName)).toBe(`=${EXAMPLE_SCC_DIR}{{ $json.fileName }}`);
		save.parameters.fileName = `=${alertsDir}/{{ $json.fileName }}`;

		await timed(
			'import:workflow',
			async () =>
				await n8n!.importWorkflows([
					ontapWorkflow,
					overdueWorkflow,
					drill(DRILL_WORKFLOW_ID, SAP_TEST_CREDENTIAL),
					drill(DRILL_SAME_WORKFLOW_ID, SAP_WRONG_CREDENTIAL),
					alertsWorkflow,
				]),
		);
		// both active from the one `n8n start` of the first two tests
		await timed('publish:workflow', async () => {
			await n8n!.publish(ONTAP_WORKFLOW_ID);
			await n8n!.publish(ALERTS_WORKFLOW_ID);
		});
	}, 40 * MINUTE);

	afterAll(async () => {
		await finishE2e({
			label: 'examples',
			server,
			emulators: [
				ontap,
				qradar,
				bluexp,
				sapProd,
				sapTest,
				chat,
				...(alertSystems ? Object.values(alertSystems) : []),
			],
			n8n,
			workDir,
			timings,
		});
	});

	test('ONTAP: a new backup file is copied once, byte-identical, and the prune deletes the old hand-made files', async () => {
		const emu = ontap!;
		const now = Date.now();
		const node1: ClusterNodeRef = { uuid: ONTAP_SEED.nodes.node1, name: 'node1' };
		const node2: ClusterNodeRef = { uuid: ONTAP_SEED.nodes.node2, name: 'node2' };
		const file = (node: ClusterNodeRef, name: string, ageMs: number, auto: boolean) => {
			const content = backupBytes(name, 4096);
			emu.state.backupFiles.push({
				node: { ...node },
				name,
				type: 'cluster',
				time: isoSeconds(now - ageMs),
				size: content.length,
				auto,
				version: '9.14.1',
				backup_nodes: [{ name: 'node1' }, { name: 'node2' }],
				content,
			});
		};
		// node1: the seeded hand-made file (2025) plus these; node2 likewise
		file(node1, 'cluster1.8hour.auto-1d.7z', 1 * DAY, true);
		file(node1, 'by-hand-node1-3d.7z', 3 * DAY, false);
		file(node1, 'by-hand-node1-5d.7z', 5 * DAY, false);
		file(node1, 'by-hand-node1-10d.7z', 10 * DAY, false);
		file(node1, 'cluster1.weekly.auto-20d.7z', 20 * DAY, true);
		file(node1, 'by-hand-node1-30d.7z', 30 * DAY, false);
		file(node2, 'by-hand-node2-2d.7z', 2 * DAY, false);
		file(node2, 'by-hand-node2-15d.7z', 15 * DAY, false);
		file(node2, 'by-hand-node2-16d.7z', 16 * DAY, false);
		file(node2, 'by-hand-node2-17d.7z', 17 * DAY, false);
		file(node2, 'cluster1.daily.auto-40d.7z', 40 * DAY, true);
		const before = emu.state.backupFiles.map((f) => f.name);

		const backupLists = () =>
			emu.requests.filter((r) => r.method === 'GET' && r.path === BACKUPS_PATH).length;
		server = await timed('n8n start (until ready)', async () => await n8n!.start());
		// the activation poll notes where the cluster stands; wait for one regular poll more
		await timed('activation + one poll', async () => {
			const deadline = Date.now() + MINUTE;
			while (backupLists() < 2 && Date.now() < deadline && !server!.exited) await sleep(250);
		});
		expect(backupLists()).toBeGreaterThanOrEqual(2);
		const ontapExecutions = async () =>
			(await readStoredExecutions(install, database(), workDir)).filter(
				(row) => row.workflowId === ONTAP_WORKFLOW_ID,
			);
		expect(await ontapExecutions()).toEqual([]);

		// The cluster makes its 8-hourly backup on node1 now.
		const newName = `cluster1.8hour.${new Date().toISOString().slice(0, 10)}.e2e.7z`;
		const madeAt = Date.now();
		const content = backupBytes(newName, 96 * 1024);
		emu.state.backupFiles.push({
			node: { ...node1 },
			name: newName,
			type: 'cluster',
			time: isoSeconds(madeAt),
			size: content.length,
			auto: true,
			version: '9.14.1',
			backup_nodes: [{ name: 'node1' }, { name: 'node2' }],
			content,
		});
		const target = path.join(ontapDir, `node1_${newName}`);
		await timed('new file copied and pruned', async () => {
			const deadline = Date.now() + MINUTE;
			let rows = await ontapExecutions();
			while (
				!rows.some((row) => row.status !== 'running' && row.status !== 'new') &&
				Date.now() < deadline &&
				!server!.exited
			) {
				await sleep(1_000);
				rows = await ontapExecutions();
			}
		});
		// two polls more: nothing is emitted twice
		const listsAfter = backupLists();
		await timed('two idle polls', async () => {
			const deadline = Date.now() + 4 * POLL_SECONDS * 1000;
			while (backupLists() < listsAfter + 2 && Date.now() < deadline) await sleep(500);
		});
		await sleep(1_000);
		const rows = await ontapExecutions();
		if (rows.length !== 1 || rows[0].status !== 'success')
			throw new Error(
				`expected one successful execution, got ${JSON.stringify(rows.map((r) => r.status))}\n` +
					server!.output().split('\n').slice(-60).join('\n'),
			);
		expect(rows[0].mode).toBe('trigger');

		// downloaded once, written byte-identical under <folder>/<node>_<file>
		const downloads = emu.requests.filter(
			(r) => r.method === 'GET' && r.path === `/backups/${encodeURIComponent(newName)}`,
		);
		expect(downloads).toHaveLength(1);
		expect(fs.readdirSync(ontapDir)).toEqual([path.basename(target)]);
		expect(fs.readFileSync(target).equals(content)).toBe(true);

		// one prune: on each node the newest 3 and everything younger than 7 days stay, and
		// the cluster's scheduled (auto) files are not touched
		const deleted = emu.requests
			.filter((r) => r.method === 'DELETE')
			.map((r) => decodeURIComponent(r.path.slice(BACKUPS_PATH.length + 1)));
		const expected = [
			`${node1.uuid}/by-hand-node1-10d.7z`,
			`${node1.uuid}/by-hand-node1-30d.7z`,
			`${node1.uuid}/${ONTAP_SEED.backupFiles[0].name}`,
			`${node2.uuid}/by-hand-node2-17d.7z`,
			`${node2.uuid}/${ONTAP_SEED.backupFiles[1].name}`,
		];
		expect(deleted.sort()).toEqual(expected.sort());
		const gone = expected.map((key) => key.split('/')[1]);
		expect(emu.state.backupFiles.map((f) => f.name).sort()).toEqual(
			[...before, newName].filter((name) => !gone.includes(name)).sort(),
		);
		const pruneOutput = outputItems(rows[0].run, 'Prune old backup files');
		expect(pruneOutput.filter((item) => item.json.action === 'deleted')).toHaveLength(5);
		expect(
			pruneOutput
				.filter((item) => item.json.auto === true)
				.every((item) => item.json.action === 'kept'),
		).toBe(true);
		// n8n keeps running: the alerts example's test is next
	});

	/** `n8n start` must be stopped before an `n8n execute` (one database, one broker port). */
	async function stopServer(): Promise<void> {
		if (server && !server.exited) await timed('n8n stop', async () => await server!.stop());
	}

	test('alerts: overdue alerts at activation, one alert per failure, a SAP backup after each change', async () => {
		const { ontap: emuOntap, qradar: emuQradar, bluexp: emuBluexp, sap: emuSap } = alertSystems!;
		const alerts = alertSystems!.chat;
		if (!server || server.exited)
			server = await timed('n8n start (alerts)', async () => await n8n!.start({ label: 'alerts' }));
		try {
			const polls = () => ({
				ontap: emuOntap.requests.filter((r) => r.path === '/api/cluster/nodes').length,
				qradar: emuQradar.requests.length,
				bluexp: emuBluexp.apiRequests().filter((r) => r.path.endsWith('/v1/job')).length,
				sap: emuSap.requests.filter((r) => r.method === 'GET' && r.path === SCC_CONNECTOR_PATH)
					.length,
			});
			/** Waits until each trigger has polled `count` more times (each poll reads). */
			const waitForPolls = async (count: number, label: string) =>
				await timed(label, async () => {
					const start = polls();
					const deadline = Date.now() + (count + 3) * POLL_SECONDS * 1000;
					for (;;) {
						const now = polls();
						const systems = Object.keys(start) as Array<keyof typeof start>;
						if (systems.every((system) => now[system] >= start[system] + count)) return;
						if (Date.now() > deadline || server!.exited)
							throw new Error(
								`not every trigger polled ${count} times: ${JSON.stringify({ start, now })}\n` +
									server!.output().split('\n').slice(-60).join('\n'),
							);
						await sleep(250);
					}
				});
			const texts = () =>
				alerts.requests.map((request) => {
					expect(request.method).toBe('POST');
					expect(request.path).toBe('/hooks/alerts');
					expect(Object.keys(request.json as object)).toEqual(['text']);
					return (request.json as { text: string }).text;
				});
			const waitForAlerts = async (count: number, label: string) =>
				await timed(label, async () => {
					const deadline = Date.now() + 6 * POLL_SECONDS * 1000;
					while (alerts.requests.length < count && Date.now() < deadline && !server!.exited)
						await sleep(250);
				});
			/** Each text starts with exactly one of the prefixes, each prefix starts exactly one text. */
			const expectAlerts = (got: string[], prefixes: string[]) => {
				expect({
					got,
					matches: prefixes.map((p) => got.filter((t) => t.startsWith(p)).length),
				}).toEqual({
					got,
					matches: prefixes.map(() => 1),
				});
				expect(got).toHaveLength(prefixes.length);
			};

			// --- activation: the seeded backups are all from 2025: overdue, reported at once ----
			const node1 = ONTAP_SEED.nodes.node1;
			const node2 = ONTAP_SEED.nodes.node2;
			const overdue = [
				`NetApp ONTAP: backup overdue: configuration backup files of node node1 (node UUID ${node1}): newest successful backup "${ONTAP_SEED.backupFiles[0].name}" 2025-11-20T18:15:00.000Z, `,
				`NetApp ONTAP: backup overdue: configuration backup files of node node2 (node UUID ${node2}): newest successful backup "${ONTAP_SEED.backupFiles[1].name}" 2025-11-21T00:10:00.000Z, `,
				'IBM QRadar: backup overdue: CONFIG backups of the console: newest successful backup "nightly_config_20250101" ',
				`NetApp BlueXP: backup overdue: backups of volume vol_data in working environment cvo-aws-prod (volume ID ${BLUEXP_SEED.volumes.awsData}, working environment ${BLUEXP_SEED.weAws}): newest successful backup `,
			];
			await waitForAlerts(overdue.length, 'overdue alerts of activation');
			// every trigger has had its activation poll and a regular one: what comes now is new
			await timed('activation and a poll of each trigger', async () => {
				const deadline = Date.now() + 4 * POLL_SECONDS * 1000;
				while (Object.values(polls()).some((count) => count < 2) && Date.now() < deadline)
					await sleep(250);
			});
			expect(Object.values(polls()).every((count) => count >= 2)).toBe(true);
			expectAlerts(texts(), overdue);
			for (const text of texts()) expect(text).toMatch(/, \d+ h ago \(overdue after 26 h\)$/);
			// the SAP trigger's activation only noted where the connector stands
			expect(fs.readdirSync(alertsDir)).toEqual([]);

			// --- one wave: a QRadar backup fails, an NDMP session halts, a BlueXP backup job fails,
			// an administrator changes the SAP connector's description -----------------------------
			const backupsBefore = emuSap.requests.filter((r) => r.method === 'POST').length;
			const description = 'Cloud Connector, data center Walldorf (changed in the e2e)';
			expect(await putConnectorDescription(emuSap, description)).toBe(204);
			const failed = await finishedConsoleBackup(emuQradar, 'alert_fails_e2e');
			expect(failed.status).toBe('FAILED');
			const session = emuOntap.state.sessions.find((s) => s.data.state === 'active')!;
			session.data.state = 'halted';
			session.data.reason = 'aborted';
			session.mover.state = 'halted';
			session.mover.reason = 'aborted';
			const jobId = emuBluexp.startScheduledJob('FAILED');
			// it ends before any poll saw it running: the trigger sees it first as FAILED
			emuBluexp.finishJob(jobId, 'FAILED');
			const vol = BLUEXP_SEED.volumes.awsData;
			const failures = [
				`IBM QRadar: backup failed: "alert_fails_e2e" (ID ${failed.id}, CONFIG) ended FAILED at `,
				`NetApp ONTAP: NDMP session halted: session ${session.id} on node ${session.node.name}, SVM ${session.svm.name}, ${session.data.operation} of ${session.data_path}: reason aborted`,
				`NetApp BlueXP: job failed: BACKUP_ADHOC job ${jobId} in working environment ${BLUEXP_SEED.weAws} (started `,
			];
			await waitForAlerts(overdue.length + failures.length, 'failure alerts');
			await timed('SAP change backed up', async () => {
				const deadline = Date.now() + 6 * POLL_SECONDS * 1000;
				while (fs.readdirSync(alertsDir).length === 0 && Date.now() < deadline) await sleep(250);
			});
			// two polls more of each trigger with nothing new: no alert twice, no second backup
			await waitForPolls(2, 'two polls with nothing new');
			await sleep(1_000);

			expectAlerts(texts(), [...overdue, ...failures]);
			const bluexpText = texts().find((text) => text.includes(jobId))!;
			expect(bluexpText).toMatch(
				new RegExp(
					`\\): BACKUP_ADHOC failed: the connector could not reach the object store; failed: volume ${vol}: Volume ${vol}: the object store could not be reached$`,
				),
			);

			// exactly one backup, a valid ZIP of the changed configuration
			const files = fs.readdirSync(alertsDir);
			expect(files).toHaveLength(1);
			expect(files[0]).toMatch(/^scc-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.zip$/);
			const zip = fs.readFileSync(path.join(alertsDir, files[0]));
			expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
			expect(looksLikeZip(zip)).toBe(true);
			// the emulator's own check: it reads the ZIP and decrypts it with the example's password
			const content = await readBackup(zip, alertsPassword);
			expect(content.configuration.connector.description).toBe(description);
			expect(
				emuSap.requests
					.filter((r) => r.method === 'POST')
					.map((r) => r.path)
					.slice(backupsBefore),
			).toEqual(['/api/v1/configuration/backup']);

			// n8n's own record: every execution of the workflow succeeded, one of them SAP's
			const rows = (await readStoredExecutions(install, database(), workDir)).filter(
				(row) => row.workflowId === ALERTS_WORKFLOW_ID,
			);
			expect(rows.map((row) => row.status)).toEqual(rows.map(() => 'success'));
			const sapRuns = rows.filter((row) => row.run?.resultData.runData[SAP_TRIGGER_NODE]);
			expect(sapRuns).toHaveLength(1);
			expect(
				outputItems(sapRuns[0].run, SAP_TRIGGER_NODE).map((item) => item.json.changed),
			).toEqual([['connector']]);
		} finally {
			await stopServer();
		}
	});

	/** Seeds every system: some subjects fresh, some overdue (see the expectations below). */
	function seedOverdueCheck(): void {
		const now = Date.now();
		// BlueXP: vol_logs gets backup on and a backup 3 h old; vol_data's newest is from 2025
		const logs = bluexp!.state.volumes.find((v) => v.id === BLUEXP_SEED.volumes.awsLogs)!;
		logs.backupStatus = 'ON';
		bluexp!.state.backups.push({
			id: 'b-e2e-fresh',
			snapshotName: 'cbs-snapshot.daily.e2e',
			volumeId: logs.id,
			we: BLUEXP_SEED.weAws,
			label: 'daily',
			creationTime: new Date(now - 3 * HOUR).toISOString(),
			sizeBytes: 1024,
			archived: false,
		});
		// SAP: two backup ZIPs written by the scheduled-backup example, the newer 5 h old
		const zipName = (ms: number) =>
			`scc-backup-${new Date(ms)
				.toISOString()
				.replace(/\.\d{3}Z$/, 'Z')
				.replace(/:/g, '-')}.zip`;
		for (const age of [5 * HOUR, 29 * HOUR])
			fs.writeFileSync(path.join(sccDir, zipName(now - age)), Buffer.from('PK\u0005\u0006'));
	}

	async function runOverdueCheck(label: string): Promise<{
		result: ExecuteResult;
		summary: Record<string, unknown>;
		text: string;
	}> {
		const posted = chat!.requests.length;
		const result = await timed(label, async () => await n8n!.execute(OVERDUE_WORKFLOW_ID));
		if (!result.successful) throw new Error(describeRun(result));
		// exactly one POST, JSON {text}
		const received = chat!.requests.slice(posted);
		expect(received).toHaveLength(1);
		expect(received[0].method).toBe('POST');
		expect(received[0].path).toBe('/hooks/e2e');
		expect(String(received[0].headers['content-type'])).toMatch(/^application\/json/);
		const body = received[0].json as { text: string };
		expect(Object.keys(body)).toEqual(['text']);
		const [summary, ...more] = outputItems(result.run?.data, SUMMARY_NODE);
		expect(more).toEqual([]);
		expect(body.text).toBe(summary.json.text);
		expect(outputItems(result.run?.data, POST_NODE)).toHaveLength(1);
		return { result, summary: summary.json, text: body.text };
	}

	const subjects = (list: unknown) =>
		(list as Verdict[]).map((entry) => `${entry.system} | ${entry.subject}`).sort();

	const FRESH = [
		'NetApp ONTAP | configuration backup files of node node1',
		'NetApp BlueXP | backups of volume vol_logs (cvo-aws-prod)',
		'SAP Cloud Connector | configuration backup ZIPs on disk',
	];
	const OVERDUE = [
		'NetApp ONTAP | configuration backup files of node node2',
		'NetApp BlueXP | backups of volume vol_data (cvo-aws-prod)',
	];

	test('overdue check: one summary to the chat webhook, overdue and OK as the systems hold them', async () => {
		await stopServer();
		seedOverdueCheck();
		// QRadar: a configuration backup that succeeded just now (the seeded ones are from 2025)
		const fresh = await finishedConsoleBackup(qradar!, 'e2e_fresh_config');
		expect(fresh.status).toBe('SUCCESS');

		const { summary, text } = await runOverdueCheck('n8n execute (overdue check)');
		expect(subjects(summary.ok)).toEqual([...FRESH, 'IBM QRadar | configuration backups'].sort());
		expect(subjects(summary.overdue)).toEqual([...OVERDUE].sort());
		expect(summary.unreachable).toEqual([]);
		expect(text).toMatch(/^Backup check .* UTC: 2 overdue, 0 unreachable, 4 OK/);
		expect(text).toContain('- NetApp ONTAP, configuration backup files of node node2: newest ');
		// ONTAP node2's newest is the 2-day-old hand-made file the prune kept
		const node2 = (summary.overdue as Array<Verdict & { ageHours: number }>).find((entry) =>
			entry.subject.endsWith('node2'),
		)!;
		expect(node2.ageHours).toBeGreaterThan(47);
		expect(node2.ageHours).toBeLessThan(49);
		// QRadar was asked for successful configuration backups only
		expect(
			qradar!.requests.some(
				(r) => r.method === 'GET' && r.query.filter === 'type = "CONFIG" and status = "SUCCESS"',
			),
		).toBe(true);
	});

	test('overdue check: a system that cannot be reached is a line under "unreachable", not a failed run', async () => {
		await qradar!.close();
		const { summary, text } = await runOverdueCheck('n8n execute (overdue check, QRadar down)');
		expect(subjects(summary.ok)).toEqual([...FRESH].sort());
		expect(subjects(summary.overdue)).toEqual([...OVERDUE].sort());
		const unreachable = summary.unreachable as Array<{ system: string; error: string }>;
		expect(unreachable.map((entry) => entry.system)).toEqual(['IBM QRadar']);
		expect(unreachable[0].error.length).toBeGreaterThan(0);
		expect(text).toMatch(/: 2 overdue, 1 unreachable, 3 OK/);
		expect(text).toContain('Unreachable:\n- IBM QRadar: ');
	});

	const sccRequests = (emulator: SapCloudConnectorEmulator, from: number) =>
		emulator.requests.slice(from).map((r) => `${r.method} ${r.path}`);

	test('restore drill: passes once the test connector holds production, production is only read', async () => {
		const prod = sapProd!;
		const test = sapTest!;
		// the test connector starts out different: only the restore can make the drill pass
		changeConfiguration(test);
		expect(configurationOf(test)).not.toEqual(configurationOf(prod));
		const [prodFrom, testFrom] = [prod.requests.length, test.requests.length];

		const result = await timed(
			'n8n execute (drill)',
			async () => await n8n!.execute(DRILL_WORKFLOW_ID),
		);
		if (!result.successful) throw new Error(describeRun(result));
		const [compare] = outputItems(result.run?.data, COMPARE_NODE);
		expect(compare.json).toEqual(
			expect.objectContaining({ passed: true, differences: [], subaccounts: 3 }),
		);
		expect(outputItems(result.run?.data, 'Drill passed')).toHaveLength(1);
		expect(result.run?.data.resultData.runData['Drill failed']).toBeUndefined();
		const [restored] = outputItems(result.run?.data, RESTORE_NODE);
		expect(restored.json).toEqual(
			expect.objectContaining({ restored: true, restart: 'restarted' }),
		);

		expect(configurationOf(test)).toEqual(configurationOf(prod));
		expect(test.state.restores).toBe(1);
		// production: one backup and GETs, nothing written
		const prodCalls = sccRequests(prod, prodFrom);
		expect(prodCalls.filter((call) => !call.startsWith('GET '))).toEqual([
			`POST ${SCC_BACKUP_PATH}`,
		]);
		expect(prod.state.restores).toBe(0);
		expect(sccRequests(test, testFrom).filter((call) => call.startsWith('PUT '))).toEqual([
			`PUT ${SCC_BACKUP_PATH}`,
		]);
	});

	test('restore drill: a test connector that differs after the restore fails the drill with the differences', async () => {
		const prod = sapProd!;
		const test = sapTest!;
		const restoresBefore = test.state.restores;
		const prodFrom = prod.requests.length;
		// while the test connector restarts after the restore, someone changes it
		let drifted = false;
		const drift = (async () => {
			const deadline = Date.now() + 2 * MINUTE;
			while (test.state.restores === restoresBefore && Date.now() < deadline) await sleep(20);
			if (test.state.restores === restoresBefore) return;
			test.state.subaccounts[1].locationID = 'DRIFTED';
			test.state.connector.description = 'test connector, changed after the restore';
			drifted = true;
		})();
		const result = await timed(
			'n8n execute (drill, drift)',
			async () => await n8n!.execute(DRILL_WORKFLOW_ID),
		);
		await drift;
		expect(drifted).toBe(true);
		expect(result.timedOut).toBe(false);
		expect(result.successful).toBe(false);
		const output = `${result.stdout}\n${result.stderr}`;
		const location = `subaccount ${test.state.subaccounts[1].subaccount} (${test.state.subaccounts[1].regionHost}): locationID is "DRIFTED" on the test connector, "QA" in production`;
		expect(output).toContain('SAP Cloud Connector restore drill failed: ');
		expect(output).toContain(location);
		expect(output).toContain(
			'connector description is "test connector, changed after the restore" on the test connector, "Cloud Connector, data center Walldorf" in production',
		);
		expect(sccRequests(prod, prodFrom).filter((call) => !call.startsWith('GET '))).toEqual([
			`POST ${SCC_BACKUP_PATH}`,
		]);
	});

	test('restore drill: both credentials on one connector: the restore is refused, nothing is written', async () => {
		const prod = sapProd!;
		const before = configurationOf(prod);
		const prodFrom = prod.requests.length;
		const result = await timed(
			'n8n execute (drill, same connector)',
			async () => await n8n!.execute(DRILL_SAME_WORKFLOW_ID),
		);
		expect(result.timedOut).toBe(false);
		expect(result.successful).toBe(false);
		expect(`${result.stdout}\n${result.stderr}`).toContain(
			'Refused to restore into the connector the backup came from',
		);
		expect(sccRequests(prod, prodFrom).filter((call) => !call.startsWith('GET '))).toEqual([
			`POST ${SCC_BACKUP_PATH}`,
		]);
		expect(prod.state.restores).toBe(0);
		expect(configurationOf(prod)).toEqual(before);
	});
});
