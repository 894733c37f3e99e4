import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { collection, schemas } from '../../../shared/validation';
import { readWaitSettings } from '../../../shared/wait';
import { jobOf, ontapRequest, ontapWaitForJob } from '../../transport';
import { backupFileProperties, readBackupFile } from './shared';

const show = { resource: ['configurationBackupFile'], operation: ['create'] };

const properties: INodeProperties[] = [
	...backupFileProperties('create').map((property) =>
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
		options: waitOptions({ timeout: 900, pollInterval: 5, what: 'backup job' }),
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { nodeUuid, name: given } = readBackupFile(this, itemIndex);
	const name = given.toLowerCase().endsWith('.7z') ? given : `${given}.7z`;
	const wait = readWaitSettings(
		collection(this, itemIndex, 'options', 'Options', schemas.waitOptions),
		{
			waitForCompletion: true,
			timeout: 900,
			pollInterval: 5,
		},
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
	const finished = job ? await ontapWaitForJob(this, itemIndex, job.uuid, wait) : undefined;
	const record = await ontapRequest<IDataObject>(this, {
		method: 'GET',
		path: `/api/support/configuration-backup/backups/${encodeURIComponent(nodeUuid)}/${encodeURIComponent(name)}`,
		qs: { fields: '*' },
		itemIndex,
	});
	return jsonItems(
		finished
			? {
					...record,
					job: { uuid: finished.uuid, state: finished.state, message: finished.message },
				}
			: record,
	);
}
