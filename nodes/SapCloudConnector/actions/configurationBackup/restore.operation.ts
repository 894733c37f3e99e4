import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { binaryForUpload, zipProblem } from '../../../shared/binary';
import { waitOptions } from '../../../shared/descriptions';
import { asNodeError, mayHaveArrived, type Refusals } from '../../../shared/errors';
import { formField, multipartBody } from '../../../shared/multipart';
import { collection, invalidParameter, schemas, z } from '../../../shared/validation';
import { readWaitSettings, waitForCompletion, type WaitSettings } from '../../../shared/wait';
import { restartPoll, sapClient, SYSTEM, type RestartWatch } from '../../transport';
import { backupPasswordProperty, binaryPropertyNameProperty, readBackupParameters } from './shared';

const show = { resource: ['configurationBackup'], operation: ['restore'] };

const WAIT: WaitSettings = { waitForCompletion: true, timeout: 600, pollInterval: 5 };
/** A connector that answers this long after the restore without having gone down has restarted already. */
const RESTART_GRACE_SECONDS = 30;

const properties: INodeProperties[] = [
	{
		...backupPasswordProperty,
		description: 'The password the backup was created with',
	},
	{
		...binaryPropertyNameProperty,
		hint: 'The name of the input binary field that holds the backup ZIP file',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptions(WAIT, 'Cloud Connector restart').map((option) =>
			option.name === 'waitForCompletion'
				? {
						...option,
						displayName: 'Wait for Restart',
						name: 'waitForRestart',
						description:
							'Whether to wait until the Cloud Connector has restarted with the restored configuration and answers again',
					}
				: option,
		),
	},
];

export const description = updateDisplayOptions({ show }, properties);

const optionsSchema = schemas.waitOptions
	.omit({ waitForCompletion: true })
	.extend({ waitForRestart: z.boolean().optional() });

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

/** No answer to the upload: say whether it may have reached the connector, and what to check. */
function uncertainUpload(error: unknown): unknown {
	if (error instanceof NodeApiError && mayHaveArrived(error)) {
		error.description =
			`The upload may have reached the Cloud Connector: if it did, the connector is restarting with the restored configuration. Check whether it restarted (Connector > Get Version, or its UI) before restoring again. ${error.description ?? ''}`.trim();
	}
	return error;
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
	const options = collection(this, itemIndex, 'options', 'Options', optionsSchema);
	const wait = readWaitSettings({ ...options, waitForCompletion: options.waitForRestart }, WAIT);

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
	const sentAt = Date.now();
	try {
		await client.request({
			method: 'PUT',
			path: '/api/v1/configuration/backup',
			body: form.body,
			headers: form.headers,
			// a streamed body is sent once, and a restore is never repeated on its own
			retry: 'never',
			timeout: 300,
			refusals: RESTORE_REFUSALS,
			itemIndex,
		});
	} catch (error) {
		throw asNodeError(this.getNode(), uncertainUpload(error), itemIndex);
	}

	const result: IDataObject = {
		restored: true,
		fileName: source.fileName,
		bytes: source.size,
		acceptedAt: new Date(sentAt).toISOString(),
	};
	if (!wait.waitForCompletion) return [{ json: { ...result, restart: 'not awaited' } }];

	const watch: RestartWatch = { wentDown: false };
	try {
		await waitForCompletion(this, {
			what: `the ${SYSTEM} to restart`,
			timeoutSeconds: wait.timeout,
			pollIntervalSeconds: wait.pollInterval,
			itemIndex,
			hintOnTimeout:
				'The restore was accepted and the connector is restarting or did not come back: check it on its host (service scc_daemon) and in its log.',
			poll: restartPoll(this, watch, sentAt, RESTART_GRACE_SECONDS * 1000),
		});
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '401') {
			error.description =
				`The Cloud Connector came back after the restore but refused the credential: the restored configuration may have another Administrator password. Update the credential. ${error.description ?? ''}`.trim();
		} else if (error instanceof NodeOperationError || error instanceof NodeApiError) {
			error.description = `The restore itself was accepted. ${error.description ?? ''}`.trim();
		}
		throw asNodeError(this.getNode(), error, itemIndex);
	}
	const backAt = watch.backAt ?? new Date().toISOString();
	return [
		{
			json: {
				...result,
				restart: watch.wentDown ? 'restarted' : 'answering (no downtime seen)',
				downSince: watch.downSince ?? null,
				backAt,
				secondsUntilBack: Math.round((Date.parse(backAt) - sentAt) / 100) / 10,
				version: watch.version ?? null,
			},
		},
	];
}
