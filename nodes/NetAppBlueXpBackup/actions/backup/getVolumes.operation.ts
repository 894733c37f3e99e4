import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getItems, weBackupPath } from '../../transport';
import { readWorkingEnvironment, workingEnvironmentLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['getVolumes'] } },
	[workingEnvironmentLocator()],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	return await getItems(this, itemIndex, `${weBackupPath(we)}/volume`, ['volume', 'volumes']);
}
