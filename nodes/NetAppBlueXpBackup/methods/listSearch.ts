import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getAll } from '../../shared/paging';
import { workingEnvironmentPaging } from '../actions/workingEnvironment/shared';
import { bluexpClient, WE_PATH } from '../transport';

const text = (record: IDataObject, ...keys: string[]) => {
	for (const key of keys) {
		const value = record[key];
		if (typeof value === 'string' && value) return value;
	}
	return '';
};

const ID_KEYS = ['publicId', 'public-id', 'id', 'working-environment-id', 'workingEnvironmentId'];
const NAME_KEYS = ['name', 'working-environment-name', 'workingEnvironmentName'];
const TYPE_KEYS = ['workingEnvironmentType', 'working-environment-type', 'type'];

/** Working environments, filtered by what was typed (name, ID or type). */
export async function searchWorkingEnvironments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const typed = filter?.trim().toLowerCase() ?? '';
	const records = await getAll(bluexpClient(this), workingEnvironmentPaging, {
		path: WE_PATH,
		returnAll: true,
		limit: 0,
	});
	return {
		results: records
			.map((record) => ({
				id: text(record, ...ID_KEYS),
				name: text(record, ...NAME_KEYS),
				type: text(record, ...TYPE_KEYS),
			}))
			.filter(
				(entry) =>
					entry.id &&
					(!typed ||
						[entry.id, entry.name, entry.type].some((value) =>
							value.toLowerCase().includes(typed),
						)),
			)
			.map((entry) => ({
				name: entry.name || entry.id,
				value: entry.id,
				description: entry.type ? `${entry.id} (${entry.type})` : entry.id,
			})),
	};
}
