import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { sapRequest, VERSION_PATH } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['getVersion'] } },
	[],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return jsonItems(await sapRequest(this, { method: 'GET', path: VERSION_PATH, itemIndex }));
}
