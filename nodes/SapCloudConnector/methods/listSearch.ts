import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getAll } from '../../shared/paging';
import { subaccountPaging } from '../actions/subaccount/getAll.operation';
import { SUBACCOUNTS_PATH } from '../actions/subaccount/shared';
import { sapClient } from '../transport';

/** Subaccounts of the region host set in the node (all when none is set), filtered by what was typed. */
export async function searchSubaccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const regionHost = String(this.getCurrentNodeParameter('regionHost') ?? '').trim();
	const typed = filter?.trim().toLowerCase() ?? '';
	const subaccounts = await getAll(sapClient(this), subaccountPaging, {
		path: SUBACCOUNTS_PATH,
		returnAll: true,
		limit: 0,
	});
	const text = (record: IDataObject, key: string) =>
		typeof record[key] === 'string' ? (record[key] as string) : '';
	return {
		results: subaccounts
			.filter((record) => !regionHost || text(record, 'regionHost') === regionHost)
			.filter(
				(record) =>
					!typed ||
					text(record, 'subaccount').toLowerCase().includes(typed) ||
					text(record, 'displayName').toLowerCase().includes(typed),
			)
			.map((record) => ({
				name: text(record, 'displayName') || text(record, 'subaccount'),
				value: text(record, 'subaccount'),
				description: `${text(record, 'subaccount')} (${text(record, 'regionHost')})`,
			})),
	};
}
