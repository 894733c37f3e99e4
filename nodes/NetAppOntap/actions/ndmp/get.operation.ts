import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { ontapRequest } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['ndmp'], operation: ['get'] } },
	properties,
);

export async function readMode(ctx: IExecuteFunctions, itemIndex: number) {
	return await ontapRequest(ctx, {
		method: 'GET',
		path: '/api/protocols/ndmp',
		qs: { fields: 'mode' },
		itemIndex,
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return jsonItems(await readMode(this, itemIndex));
}
