import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { bluexpClient, bluexpJobFor, jobOutput, weVolumePath } from '../../transport';
import {
	LONG_WAIT,
	readVolumeId,
	readWait,
	readWorkingEnvironment,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['delete'] } },
	[
		workingEnvironmentLocator(),
		{ ...volumeIdProperty, description: 'The volume whose backups are deleted' },
		waitOptionsCollection(LONG_WAIT, 'deletion'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	const wait = readWait(this, itemIndex, LONG_WAIT);
	// NetApp's Terraform provider deletes a volume's backups here (deleteSnapshotCopiesVolume);
	// DELETE .../volume/{vol} itself is in no NetApp reference and is never sent
	const request: ApplianceRequest = {
		method: 'DELETE',
		path: `${weVolumePath(we, volume)}/snapshot`,
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`deletion of the backups of volume ${volume}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
