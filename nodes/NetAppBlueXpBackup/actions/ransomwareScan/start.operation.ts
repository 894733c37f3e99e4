import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { segment, bluexpClient, bluexpJobFor, jobOutput } from '../../transport';
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
	const request: ApplianceRequest = {
		method: 'POST',
		path: `v1/ransomware/working-environment/${segment(we)}/volume/${segment(volume)}/snapshot/${segment(snapshot)}`,
		body: {},
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`ransomware scan of "${snapshot}" (volume ${volume})`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
