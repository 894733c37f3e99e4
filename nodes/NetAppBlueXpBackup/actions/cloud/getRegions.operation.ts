import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { parameter } from '../../../shared/validation';
import { getItems } from '../../transport';
import { providerProperty, providerSchema } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['cloud'], operation: ['getRegions'] } },
	[providerProperty],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const provider = parameter(this, itemIndex, 'provider', 'Provider', providerSchema);
	return await getItems(this, itemIndex, `v1/cloud/${provider}/region`, ['region', 'regions']);
}
