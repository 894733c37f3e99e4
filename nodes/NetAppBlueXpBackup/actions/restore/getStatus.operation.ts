import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getItems } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['restore'], operation: ['getStatus'] } },
	[],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await getItems(this, itemIndex, 'v1/restore/status');
}
