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
import { readWaitSettings, type WaitSettings } from '../../../shared/wait';
import { itemPath, qradarRequest, RESTORES_PATH, waitUntilFinished } from '../../transport';
import { readId, restoreLocator } from '../common.descriptions';

const show = { resource: ['restore'], operation: ['start'] };

/** A restore stops every service on the console and may take hours. */
const WAIT: WaitSettings = { waitForCompletion: true, timeout: 7200, pollInterval: 30 };

const properties: INodeProperties[] = [
	restoreLocator('The PENDING restore to start (create it with Restore > Create)'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptions(WAIT, 'restore'),
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readId(this, itemIndex, 'restore', 'Restore');
	const wait = readWaitSettings(
		collection(this, itemIndex, 'options', 'Options', schemas.waitOptions),
		WAIT,
	);
	// starting stops the console's services: sent exactly once
	const started = await qradarRequest<IDataObject>(
		this,
		{
			method: 'POST',
			path: itemPath(RESTORES_PATH, id),
			body: { status: 'REQUESTING' },
			retry: 'never',
			itemIndex,
		},
		'restoreStart',
	);
	if (!wait.waitForCompletion) return jsonItems(started);
	const label = started.backup_name
		? `restore ${id} of backup "${String(started.backup_name)}"`
		: `restore ${id}`;
	return jsonItems(
		await waitUntilFinished(
			this,
			itemIndex,
			{
				kind: 'restore',
				id,
				label,
				// services restart during a restore: an unreachable API means "still running"
				outageTolerant: true,
				startedNote: `The restore (ID ${id}) was started and may still be running: check it with Restore > Get, and do not start it again.`,
			},
			wait,
		),
	);
}
