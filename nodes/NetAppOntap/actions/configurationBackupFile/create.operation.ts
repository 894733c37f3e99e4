import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { waitOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { collection, schemas } from '../../../shared/validation';
import { readWaitSettings, type WaitSettings } from '../../../shared/wait';
import { assertJobSucceeded, jobOf, ontapRequest, ontapWaitForJob, segment } from '../../transport';
import { backupFileProperties, readBackupFile } from './shared';

const show = { resource: ['configurationBackupFile'], operation: ['create'] };

const WAIT: WaitSettings = { waitForCompletion: true, timeout: 900, pollInterval: 5 };

const properties: INodeProperties[] = [
	...backupFileProperties().map((property) =>
		property.name === 'name'
			? { ...property, description: 'Name of the new backup file; .7z is appended when missing' }
			: property,
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptions(WAIT, 'backup job'),
	},
];

export const description = updateDisplayOptions({ show }, properties);

/**
 * After the POST went through, any later failure must not invite the user to simply run
 * Create again: the backup may exist already.
 */
function startedAlready(error: unknown, name: string, jobUuid?: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = `${error.description ?? ''} The backup "${name}" was requested${
			jobUuid ? ` (job ${jobUuid})` : ''
		} and may exist: check with Job > Get or Configuration Backup File > Get before creating it again.`.trim();
	}
	return error;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { nodeUuid, name: given } = readBackupFile(this, itemIndex);
	const name = /\.7z$/i.test(given) ? given.replace(/\.7z$/i, '.7z') : `${given}.7z`;
	const wait = readWaitSettings(
		collection(this, itemIndex, 'options', 'Options', schemas.waitOptions),
		WAIT,
	);

	// creating twice would make two backups: sent exactly once, never retried
	const answer = await ontapRequest<IDataObject>(this, {
		method: 'POST',
		path: '/api/support/configuration-backup/backups',
		body: { node: { uuid: nodeUuid }, name },
		retry: 'never',
		itemIndex,
	});
	const job = jobOf(answer);
	if (job && !wait.waitForCompletion) {
		return jsonItems({ name, node: { uuid: nodeUuid }, job: { uuid: job.uuid, state: 'running' } });
	}
	let finished: Awaited<ReturnType<typeof ontapWaitForJob>> | undefined;
	try {
		finished = job ? await ontapWaitForJob(this, itemIndex, job.uuid, wait) : undefined;
	} catch (error) {
		throw startedAlready(error, name, job?.uuid);
	}
	// a job that ended in failure made no backup: its own error says so, and why
	if (finished) assertJobSucceeded(this, itemIndex, finished);
	let record: IDataObject;
	try {
		record = await ontapRequest<IDataObject>(this, {
			method: 'GET',
			path: `/api/support/configuration-backup/backups/${segment(nodeUuid)}/${segment(name)}`,
			qs: { fields: '*' },
			itemIndex,
		});
	} catch (error) {
		throw startedAlready(error, name, job?.uuid);
	}
	return jsonItems(
		finished
			? {
					...record,
					job: { uuid: finished.uuid, state: finished.state, message: finished.message },
				}
			: record,
	);
}
