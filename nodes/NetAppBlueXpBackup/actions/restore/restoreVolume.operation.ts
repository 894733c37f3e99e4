import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { startAndWait } from '../../transport';
import {
	LONG_WAIT,
	readWait,
	snapshotNameProperty,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { readRestore, RESTORE_PATH, targetProperties } from './shared';

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
	const { restore, volume, snapshot } = readRestore(this, itemIndex, 'VOLUME');
	const wait = readWait(this, itemIndex, LONG_WAIT);
	return await startAndWait(
		this,
		itemIndex,
		{ method: 'POST', path: RESTORE_PATH, body: { restore } },
		`restore of volume ${volume} from "${snapshot}"`,
		wait,
	);
}
