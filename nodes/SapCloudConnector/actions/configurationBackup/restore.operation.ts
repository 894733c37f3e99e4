import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { binaryForUpload, zipProblem } from '../../../shared/binary';
import type { Refusals } from '../../../shared/errors';
import { formField, multipartBody } from '../../../shared/multipart';
import { readWaitOptions, runJob, waitOptions, type WaitSettings } from '../../../shared/jobs';
import { invalidParameter } from '../../../shared/validation';
import { connectorRestart, sapClient } from '../../transport';
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
	optionsCollection(
		waitOptions(WAIT, 'Cloud Connector restart', {
			parameter: 'waitForRestart',
			label: 'Wait for Restart',
			explanation:
				'Whether to wait until the Cloud Connector has restarted with the restored configuration and answers again',
		}),
	),
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

	const client = sapClient(this);
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
