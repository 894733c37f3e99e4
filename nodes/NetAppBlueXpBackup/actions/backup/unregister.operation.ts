import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { bluexpClient, bluexpJobFor, jobOutput, weBackupPath } from '../../transport';
import {
	readWait,
	readWorkingEnvironment,
	SHORT_WAIT,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['unregister'] } },
	[
		workingEnvironmentLocator('The working environment to unregister from Cloud Backup'),
		waitOptionsCollection(SHORT_WAIT, 'unregistration'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	const request: ApplianceRequest = { method: 'DELETE', path: weBackupPath(we) };
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`unregistration of ${we}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
