/**
 * `npm start`: the package inside a real n8n, against the emulators, ready to click.
 *
 * Builds and packs the package, installs it as a community package into a throw-away
 * n8n user folder (n8n 2.41.1 on Node 24, both cached under ~/.cache like the e2e test),
 * starts the ONTAP, SAP Cloud Connector and IBM QRadar emulators (seeded) on 127.0.0.1,
 * imports credentials for them and the example workflows, then runs `n8n start` until Ctrl+C.
 *
 * - NetApp ONTAP: "Kill halted NDMP sessions", run it by hand.
 * - SAP Cloud Connector, scheduled backup: imported as in the example (nightly) but not
 *   published; run it by hand and it writes a backup ZIP into the demo's backup folder.
 * - SAP Cloud Connector, webhook restore: published, so its production webhook answers at
 *   once; the demo prints a curl command that uploads a backup ZIP it made for that purpose.
 * - IBM QRadar, nightly backup: not published; run it by hand and it makes a CONFIG backup on
 *   the emulator (backups whose name contains "fail" end FAILED there: the notify branch).
 * - IBM QRadar, failure alert: published, polling every minute; the demo prints a curl
 *   command that makes a backup fail on the emulator, and the next poll emits it once.
 * - NetApp BlueXP, ad-hoc backup: not published; run it by hand and it backs up the seeded
 *   volume on the emulator (token endpoint and API on one loopback server), waits for the job
 *   and lists the volume's backups.
 * - NetApp ONTAP, copy new backup files: published, polling every minute; the demo prints a
 *   curl command that makes a configuration backup on the emulator, and the next poll copies it
 *   into the demo's folder and prunes.
 * - All four systems, overdue-backup check: not published; run it by hand and its summary goes
 *   to a small chat-webhook stand-in the demo runs on 127.0.0.1, which prints what it receives.
 * - SAP Cloud Connector, restore drill: not published; run it by hand: a backup of the demo's
 *   connector is restored into a second SAP emulator (the "test" connector, started with a
 *   different configuration) and the two are compared.
 * - Every system, alerts and SAP backup after every change: published, its four triggers poll
 *   every minute; the alerts go to the chat-webhook stand-in (the seeded ONTAP, QRadar and
 *   BlueXP backups are old, so overdue alerts come at activation; the QRadar curl adds a
 *   failure alert), and the demo prints a curl command that changes the SAP connector's
 *   description: the next poll writes a backup ZIP into the demo's backup folder.
 *
 * The first run installs n8n from the npm registry (a few minutes). n8n's calls home are
 * switched off (QUIET_OFFLINE), the owner account is made for the user (OWNER, printed with
 * the URL), and the on-premises emulators (ONTAP, SAP, QRadar) speak HTTPS with a
 * self-signed certificate, so their credentials use Ignore SSL Issues as users' do.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

import { startIbmQradarEmulator } from '../emulators/ibmQradar';
import {
	SEED as BLUEXP_SEED,
	bluexpCredentialData,
	startNetAppBlueXpEmulator,
} from '../emulators/netAppBlueXp';
import { startOntapEmulator } from '../emulators/ontap';
import {
	changeConfiguration,
	configurationOf,
	createBackup,
	startSapCloudConnectorEmulator,
} from '../emulators/sapCloudConnector';
import {
	createN8nInstance,
	ensureN8n,
	ensureNode24,
	freePort,
	httpStatus,
	packPackage,
	REPO_ROOT,
	waitForHttpStatus,
} from '../e2e/n8n';
import { startCaptureServer } from '../e2e/capture';

const DAY_MS = 24 * 60 * 60 * 1000;
const ONTAP_CREDENTIAL = { id: 'demoOntapCredential', name: 'ONTAP emulator (demo)' };
const SAP_CREDENTIAL = { id: 'demoSapSccCredent', name: 'SAP Cloud Connector emulator (demo)' };
const WEBHOOK_CREDENTIAL = { id: 'demoSccWebhookTok', name: 'SCC restore webhook token (demo)' };
const SAP_BACKUP_WORKFLOW_ID = 'demoSccSchedBackup';
const SAP_RESTORE_WORKFLOW_ID = 'demoSccHookRestore';
const QRADAR_CREDENTIAL = { id: 'demoQradarCredent', name: 'IBM QRadar emulator (demo)' };
const QRADAR_BACKUP_WORKFLOW_ID = 'demoQradarNightly';
const QRADAR_ALERT_WORKFLOW_ID = 'demoQradarAlert01';
const BLUEXP_CREDENTIAL = { id: 'demoBlueXpCredent', name: 'NetApp BlueXP emulator (demo)' };
const BLUEXP_WORKFLOW_ID = 'demoBlueXpAdHoc01';
const SAP_TEST_CREDENTIAL = {
	id: 'demoSapSccTestCon',
	name: 'SAP Cloud Connector test emulator (demo)',
};
const ONTAP_COPY_WORKFLOW_ID = 'demoOntapCopyFiles';
const OVERDUE_WORKFLOW_ID = 'demoOverdueCheck01';
const DRILL_WORKFLOW_ID = 'demoSccRestoreDrill';
const ALERTS_WORKFLOW_ID = 'demoAlertsEveryTrig';
/** The owner account the demo creates, so the first screen after signing in is the workflow list. */
const OWNER = {
	email: 'demo@n8n-backup-restore.local',
	firstName: 'Backup',
	lastName: 'Operator',
	password: 'Demo-backup-restore-1',
};
/**
 * n8n's own switches for a machine without internet: no calls home (diagnostics, version
 * notifications, templates, banners, the MCP server registry, community-node search) and
 * the settings n8n 2.41 warns about set explicitly. Nothing then prints a stack trace for a
 * host it cannot reach (n8n still says once that it has no Python runner: harmless).
 */
