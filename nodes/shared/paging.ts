import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Refusals } from './errors';
import type { ApplianceClient, ApplianceResponse } from './request';

/** One page to ask for. */
export interface PageRequest {
	path: string;
	qs?: IDataObject;
	headers?: IDataObject;
}

/**
 * How one API pages a collection. `wanted` is how many records are still missing
 * (undefined for Return All), so a strategy never asks for more than is needed.
 */
export interface PagingStrategy {
	first(path: string, qs: IDataObject, wanted: number | undefined): PageRequest;
	records(page: ApplianceResponse<unknown>): IDataObject[];
	/** The page after `page`, or undefined at the end. */
	next(
		page: ApplianceResponse<unknown>,
		previous: PageRequest,
		received: number,
		wanted: number | undefined,
	): PageRequest | undefined;
}

export interface GetAllOptions {
	path: string;
	qs?: IDataObject;
	returnAll: boolean;
	/** records wanted when not returnAll */
	limit: number;
	/** seconds per page request */
	timeout?: number;
	refusals?: Refusals;
	itemIndex?: number;
}

function recordsAt(body: unknown, key: string | undefined): IDataObject[] {
	const list = key === undefined ? body : (body as IDataObject | undefined)?.[key];
	return Array.isArray(list) ? (list as IDataObject[]) : [];
}

function withQuery(href: string, name: string, value: number): string {
	const url = new URL(href, 'http://placeholder');
	url.searchParams.set(name, String(value));
	return `${url.pathname}${url.search}`;
}

/** HAL (ONTAP): records under `records`, the next page at `_links.next.href` with the query in it. */
export function halNextLink(options: {
	pageSizeParam: string;
	recordsKey?: string;
}): PagingStrategy {
	const key = options.recordsKey ?? 'records';
	return {
		first: (path, qs, wanted) => ({
			path,
			qs: wanted === undefined ? { ...qs } : { ...qs, [options.pageSizeParam]: wanted },
		}),
		records: (page) => recordsAt(page.body, key),
		next(page, _previous, _received, wanted) {
			const href = (page.body as { _links?: { next?: { href?: unknown } } })?._links?.next?.href;
			if (typeof href !== 'string' || !href) return undefined;
			// the link carries the original query: sending it again would duplicate parameters
			return { path: wanted === undefined ? href : withQuery(href, options.pageSizeParam, wanted) };
		},
	};
}

/** `Range: items=a-b` in, `Content-Range: items a-b/total` out (QRadar): the body is the array. */
export function rangeHeader(options: { pageSize: number }): PagingStrategy {
	const range = (from: number, count: number) => ({ Range: `items=${from}-${from + count - 1}` });
	return {
		first: (path, qs, wanted) => ({
			path,
			qs,
			headers: range(0, Math.min(options.pageSize, wanted ?? options.pageSize)),
		}),
		records: (page) => recordsAt(page.body, undefined),
		next(page, previous, received, wanted) {
			const got = recordsAt(page.body, undefined).length;
			const contentRange = String(page.headers['content-range'] ?? '');
			const total = /\/(\d+)\s*$/.exec(contentRange);
			if (got === 0) return undefined;
			if (total && received >= Number(total[1])) return undefined;
			if (!total && got < options.pageSize) return undefined;
			return {
				...previous,
				headers: range(received, Math.min(options.pageSize, wanted ?? options.pageSize)),
			};
		},
	};
}

/** Reads the records out of a page's body, for APIs whose lists come in more than one shape. */
export type RecordsReader = (body: unknown) => IDataObject[];

/** A collection the API returns whole (SAP Cloud Connector, BlueXP): Limit is applied to what came. */
export function singlePage(
	options: { recordsKey?: string; records?: RecordsReader } = {},
): PagingStrategy {
	return {
		first: (path, qs) => ({ path, qs }),
		records: (page) =>
			options.records ? options.records(page.body) : recordsAt(page.body, options.recordsKey),
		next: () => undefined,
	};
}

/**
 * Page numbers (`page`, `limit`), as BlueXP's file lists page: the page size stays the same
 * on every page so page numbers stay aligned; Limit is applied to what came. The end is a
 * short or empty page, or the total the answer reports.
 */
export function pageNumber(options: {
	pageSize: number;
	records: RecordsReader;
	firstPage?: number;
	totalKeys?: string[];
}): PagingStrategy {
	const first = options.firstPage ?? 1;
	return {
		first: (path, qs) => ({ path, qs: { ...qs, page: first, limit: options.pageSize } }),
		records: (page) => options.records(page.body),
		next(page, previous, received) {
			const got = options.records(page.body).length;
			const body = (page.body ?? {}) as IDataObject;
			const totalKey = (options.totalKeys ?? []).find((key) => body[key] !== undefined);
			const total = totalKey === undefined ? NaN : Number(body[totalKey]);
			if (got === 0 || got < options.pageSize) return undefined;
			if (Number.isFinite(total) && received >= total) return undefined;
			return { ...previous, qs: { ...previous.qs, page: Number(previous.qs?.page) + 1 } };
		},
	};
}

/**
 * Every "Get Many" of every node: Return All reads to the end, Limit stops as soon as
 * enough records are in and never asks for more than are missing. Records come back
 * with secret-named fields hidden.
 */
export async function getAll(
	client: ApplianceClient,
	strategy: PagingStrategy,
	options: GetAllOptions,
): Promise<IDataObject[]> {
	const wanted = () => (options.returnAll ? undefined : options.limit - records.length);
	const records: IDataObject[] = [];
	const seen = new Set<string>();
	let page: PageRequest | undefined = strategy.first(options.path, options.qs ?? {}, wanted());
	while (page) {
		const response: ApplianceResponse<unknown> = await client.request<unknown>({
			method: 'GET',
			path: page.path,
			qs: page.qs,
			headers: page.headers,
			timeout: options.timeout,
			refusals: options.refusals,
			itemIndex: options.itemIndex,
		});
		const pageRecords = strategy.records(response);
		for (const record of pageRecords) records.push(record);
		if (!options.returnAll && records.length >= options.limit) {
			return client.redact(records.slice(0, options.limit));
		}
		const next = strategy.next(response, page, records.length, wanted());
		if (next) {
			const key = JSON.stringify(next);
			if (seen.has(key)) {
				throw new NodeApiError(
					client.errors.node,
					{ page: key },
					{
						message: `${client.profile.system} returned the same next page twice`,
						description:
							'The collection could not be read to the end; try again, or narrow it with filters.',
						itemIndex: options.itemIndex,
					},
				);
			}
			seen.add(key);
		}
		page = next;
	}
	return client.redact(records);
}
