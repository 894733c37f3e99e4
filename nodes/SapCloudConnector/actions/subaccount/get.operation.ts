import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { sapRequest } from '../../transport';
import { readSubaccount, subaccountProperties } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['subaccount'], operation: ['get'] } },
	subaccountProperties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { path } = readSubaccount(this, itemIndex);
	return jsonItems(await sapRequest(this, { method: 'GET', path, itemIndex }));
}
