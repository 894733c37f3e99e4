import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { getItems, segment } from '../../transport';
import { readWorkingEnvironment, workingEnvironmentLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['license'], operation: ['get'] } },
	[workingEnvironmentLocator(), concurrencyOptions()],
);

/** One read per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	return await getItems(this, itemIndex, `v1/license/working-environment/${segment(we)}`);
}
