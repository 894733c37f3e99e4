import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { binaryForUpload, zipProblem } from '../../../shared/binary';
import type { Refusals } from '../../../shared/errors';
import { formField, multipartBody } from '../../../shared/multipart';
import { readWaitOptions, runJob, waitOptions, type WaitSettings } from '../../../shared/jobs';
import type { ApplianceClient } from '../../../shared/request';
import { collection, invalidParameter, z } from '../../../shared/validation';
import { connectorAddress, connectorRestart, sapBaseUrl, sapClient } from '../../transport';
import { backupPasswordProperty, binaryPropertyNameProperty, readBackupParameters } from './shared';

const show = { resource: ['configurationBackup'], operation: ['restore'] };

const WAIT: WaitSettings = { waitForCompletion: true, timeout: 600, pollInterval: 5 };

const properties: INodeProperties[] = [
	{
		...backupPasswordProperty,
		description: 'The password the backup was created with',
	},
	{
		...binaryPropertyNameProperty,
		hint: 'The name of the input binary field that holds the backup ZIP file',
	},
	optionsCollection([
		...waitOptions(WAIT, 'Cloud Connector restart', {
			parameter: 'waitForRestart',
			label: 'Wait for Restart',
			explanation:
				'Whether to wait until the Cloud Connector has restarted with the restored configuration and answers again',
		}),
		{
			displayName: 'Refuse Restore Into Source Connector',
			name: 'refuseSourceConnector',
			type: 'boolean',
			default: false,
			description:
				"Whether to refuse, before sending anything, when the input item's sourceConnector (set by Configuration Backup > Create) is this credential's connector, or when the item does not say where the backup came from. For restore drills: a backup of production goes only into another connector.",
		},
	]),
];

export const description = updateDisplayOptions({ show }, properties);

/** The connector's refusals of a restore, in words an SAP basis admin can act on. */
const RESTORE_REFUSALS: Refusals = {
	'HTTP 400': {
		message: 'Wrong password or invalid backup file',
		hint: 'The Cloud Connector refused the backup and changed nothing. Check that the Backup Password is the one the backup was created with, and that the file is an unmodified backup of a Cloud Connector of this version or older.',
	},
	'HTTP 403': {
		hint: 'This Cloud Connector refuses restores: it is a shadow instance (run the restore against the master) or its initial password was never changed.',
	},
};

const REFUSE_LABEL = 'Refuse Restore Into Source Connector';

/**
 * The restore drill guard: with `refuseSourceConnector` on, a backup goes only into another
 * connector than the one it came from (the input item's `sourceConnector`, which Create
 * writes), and a backup whose source is unknown goes nowhere. Nothing has been sent yet.
 */
async function refuseSourceConnector(
	ctx: IExecuteFunctions,
	client: ApplianceClient,
	itemIndex: number,
): Promise<void> {
	const { refuseSourceConnector: refuse } = collection(
		ctx,
		itemIndex,
		'options',
		'Options',
		// the wait options are read (and checked) by readWaitOptions: here they are stripped
		z.object({
			refuseSourceConnector: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
		}),
		{ refuseSourceConnector: REFUSE_LABEL },
	);
	if (!refuse) return;
	const raw = ctx.getInputData()[itemIndex]?.json.sourceConnector;
	const source = connectorAddress(raw);
	if (!source) {
		const why =
			raw === undefined || raw === null || raw === ''
				? 'the input item does not say which connector the backup came from (it has no sourceConnector)'
				: "the input item's sourceConnector is not an http:// or https:// address";
		throw new NodeOperationError(ctx.getNode(), `Invalid parameter "${REFUSE_LABEL}": ${why}`, {
			description:
				'The restore was refused before anything was sent: with this option on, a backup whose source is unknown is not restored. Give the restore the item Configuration Backup > Create output (its sourceConnector says where the backup came from), set sourceConnector on the item to the address of the connector the backup came from (e.g. https://scc.example.com:8443), or turn the option off.',
			itemIndex,
		});
	}
	const target = connectorAddress(sapBaseUrl(await client.credentials(itemIndex)));
	// a Base URL that is no address is refused by the client before its first call
	if (target !== source) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Refused to restore into the connector the backup came from: the input item's sourceConnector (${source}) and this credential's Base URL (${target}) are the same connector`,
		{
			description: `${REFUSE_LABEL} is on, so the backup may only be restored into another connector than its source, and nothing was sent. For a restore drill, choose the credential of the test connector on this node; to restore into the source connector on purpose, turn the option off.`,
			itemIndex,
		},
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { password, binaryPropertyName } = readBackupParameters(
		this,
		itemIndex,
		'Input Binary Field',
	);
	const wait = readWaitOptions(this, itemIndex, WAIT, 'waitForRestart');
	const client = sapClient(this);
	await refuseSourceConnector(this, client, itemIndex);

	// everything is checked before a single byte goes out: a restore restarts the connector
	const source = await binaryForUpload(this, itemIndex, binaryPropertyName);
	const problem = await zipProblem(source);
	if (problem) {
		throw invalidParameter(
			this,
			'binaryPropertyName',
			'Input Binary Field',
			`the file "${source.fileName}" in field "${binaryPropertyName}" is not a Cloud Connector backup: ${problem}`,
			itemIndex,
		);
	}

	client.maskAlso(password);
	const form = multipartBody([
		{
			name: 'backup',
			fileName: source.fileName,
			contentType: 'application/zip',
			content: await source.open(),
			size: source.size,
		},
		formField('password', password),
	]);
	// the same client for the upload and the wait: one credential read, one masked password
	const started = await runJob(
		this,
		client,
		connectorRestart,
		{
			start: {
				method: 'PUT',
				path: '/api/v1/configuration/backup',
				body: form.body,
				headers: form.headers,
				// a streamed body is sent once, and a restore is never repeated on its own
				retry: 'never',
				timeout: 300,
				refusals: RESTORE_REFUSALS,
			},
		},
		wait,
		itemIndex,
	);
	const sentAt = started.startedAt;
	const result: IDataObject = {
		restored: true,
		fileName: source.fileName,
		bytes: source.size,
		acceptedAt: new Date(sentAt).toISOString(),
	};
	const restart = started.result;
	if (!restart) return [{ json: { ...result, restart: 'not awaited' } }];
	const { watch, record, finishedAt: backAt } = restart;
	return [
		{
			json: {
				...result,
				restart: watch.wentDown ? 'restarted' : 'answering (no downtime seen)',
				downSince: watch.downSince ?? null,
				backAt,
				secondsUntilBack: Math.round((Date.parse(backAt) - sentAt) / 100) / 10,
				version: typeof record.version === 'string' ? record.version : null,
			},
		},
	];
}