const QUIET_OFFLINE: NodeJS.ProcessEnv = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_RUNNERS_TASK_TIMEOUT: '300',
	N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
	N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
};
/** Where the example writes backups; the demo writes them below its own folder instead. */
const EXAMPLE_BACKUP_DIR = '/home/node/.n8n-files/scc-backups/';
const EXAMPLE_ONTAP_DIR = '/home/node/.n8n-files/ontap-backups/';
const EXAMPLE_WEBHOOK = 'https://chat.example.com/hooks/CHANGE-ME';

interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<{
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, unknown>;
	}>;
	[key: string]: unknown;
}

/** Creates the owner account through n8n's REST API; false when n8n refused (e.g. one exists). */
async function setUpOwner(url: string): Promise<boolean> {
	const body = JSON.stringify(OWNER);
	return await new Promise<boolean>((resolve) => {
		const request = http.request(
			`${url}/rest/owner/setup`,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
				timeout: 30_000,
			},
			(response) => {
				response.resume();
				resolve(response.statusCode === 200);
			},
		);
		request.once('timeout', () => request.destroy());
		request.once('error', () => resolve(false));
		request.end(body);
	});
}

function example(file: string): WorkflowJson {
	return JSON.parse(
		fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'),
	) as WorkflowJson;
}

/** Points every credential reference of `type` at `credential`. */
function useCredential(workflow: WorkflowJson, type: string, credential: object): void {
	for (const node of workflow.nodes) {
		if (node.credentials?.[type]) node.credentials[type] = credential;
	}
}

/** The compiled demo (.demo/) has no certificates beside the emulators: bring them along. */
function provideEmulatorCertificates(): void {
	const source = path.join(REPO_ROOT, 'test', 'emulators', 'certs');
	const target = path.join(__dirname, '..', 'emulators', 'certs');
	if (path.resolve(source) !== path.resolve(target) && !fs.existsSync(target))
		fs.cpSync(source, target, { recursive: true });
}

