import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { getAll } from '../../../shared/paging';
import { jsonItems } from '../../../shared/router';
import { returnAllAndLimitOf } from '../../../shared/validation';
import { BACKUP_WE_PATH, bluexpClient, wholeList } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['getAll'] } },
	returnAllAndLimit(),
);

/** Working environments with their backup state, in one answer. */
const paging = wholeList(['working-environment', 'workingEnvironments', 'working-environments']);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(this, itemIndex);
	return jsonItems(
		await getAll(bluexpClient(this), paging, { path: BACKUP_WE_PATH, returnAll, limit, itemIndex }),
	);
}
