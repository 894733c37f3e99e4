import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getAll } from '../../shared/paging';
import { subaccountPaging } from '../actions/subaccount/getAll.operation';
import { SUBACCOUNTS_PATH } from '../actions/subaccount/shared';
import { sapClient, sapRequest, segment } from '../transport';

/** More subaccounts than this are listed by ID only (each display name costs one call). */
const MAX_NAMED = 50;

const text = (record: IDataObject, key: string) =>
	typeof record[key] === 'string' ? (record[key] as string) : '';

/**
 * Subaccounts of the region host set in the node (all when none is set), filtered by what
 * was typed. The list answer holds only keys, so display names come from each subaccount.
 */
export async function searchSubaccounts(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const regionHost = String(this.getCurrentNodeParameter('regionHost') ?? '').trim();
	const typed = filter?.trim().toLowerCase() ?? '';
	const keys = (
		await getAll(sapClient(this), subaccountPaging, {
			path: SUBACCOUNTS_PATH,
			returnAll: true,
			limit: 0,
		})
	).filter((record) => !regionHost || text(record, 'regionHost') === regionHost);
	const named = await Promise.all(
		keys.map(async (record, index) => {
			if (index >= MAX_NAMED) return record;
			try {
				const path = `${SUBACCOUNTS_PATH}/${segment(text(record, 'regionHost'))}/${segment(text(record, 'subaccount'))}`;
				return { ...record, ...(await sapRequest<IDataObject>(this, { method: 'GET', path })) };
			} catch {
				// a name is a convenience: the ID still identifies it
				return record;
			}
		}),
	);
	return {
		results: named
			.filter(
				(record) =>
					!typed ||
					['subaccount', 'displayName', 'description', 'locationID'].some((key) =>
						text(record, key).toLowerCase().includes(typed),
					),
			)
			.map((record) => ({
				name: text(record, 'displayName') || text(record, 'subaccount'),
				value: text(record, 'subaccount'),
				description: `${text(record, 'subaccount')} (${text(record, 'regionHost')})`,
			})),
	};
}
