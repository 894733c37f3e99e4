import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { asNodeError } from '../../shared/errors';
import { BACKUPS_PATH, qradarClient, RESTORES_PATH } from '../transport';

/** Records per page of the list; the editor asks for the next page while scrolling. */
const PAGE_SIZE = 100;

const text = (record: IDataObject, key: string) =>
	record[key] === undefined || record[key] === null ? '' : String(record[key]);

function when(milliseconds: unknown): string {
	const value = Number(milliseconds);
	return Number.isFinite(value) && value > 0
		? new Date(value).toISOString().replace('T', ' ').slice(0, 16)
		: '';
}

/**
 * One page of a collection, newest first (`sort=-time_initiated`, or unsorted where the
 * console refuses that sort, each page then ordered here), narrowed by a QRadar
 * filter; what the user typed is matched against the page (name, ID, status, type).
 * The token is the offset of the next page.
 */
async function searchPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	apiFilter: string | undefined,
	typed: string | undefined,
	paginationToken: string | undefined,
	fields: string[],
	toItem: (record: IDataObject) => INodeListSearchItems,
): Promise<INodeListSearchResult> {
	const offset = /^\d+$/.test(paginationToken ?? '') ? Number(paginationToken) : 0;
	const client = qradarClient(ctx);
	const read = async (qs: IDataObject) =>
		await client.request<IDataObject[]>({
			method: 'GET',
			path,
			qs: apiFilter ? { ...qs, filter: apiFilter } : qs,
			headers: { Range: `items=${offset}-${offset + PAGE_SIZE - 1}` },
		});
	let page: Awaited<ReturnType<typeof read>>;
	try {
		page = await read({ sort: '-time_initiated' });
	} catch (error) {
		// IBM does not say which fields sort: a console that refuses this one (422) is asked
		// again without it, and each page is still shown newest first
		if (error instanceof NodeApiError && error.httpCode === '422') page = await read({});
		else throw asNodeError(ctx.getNode(), error);
	}
	const records = Array.isArray(page.body) ? page.body : [];
	const total = /\/(\d+)\s*$/.exec(String(page.headers['content-range'] ?? ''));
	const next = offset + records.length;
	const more =
		records.length > 0 && (total ? next < Number(total[1]) : records.length === PAGE_SIZE);
	const needle = typed?.trim().toLowerCase() ?? '';
	const results = records
		.filter(
			(record) => !needle || fields.some((key) => text(record, key).toLowerCase().includes(needle)),
		)
		.sort((a, b) => Number(b.time_initiated ?? 0) - Number(a.time_initiated ?? 0))
		.map(toItem);
	return { results, paginationToken: more ? String(next) : undefined };
}

/** Backups, newest first; for a restore only the ones QRadar can restore. */
export async function searchBackups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const resource = String(this.getCurrentNodeParameter('resource') ?? '');
	const restorable = resource === 'restore' ? 'type="CONFIG" and status="SUCCESS"' : undefined;
	return await searchPage(
		this,
		BACKUPS_PATH,
		restorable,
		filter,
		paginationToken,
		['name', 'id', 'description', 'status', 'type'],
		(record) => ({
			name: text(record, 'name') || `Backup ${text(record, 'id')}`,
			value: text(record, 'id'),
			description: [
				`ID ${text(record, 'id')}`,
				text(record, 'type'),
				text(record, 'status'),
				when(record.time_initiated),
			]
				.filter(Boolean)
				.join(' · '),
		}),
	);
}

/** Restores, newest first; for Start only the pending ones. */
export async function searchRestores(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const operation = String(this.getCurrentNodeParameter('operation') ?? '');
	const startable = operation === 'start' ? 'status="PENDING"' : undefined;
	return await searchPage(
		this,
		RESTORES_PATH,
		startable,
		filter,
		paginationToken,
		['id', 'backup_name', 'status'],
		(record) => ({
			name: `Restore ${text(record, 'id')}${
				record.backup_name ? ` of ${text(record, 'backup_name')}` : ''
			} (${text(record, 'status') || 'unknown'})`,
			value: text(record, 'id'),
			description: [text(record, 'backup_type'), when(record.time_initiated)]
				.filter(Boolean)
				.join(' · '),
		}),
	);
}
