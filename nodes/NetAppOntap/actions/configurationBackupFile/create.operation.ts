import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import {
	readWaitOptions,
	startedNoteOf,
	runJob,
	waitOptions,
	withStartedNote,
	type WaitSettings,
} from '../../../shared/jobs';
import { jsonItems } from '../../../shared/router';
import { ontapClient, ontapJob, segment } from '../../transport';
import { backupFileProperties, readBackupFile } from './shared';

const show = { resource: ['configurationBackupFile'], operation: ['create'] };

const WAIT: WaitSettings = { waitForCompletion: true, timeout: 900, pollInterval: 5 };

const properties: INodeProperties[] = [
	...backupFileProperties().map((property) =>
		property.name === 'name'
			? { ...property, description: 'Name of the new backup file; .7z is appended when missing' }
			: property,
	),
	optionsCollection(waitOptions(WAIT, 'backup job')),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { nodeUuid, name: given } = readBackupFile(this, itemIndex);
	const name = /\.7z$/i.test(given) ? given.replace(/\.7z$/i, '.7z') : `${given}.7z`;
	const wait = readWaitOptions(this, itemIndex, WAIT);
	const client = ontapClient(this);
	const job = ontapJob(name);

	// creating twice would make two backups: sent exactly once, never retried
	const started = await runJob(
		this,
		client,
		job,
		{
			start: {
				method: 'POST',
				path: '/api/support/configuration-backup/backups',
				body: { node: { uuid: nodeUuid }, name },
				retry: 'never',
			},
		},
		wait,
		itemIndex,
	);
	if (started.ref && !started.result) {
		return jsonItems({
			name,
			node: { uuid: nodeUuid },
			job: { uuid: started.ref, state: 'running' },
		});
	}
	let record: IDataObject;
	try {
		const answer = await client.request<IDataObject>({
			method: 'GET',
			path: `/api/support/configuration-backup/backups/${segment(nodeUuid)}/${segment(name)}`,
			qs: { fields: '*' },
			itemIndex,
		});
		record = client.redact(answer.body);
	} catch (error) {
		throw started.ref ? withStartedNote(error, startedNoteOf(job, started.ref)) : error;
	}
	const finished = started.result?.record;
	return jsonItems(
		finished
			? {
					...record,
					job: { uuid: finished.uuid, state: finished.state, message: finished.message },
				}
			: record,
	);
}
