import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { BACKUPS_PATH } from '../../transport';
import { listCollection, listProperties } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['getAll'] } },
	listProperties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listCollection(this, itemIndex, BACKUPS_PATH);
}
