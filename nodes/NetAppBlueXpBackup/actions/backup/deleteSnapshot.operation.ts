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
	weVolumePath,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['deleteSnapshot'] } },
	[
		workingEnvironmentLocator(),
		volumeIdProperty,
		snapshotNameProperty,
		waitOptionsCollection(LONG_WAIT, 'deletion'),
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
		{ method: 'DELETE', path: `${weVolumePath(we, volume)}/snapshot/${segment(snapshot)}` },
		`deletion of backup "${snapshot}" of volume ${volume}`,
		wait,
	);
}
