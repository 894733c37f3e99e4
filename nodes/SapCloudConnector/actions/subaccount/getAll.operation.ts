import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { getAll, singlePage } from '../../../shared/paging';
import { jsonItems } from '../../../shared/router';
import { returnAllAndLimitOf } from '../../../shared/validation';
import { sapClient } from '../../transport';
import { SUBACCOUNTS_PATH } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['subaccount'], operation: ['getAll'] } },
	returnAllAndLimit(),
);

/** The Cloud Connector lists every subaccount in one answer. */
export const subaccountPaging = singlePage();

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(this, itemIndex);
	return jsonItems(
		await getAll(sapClient(this), subaccountPaging, {
			path: SUBACCOUNTS_PATH,
			returnAll,
			limit,
			itemIndex,
		}),
	);
}
