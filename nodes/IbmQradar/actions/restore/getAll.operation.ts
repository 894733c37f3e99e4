import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RESTORES_PATH } from '../../transport';
import { listCollection, listProperties } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['restore'], operation: ['getAll'] } },
	listProperties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listCollection(this, itemIndex, RESTORES_PATH);
}
