import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { segment, startAndWait } from '../../transport';
import {
	LONG_WAIT,
	readSnapshotName,
	readVolumeId,
	readWait,
	readWorkingEnvironment,
	snapshotNameProperty,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['ransomwareScan'], operation: ['start'] } },
	[
		workingEnvironmentLocator(),
		volumeIdProperty,
		{ ...snapshotNameProperty, description: 'The backup to scan (Backup > Get Snapshots)' },
		waitOptionsCollection(LONG_WAIT, 'scan'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	const snapshot = readSnapshotName(this, itemIndex);
	const wait = readWait(this, itemIndex, LONG_WAIT);
	return await startAndWait(
		this,
		itemIndex,
		{
			method: 'POST',
			path: `v1/ransomware/working-environment/${segment(we)}/volume/${segment(volume)}/snapshot/${segment(snapshot)}`,
			body: {},
		},
		`ransomware scan of "${snapshot}" (volume ${volume})`,
		wait,
	);
}
