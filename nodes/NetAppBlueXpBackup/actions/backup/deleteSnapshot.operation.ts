import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { segment, bluexpClient, bluexpJobFor, jobOutput, weVolumePath } from '../../transport';
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
	const request: ApplianceRequest = {
		method: 'DELETE',
		path: `${weVolumePath(we, volume)}/snapshot/${segment(snapshot)}`,
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`deletion of backup "${snapshot}" of volume ${volume}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