async function main() {
	const node = await ensureNode24();
	const n8n = await ensureN8n(node);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-backup-restore-demo-'));
	const backupDir = path.join(work, 'scc-backups');
	fs.mkdirSync(backupDir);
	const ontapDir = path.join(work, 'ontap-backups');
	fs.mkdirSync(ontapDir);
	const tarball = await packPackage(work);

	provideEmulatorCertificates();
	// HTTPS with a self-signed certificate, like a cluster's own: the credential's Ignore SSL
	// Issues path is the one users see
	const ontap = await startOntapEmulator({ sessions: 12, https: true, maxLifetimeMs: DAY_MS });
	const sap = await startSapCloudConnectorEmulator({ maxLifetimeMs: DAY_MS });
	// seeded: backups that succeeded, one that failed, a data backup still running, a finished
	// restore and the scheduled backup configuration (ID 1); names with "fail" end FAILED
	const qradar = await startIbmQradarEmulator({
		backups: 3,
		failingNames: /fail/i,
		maxLifetimeMs: DAY_MS,
	});
	// seeded: a Cloud Volumes ONTAP working environment with backup on, volumes and backups
	const bluexp = await startNetAppBlueXpEmulator({ maxLifetimeMs: DAY_MS });
	// the restore drill's test connector: another SAP emulator, set up differently until a
	// drill restores production's configuration into it
	const sapTest = await startSapCloudConnectorEmulator({ maxLifetimeMs: DAY_MS });
	changeConfiguration(sapTest);
	// the overdue check's and the alerts' chat webhook: prints each message it receives
	const chat = await startCaptureServer((request) => {
		const text = (request.json as { text?: unknown } | undefined)?.text;
		process.stdout.write(
			`demo: chat webhook received ${request.method} ${request.path}:\n${
				typeof text === 'string' ? text : request.text
			}\n`,
		);
	});
	const port = Number(process.env.N8N_PORT ?? (await freePort()));
	const instance = await createN8nInstance(n8n, tarball, {
		N8N_PORT: String(port),
		// Read/Write Files from Disk may only touch these folders (n8n 2.x default: ~/.n8n-files;
		// several are separated by ';')
		N8N_RESTRICT_FILE_ACCESS_TO: `${backupDir};${ontapDir}`,
		...QUIET_OFFLINE,
	});
	const webhookToken = `Bearer demo-${randomBytes(12).toString('hex')}`;
	/** The n8n CLI's own summary lines ("Successfully imported 3 credentials.", ...). */
	const report = (result: { stdout: string }) => {
		for (const line of result.stdout.split('\n'))
			if (/^(Successfully imported|Publishing workflow)/.test(line))
				process.stdout.write(`demo: ${line}\n`);
	};
	report(
		await instance.importCredentials([
			{
				...ONTAP_CREDENTIAL,
				type: 'netAppOntapApi',
				data: {
					baseUrl: ontap.url,
					username: 'admin',
					password: 'netapp1!',
					// the emulator's certificate is self-signed, like a cluster's default one
					ignoreSslIssues: true,
				},
			},
			{
				...SAP_CREDENTIAL,
				type: 'sapCloudConnectorApi',
				data: {
					baseUrl: sap.url,
					username: sap.username,
					password: sap.password,
					// the emulator's certificate is self-signed, like a fresh Cloud Connector's
					ignoreSslIssues: true,
				},
			},
			{
				...SAP_TEST_CREDENTIAL,
				type: 'sapCloudConnectorApi',
				data: {
					baseUrl: sapTest.url,
					username: sapTest.username,
					password: sapTest.password,
					ignoreSslIssues: true,
				},
			},
			{
				...WEBHOOK_CREDENTIAL,
				type: 'httpHeaderAuth',
				data: { name: 'Authorization', value: webhookToken },
			},
			{
				...QRADAR_CREDENTIAL,
				type: 'ibmQradarApi',
				data: {
					baseUrl: qradar.url,
					token: qradar.token,
					apiVersion: '',
					// self-signed, like many consoles
					ignoreSslIssues: true,
				},
			},
			{
				...BLUEXP_CREDENTIAL,
				type: 'netAppBlueXpApi',
				data: bluexpCredentialData(bluexp),
			},
		]),
	);

	const ontapExample = example('netapp-ontap-kill-halted-ndmp-sessions.json');
	useCredential(ontapExample, 'netAppOntapApi', ONTAP_CREDENTIAL);

	const backupExample = example('sap-cloud-connector-scheduled-backup.json');
	backupExample.id = SAP_BACKUP_WORKFLOW_ID;
	useCredential(backupExample, 'sapCloudConnectorApi', SAP_CREDENTIAL);
	let backupPassword = '';
	for (const exampleNode of backupExample.nodes) {
		if (exampleNode.type === 'n8n-nodes-base.readWriteFile')
			exampleNode.parameters.fileName = String(exampleNode.parameters.fileName).replace(
				EXAMPLE_BACKUP_DIR,
				`${backupDir}/`,
			);
		if (exampleNode.type.endsWith('.sapCloudConnector'))
			backupPassword = String(exampleNode.parameters.password);
	}

	const restoreExample = example('sap-cloud-connector-webhook-restore.json');
	restoreExample.id = SAP_RESTORE_WORKFLOW_ID;
	useCredential(restoreExample, 'sapCloudConnectorApi', SAP_CREDENTIAL);
	useCredential(restoreExample, 'httpHeaderAuth', WEBHOOK_CREDENTIAL);
	const webhookPath = String(
		restoreExample.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')?.parameters.path,
	);

	const qradarBackupExample = example('ibm-qradar-nightly-backup.json');
	qradarBackupExample.id = QRADAR_BACKUP_WORKFLOW_ID;
	useCredential(qradarBackupExample, 'ibmQradarApi', QRADAR_CREDENTIAL);
	const qradarAlertExample = example('ibm-qradar-backup-alert.json');
	qradarAlertExample.id = QRADAR_ALERT_WORKFLOW_ID;
	useCredential(qradarAlertExample, 'ibmQradarApi', QRADAR_CREDENTIAL);
	// every minute (n8n's shortest poll time) instead of the example's five
	for (const exampleNode of qradarAlertExample.nodes)
		if (exampleNode.type.endsWith('.ibmQradarTrigger'))
			exampleNode.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };

	const bluexpExample = example('netapp-bluexp-adhoc-backup.json');
	bluexpExample.id = BLUEXP_WORKFLOW_ID;
	useCredential(bluexpExample, 'netAppBlueXpApi', BLUEXP_CREDENTIAL);
	for (const exampleNode of bluexpExample.nodes) {
		if (!exampleNode.type.endsWith('.netAppBlueXpBackup')) continue;
		exampleNode.parameters.workingEnvironment = {
			__rl: true,
			mode: 'id',
			value: BLUEXP_SEED.weAws,
		};
		exampleNode.parameters.volumeId = BLUEXP_SEED.volumes.awsData;
		// the emulator's jobs finish after a few looks: poll every second, not every ten
		if (exampleNode.parameters.options)
			exampleNode.parameters.options = {
				...(exampleNode.parameters.options as object),
				pollInterval: 1,
			};
	}

	const ontapCopyExample = example('netapp-ontap-copy-new-backup-files.json');
	ontapCopyExample.id = ONTAP_COPY_WORKFLOW_ID;
	useCredential(ontapCopyExample, 'netAppOntapApi', ONTAP_CREDENTIAL);
	for (const exampleNode of ontapCopyExample.nodes) {
		// every minute (n8n's shortest poll time) instead of the example's hour
		if (exampleNode.type.endsWith('.netAppOntapTrigger'))
			exampleNode.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
		if (exampleNode.type === 'n8n-nodes-base.readWriteFile')
			exampleNode.parameters.fileName = String(exampleNode.parameters.fileName).replace(
				EXAMPLE_ONTAP_DIR,
				`${ontapDir}/`,
			);
	}

	const overdueExample = example('daily-overdue-backup-check.json');
	overdueExample.id = OVERDUE_WORKFLOW_ID;
	useCredential(overdueExample, 'netAppOntapApi', ONTAP_CREDENTIAL);
	useCredential(overdueExample, 'ibmQradarApi', QRADAR_CREDENTIAL);
	useCredential(overdueExample, 'netAppBlueXpApi', BLUEXP_CREDENTIAL);
	for (const exampleNode of overdueExample.nodes) {
		if (exampleNode.type === 'n8n-nodes-base.readWriteFile')
			exampleNode.parameters.fileSelector = String(exampleNode.parameters.fileSelector).replace(
				EXAMPLE_BACKUP_DIR,
				`${backupDir}/`,
			);
		if (exampleNode.parameters.url === EXAMPLE_WEBHOOK)
			exampleNode.parameters.url = `${chat.url}/hooks/demo`;
	}

	const drillExample = example('sap-cloud-connector-restore-drill.json');
	drillExample.id = DRILL_WORKFLOW_ID;
	for (const exampleNode of drillExample.nodes) {
		const credential = exampleNode.credentials?.sapCloudConnectorApi as
			{ name?: string } | undefined;
		if (credential)
			exampleNode.credentials!.sapCloudConnectorApi = /\(test\)/.test(credential.name ?? '')
				? SAP_TEST_CREDENTIAL
				: SAP_CREDENTIAL;
		// the emulator restarts in a second or two: look every second, not every five
		if (exampleNode.parameters.operation === 'restore')
			exampleNode.parameters.options = {
				...(exampleNode.parameters.options as object),
				pollInterval: 1,
			};
	}

	const alertsExample = example('backup-alerts-from-every-trigger.json');
	alertsExample.id = ALERTS_WORKFLOW_ID;
	useCredential(alertsExample, 'netAppOntapApi', ONTAP_CREDENTIAL);
	useCredential(alertsExample, 'ibmQradarApi', QRADAR_CREDENTIAL);
	useCredential(alertsExample, 'netAppBlueXpApi', BLUEXP_CREDENTIAL);
	useCredential(alertsExample, 'sapCloudConnectorApi', SAP_CREDENTIAL);
	for (const exampleNode of alertsExample.nodes) {
		// every minute (n8n's shortest poll time) instead of the example's 15
		if (exampleNode.type.endsWith('Trigger'))
			exampleNode.parameters.pollTimes = { item: [{ mode: 'everyMinute' }] };
		if (exampleNode.type === 'n8n-nodes-base.readWriteFile')
			exampleNode.parameters.fileName = String(exampleNode.parameters.fileName).replace(
				EXAMPLE_BACKUP_DIR,
				`${backupDir}/`,
			);
		if (exampleNode.parameters.url === EXAMPLE_WEBHOOK)
			exampleNode.parameters.url = `${chat.url}/hooks/alerts`;
	}

	report(
		await instance.importWorkflows([
			ontapExample,
			backupExample,
			restoreExample,
			qradarBackupExample,
			qradarAlertExample,
			bluexpExample,
			ontapCopyExample,
			overdueExample,
			drillExample,
			alertsExample,
		]),
	);
	// The restore webhook answers from the start; the backups run when you run them; the
	// QRadar alert polls from the start.
	report(await instance.publish(SAP_RESTORE_WORKFLOW_ID));
	report(await instance.publish(QRADAR_ALERT_WORKFLOW_ID));
	report(await instance.publish(ONTAP_COPY_WORKFLOW_ID));
	report(await instance.publish(ALERTS_WORKFLOW_ID));

	// A backup of the seeded configuration, made with the examples' backup password, to upload.
	const sampleBackup = path.join(work, 'scc-backup-demo.zip');
	fs.writeFileSync(sampleBackup, await createBackup(configurationOf(sap), backupPassword));

	const n8nProcess = spawn(node, [n8n.bin, 'start'], { env: instance.env, stdio: 'inherit' });
	let exited = false;
	const exit = new Promise<number>((resolve) =>
		n8nProcess.on('exit', (exitCode) => {
			exited = true;
			resolve(exitCode ?? 0);
		}),
	);
	const stop = () => {
		n8nProcess.kill('SIGTERM');
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	const url = `http://127.0.0.1:${port}`;
	const webhookUrl = `${url}/webhook/${webhookPath}`;
	// Ready once n8n answers and has registered the published webhook (403 without the token).
	try {
		await waitForHttpStatus(`${url}/healthz`, (status) => status === 200 || exited, {
			timeoutMs: 5 * 60_000,
		});
		await waitForHttpStatus(webhookUrl, (status) => status === 403 || exited, {
			method: 'POST',
			timeoutMs: 60_000,
		});
	} catch (error) {
		process.stderr.write(`demo: ${(error as Error).message}\n`);
	}

	const owner = !exited && (await setUpOwner(url));
	if (!exited) {
		const webhookReady = (await httpStatus(webhookUrl, { method: 'POST' })) === 403;
		process.stdout.write(
			[
				'',
				'n8n-nodes-backup-restore demo',
				`  n8n:             ${url}`,
				owner
					? `  sign in:         ${OWNER.email} / ${OWNER.password}  (the owner account, made for you)`
					: '  sign in:         first visit: create the owner account',
				`  ONTAP emulator:  ${ontap.url}  (user admin, password netapp1!; self-signed certificate)`,
				`  SAP emulator:    ${sap.url}  (user ${sap.username}, password ${sap.password}; self-signed certificate)`,
				'  imported:        the credentials above, "Kill halted NDMP sessions",',
				'                   "SAP Cloud Connector: nightly configuration backup to disk" (not published: run it by hand),',
				'                   "SAP Cloud Connector: restore a configuration backup from a webhook upload" (published)',
				`  backups go to:   ${backupDir}`,
				`  backup password: ${backupPassword}  (as in both examples)`,
				`  restore webhook: POST ${webhookUrl}${webhookReady ? '' : '  (not registered yet: check the n8n output)'}`,
				'  restore the sample backup (the emulator restarts, the answer comes when it is back):',
				`    curl -sS -X POST -H 'Authorization: ${webhookToken}' \\`,
				`      -F 'backup=@${sampleBackup};type=application/zip' \\`,
				`      ${webhookUrl}`,
				`  QRadar emulator: ${qradar.url}  (SEC token ${qradar.token}; self-signed certificate)`,
				'  imported:        "IBM QRadar: nightly configuration backup, alert on failure" (not published: run it by hand;',
				'                   put "fail" in the backup name to see the notify branch),',
				'                   "IBM QRadar: alert when a backup or restore fails" (published, polls every minute)',
				'  make a QRadar backup fail on the emulator (it ends FAILED after two looks; the alert emits it once):',
				`    curl -sSk -X POST -H 'SEC: ${qradar.token}' -H 'backup_type: CONFIG' \\`,
				`      -H 'Content-Type: application/json' -d '{"name":"demo_fail_1","configuration_id":1}' \\`,
				`      ${qradar.url}/api/backup_and_restore/backups`,
				`    curl -sSk -H 'SEC: ${qradar.token}' ${qradar.url}/api/backup_and_restore/backups  (a look; the alert polls look too)`,
				`  BlueXP emulator: ${bluexp.url}  (token endpoint ${bluexp.url}/auth/oauth/token and the cbs API)`,
				`                   account ${BLUEXP_SEED.accountId}, connector ${BLUEXP_SEED.connectorId}`,
				`                   working environment ${BLUEXP_SEED.weAws}, volume ${BLUEXP_SEED.volumes.awsData}`,
				'  imported:        "NetApp BlueXP: ad-hoc backup of a volume, then list its backups" (not published: run it',
				'                   by hand; the credential gets its access token from the emulator on the first call)',
				'  imported:        "NetApp ONTAP: copy each new configuration backup file off the cluster, then prune"',
				'                   (published, polls every minute); make a backup file on the emulator, and after the next',
				`                   poll it is in ${ontapDir}:`,
				`    curl -sSk -u admin:netapp1! -X POST -H 'Content-Type: application/json' \\`,
				`      -d '{"node":{"name":"node1"},"name":"demo-by-hand-1.7z"}' \\`,
				`      '${ontap.url}/api/support/configuration-backup/backups?return_timeout=15'`,
				'  imported:        "All four systems: daily overdue-backup check, one summary to a chat webhook" (not',
				`                   published: run it by hand); its summary goes to ${chat.url}/hooks/demo, printed here`,
				'                   (run the SAP nightly backup first and the SAP line turns OK)',
				'  imported:        "SAP Cloud Connector: monthly restore drill into a test connector" (not published: run it',
				`                   by hand): backs up the SAP emulator, restores it into the test connector ${sapTest.url}`,
				'                   (it starts out different) and compares the two',
				'  imported:        "Every system: alert on failed or overdue backups, back up SAP after every change"',
				`                   (published, polls every minute); its alerts go to ${chat.url}/hooks/alerts, printed here:`,
				'                   overdue ones for ONTAP, QRadar and BlueXP at activation (the seeded backups are old),',
				'                   the QRadar curl above adds a "backup failed" one; change the SAP connector and the',
				`                   next poll writes a backup ZIP to ${backupDir}:`,
				`    curl -sSk -u '${sap.username}:${sap.password}' -X PUT -H 'Content-Type: application/json' \\`,
				`      -d '{"description":"changed in the demo"}' ${sap.url}/api/v1/configuration/connector`,
				'  Ctrl+C stops n8n and the emulators and removes the demo folder.',
				'',
			].join('\n'),
		);
	}

	const code = await exit;
	await ontap.close();
	await sap.close();
	await sapTest.close();
	await chat.close();
	await qradar.close();
	await bluexp.close();
	instance.remove();
	fs.rmSync(work, { recursive: true, force: true });
	process.exit(code);
}

main().catch((error: unknown) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
