/**
 * The workflows the queue-mode e2e test (queue.e2e.test.ts) imports: three examples adapted
 * to the test (ids, credentials, faster polls, a webhook instead of "Run by hand") and one
 * built here (a scheduled ONTAP configuration backup download whose binary the Crypto node
 * hashes in the same execution).
 */
import * as path from 'node:path';

import {
	REPO_ROOT,
	pollEverySeconds,
	readExample,
	type WorkflowJson,
	type WorkflowNode,
} from './n8n';

const PACKAGE = 'n8n-nodes-backup-restore';
type Ref = { id: string; name: string };

export const SAP_RESTORE_EXAMPLE = path.join(
	REPO_ROOT,
	'examples',
	'sap-cloud-connector-webhook-restore.json',
);
export const BLUEXP_EXAMPLE = path.join(REPO_ROOT, 'examples', 'netapp-bluexp-adhoc-backup.json');
export const QRADAR_ALERT_EXAMPLE = path.join(
	REPO_ROOT,
	'examples',
	'ibm-qradar-backup-alert.json',
);

export const ONTAP_DOWNLOAD_NODE = 'Download the configuration backup';
export const ONTAP_HASH_NODE = 'SHA-256 of the downloaded file';
export const BLUEXP_BACKUP_NODE = 'Back up the volume now';
export const BLUEXP_LIST_NODE = "List the volume's backups";
export const QRADAR_TRIGGER_NODE = 'QRadar backup or restore failed';

function nodeOfType(workflow: WorkflowJson, type: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type === type);
	if (!node) throw new Error(`"${workflow.name}" has no ${type} node`);
	return node;
}

/** The SAP webhook-restore example with the test's credentials and backup password. */
export function sapRestoreWorkflow(
	id: string,
	sapCredential: Ref,
	headerCredential: Ref,
	backupPassword: string,
): WorkflowJson {
	const workflow = readExample(SAP_RESTORE_EXAMPLE);
	workflow.id = id;
	workflow.name = 'SAP Cloud Connector: webhook restore (queue e2e)';
	for (const node of workflow.nodes) {
		if (node.credentials?.sapCloudConnectorApi)
			node.credentials.sapCloudConnectorApi = { ...sapCredential };
		if (node.credentials?.httpHeaderAuth) node.credentials.httpHeaderAuth = { ...headerCredential };
		if (node.type === `${PACKAGE}.sapCloudConnector`) node.parameters.password = backupPassword;
	}
	return workflow;
}

/**
 * Schedule Trigger every `seconds` -> NetApp ONTAP (configuration backup file, download) ->
 * Crypto (SHA-256 of the binary the ONTAP node stored). In queue mode the download and the
 * hash run on a worker; the hash reads the binary back through n8n's binary store.
 */
export function ontapScheduledDownloadWorkflow(
	id: string,
	credential: Ref,
	clusterNodeUuid: string,
	fileName: string,
	seconds: number,
): WorkflowJson {
	return {
		id,
		name: 'NetApp ONTAP: scheduled configuration backup download (queue e2e)',
		nodes: [
			{
				parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } },
				id: '5d0c1a52-0e43-4d1c-9a51-000000000001',
				name: 'Every few seconds',
				type: 'n8n-nodes-base.scheduleTrigger',
				typeVersion: 1.2,
				position: [0, 0],
			},
			{
				parameters: {
					resource: 'configurationBackupFile',
					operation: 'download',
					clusterNode: { __rl: true, mode: 'id', value: clusterNodeUuid },
					name: fileName,
					binaryPropertyName: 'data',
					options: {},
				},
				id: '5d0c1a52-0e43-4d1c-9a51-000000000002',
				name: ONTAP_DOWNLOAD_NODE,
				type: `${PACKAGE}.netAppOntap`,
				typeVersion: 1,
				position: [240, 0],
				credentials: { netAppOntapApi: { ...credential } },
			},
			{
				parameters: {
					action: 'hash',
					type: 'SHA256',
					binaryData: true,
					binaryPropertyName: 'data',
					dataPropertyName: 'sha256',
					encoding: 'hex',
				},
				id: '5d0c1a52-0e43-4d1c-9a51-000000000003',
				name: ONTAP_HASH_NODE,
				type: 'n8n-nodes-base.crypto',
				typeVersion: 1,
				position: [480, 0],
			},
		],
		connections: {
			'Every few seconds': { main: [[{ node: ONTAP_DOWNLOAD_NODE, type: 'main', index: 0 }]] },
			[ONTAP_DOWNLOAD_NODE]: { main: [[{ node: ONTAP_HASH_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/**
 * The BlueXP ad-hoc backup example, started by a webhook (POST /webhook/<path>, answered
 * with the last node's items) instead of "Run by hand", with the emulator's seeded ids.
 */
export function bluexpWebhookWorkflow(
	id: string,
	credential: Ref,
	workingEnvironment: string,
	volumeId: string,
	webhookPath: string,
	pollInterval: number,
): WorkflowJson {
	const workflow = readExample(BLUEXP_EXAMPLE);
	const manual = nodeOfType(workflow, 'n8n-nodes-base.manualTrigger');
	const webhookName = 'Start from a webhook';
	const nodes: WorkflowNode[] = workflow.nodes.map((node) => {
		if (node === manual) {
			return {
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
				id: node.id,
				name: webhookName,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: node.position,
				webhookId: 'b7f1a9a4-4d6e-4c55-9a1e-000000000b1e',
			};
		}
		if (!node.type.endsWith('.netAppBlueXpBackup')) return node;
		const parameters: Record<string, unknown> = {
			...node.parameters,
			workingEnvironment: { __rl: true, mode: 'id', value: workingEnvironment },
			volumeId,
		};
		if (parameters.options)
			parameters.options = { ...(parameters.options as object), pollInterval };
		return { ...node, parameters, credentials: { netAppBlueXpApi: { ...credential } } };
	});
	const connections = { ...(workflow.connections as Record<string, unknown>) };
	connections[webhookName] = connections[manual.name];
	delete connections[manual.name];
	return {
		...workflow,
		id,
		name: 'NetApp BlueXP: ad-hoc backup from a webhook (queue e2e)',
		nodes,
		connections,
	};
}

/**
 * The QRadar alert example with a poll every `seconds` (several fixed-second cron entries:
 * n8n refuses any single sub-minute one) and the given events.
 */
export function qradarAlertWorkflow(
	id: string,
	credential: Ref,
	seconds: number,
	events: string[],
): WorkflowJson {
	const workflow = readExample(QRADAR_ALERT_EXAMPLE);
	workflow.id = id;
	workflow.name = 'IBM QRadar: finished backups (queue e2e)';
	for (const node of workflow.nodes) {
		if (node.credentials?.ibmQradarApi) node.credentials.ibmQradarApi = { ...credential };
	}
	const trigger = workflow.nodes.find((node) => node.name === QRADAR_TRIGGER_NODE);
	if (!trigger || trigger.type !== `${PACKAGE}.ibmQradarTrigger`)
		throw new Error(`the QRadar alert example has no "${QRADAR_TRIGGER_NODE}" trigger`);
	trigger.parameters.pollTimes = pollEverySeconds(seconds);
	trigger.parameters.events = events;
	return workflow;
}
