import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { segment, bluexpClient, bluexpJobFor, jobOutput } from '../../transport';
import {
	LONG_WAIT,
	readWait,
	readWorkingEnvironment,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['catalog'], operation: ['setup'] } },
	[
		workingEnvironmentLocator('The working environment whose backups are indexed for search'),
		waitOptionsCollection(LONG_WAIT, 'catalog setup'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const wait = readWait(this, itemIndex, LONG_WAIT);
	const request: ApplianceRequest = {
		method: 'POST',
		path: `v1/catalog/working-environments/${segment(we)}/setup`,
		body: {},
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`catalog setup of ${we}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
