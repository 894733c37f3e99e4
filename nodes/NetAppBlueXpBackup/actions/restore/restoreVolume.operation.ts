import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { bluexpClient, bluexpJobFor, jobOutput, RESTORE_PATH } from '../../transport';
import {
	LONG_WAIT,
	readWait,
	snapshotNameProperty,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { buildRestore, readRestore, targetProperties } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['restore'], operation: ['restoreVolume'] } },
	[
		workingEnvironmentLocator('The working environment the backup was taken from'),
		{ ...volumeIdProperty, description: 'The ID of the backed up volume' },
		{ ...snapshotNameProperty, description: 'The backup to restore (Backup > Get Snapshots)' },
		...targetProperties(false),
		waitOptionsCollection(LONG_WAIT, 'restore'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = readRestore(this, itemIndex, 'VOLUME');
	const wait = readWait(this, itemIndex, LONG_WAIT);
	const client = bluexpClient(this);
	const { restore, volumeName } = await buildRestore(this, client, itemIndex, input);
	const request: ApplianceRequest = { method: 'POST', path: RESTORE_PATH, body: { restore } };
	const started = await runJob(
		this,
		client,
		bluexpJobFor(`restore of volume "${volumeName}" from "${input.snapshot}"`, {
			[input.volume]: volumeName,
		}),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
