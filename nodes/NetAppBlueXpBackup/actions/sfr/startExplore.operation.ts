import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { bluexpClient, bluexpJobFor, jobOutput } from '../../transport';
import {
	readVolumeId,
	readWait,
	readWorkingEnvironment,
	SHORT_WAIT,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { sfrVolumePath } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['sfr'], operation: ['startExplore'] } },
	[
		workingEnvironmentLocator('The working environment the backed up volume belongs to'),
		volumeIdProperty,
		waitOptionsCollection(SHORT_WAIT, 'file explorer'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	const request: ApplianceRequest = {
		method: 'POST',
		path: `${sfrVolumePath(volume)}/file-explore/start`,
		body: { 'working-environment-id': we },
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`file explorer for volume ${volume}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
