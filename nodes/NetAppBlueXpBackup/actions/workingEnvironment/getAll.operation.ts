import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { getAll } from '../../../shared/paging';
import { jsonItems } from '../../../shared/router';
import { returnAllAndLimitOf } from '../../../shared/validation';
import { bluexpClient, WE_PATH } from '../../transport';
import { workingEnvironmentPaging } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['workingEnvironment'], operation: ['getAll'] } },
	returnAllAndLimit(),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(this, itemIndex);
	return jsonItems(
		await getAll(bluexpClient(this), workingEnvironmentPaging, {
			path: WE_PATH,
			returnAll,
			limit,
			itemIndex,
		}),
	);
}
