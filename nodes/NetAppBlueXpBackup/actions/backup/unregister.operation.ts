import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { startAndWait } from '../../transport';
import {
	readWait,
	readWorkingEnvironment,
	SHORT_WAIT,
	waitOptionsCollection,
	weBackupPath,
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
	return await startAndWait(
		this,
		itemIndex,
		{ method: 'DELETE', path: weBackupPath(we) },
		`unregistration of ${we}`,
		wait,
	);
}
