import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { getAll } from '../../../shared/paging';
import { jsonItems } from '../../../shared/router';
import { returnAllAndLimitOf } from '../../../shared/validation';
import { bluexpClient, wholeList } from '../../transport';

export const SG_PATH = 'v1/sg';

export const description = updateDisplayOptions(
	{ show: { resource: ['storageGrid'], operation: ['getAll'] } },
	returnAllAndLimit(),
);

/** StorageGRID systems come in one answer. */
const paging = wholeList(['sg', 'storage-grid', 'storageGrid', 'storageGrids']);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(this, itemIndex);
	return jsonItems(
		await getAll(bluexpClient(this), paging, { path: SG_PATH, returnAll, limit, itemIndex }),
	);
}
