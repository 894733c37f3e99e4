import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { ontapRequest } from '../transport';

interface Collection {
	records?: Array<{ uuid: string; name: string }>;
	_links?: { next?: { href?: string } };
}

/** One page of named objects, filtered by what the user typed (ONTAP's `*` wildcard). */
async function searchByName(
	ctx: ILoadOptionsFunctions,
	path: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { fields: 'name,uuid', order_by: 'name', max_records: 100 };
	const typed = filter?.trim().replace(/[*|!<>]/g, '');
	if (typed) qs.name = `*${typed}*`;
	// the token is ONTAP's next link, echoed back by the editor: only an API path is followed
	const next = paginationToken?.startsWith(`${path}?`) ? paginationToken : undefined;
	const page = await ontapRequest<Collection>(ctx, {
		method: 'GET',
		path: next ?? path,
		qs: next ? undefined : qs,
	});
	return {
		results: (page.records ?? []).map((record) => ({
			name: record.name,
			value: record.uuid,
			description: record.uuid,
		})),
		paginationToken: page._links?.next?.href,
	};
}

export async function searchClusterNodes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchByName(this, '/api/cluster/nodes', filter, paginationToken);
}

export async function searchSvms(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchByName(this, '/api/svm/svms', filter, paginationToken);
}
