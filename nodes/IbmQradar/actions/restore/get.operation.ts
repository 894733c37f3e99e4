import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { itemPath, qradarRequest, RESTORES_PATH } from '../../transport';
import { readId, restoreLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['restore'], operation: ['get'] } },
	[restoreLocator('The restore to get'), concurrencyOptions()],
);

/** One read per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readId(this, itemIndex, 'restore', 'Restore');
	return jsonItems(
		await qradarRequest(this, { method: 'GET', path: itemPath(RESTORES_PATH, id), itemIndex }),
	);
}
