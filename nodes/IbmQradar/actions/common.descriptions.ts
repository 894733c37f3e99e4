import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { locatorProperty, returnAllAndLimit, type LocatorId } from '../../shared/descriptions';
import { jsonItems } from '../../shared/router';
import { collection, parameter, z, returnAllAndLimitOf } from '../../shared/validation';
import { qradarGetAll } from '../transport';

const ID_PATTERN = '^\\s*[0-9]+\\s*$';

/** Backups and restores: picked from a list (newest first) or given by their numeric ID. */
const BY_ID: LocatorId = {
	displayName: 'By ID',
	placeholder: '42',
	pattern: { regex: ID_PATTERN, errorMessage: 'Not a numeric ID' },
};

function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	description: string,
): INodeProperties {
	return locatorProperty({ name, displayName, searchListMethod, description, id: BY_ID });
}

export const backupLocator = (description = 'The backup'): INodeProperties =>
	locator('backup', 'Backup', 'searchBackups', description);

export const restoreLocator = (description = 'The restore'): INodeProperties =>
	locator('restore', 'Restore', 'searchRestores', description);

/** QRadar ids are whole numbers: typed as text in a locator, or as a number by an expression. */
export const idSchema = z
	.union([z.string(), z.number().int().min(0)], {
		errorMap: () => ({ message: 'must be a numeric ID such as 42' }),
	})
	.transform((value) => String(value).trim())
	.pipe(
		z
			.string()
			.regex(/^[0-9]+$/, 'must be a numeric ID such as 42')
			// a Java long at most: a longer number is no QRadar ID
			.max(19, 'must be a numeric ID of at most 19 digits'),
	);

export function readId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string {
	return parameter(ctx, itemIndex, name, label, idSchema);
}

/** `filters` of every QRadar "Get Many": the API's own filter, sort and fields parameters. */
export const filtersCollection: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'string',
			default: '',
			placeholder: 'id,name,status,time_completed',
			description: 'Only these fields of each record, separated by commas',
		},
		{
			displayName: 'Filter',
			name: 'filter',
			type: 'string',
			default: '',
			placeholder: 'status="SUCCESS" and time_completed > 1700000000000',
			description:
				'A QRadar filter expression, e.g. status IN ("FAILED") or type="CONFIG" (times are milliseconds since 1970)',
		},
		{
			displayName: 'Sort',
			name: 'sort',
			type: 'string',
			default: '',
			placeholder: '-time_initiated',
			description: 'Fields to sort by, separated by commas; prefix one with - for descending order',
		},
	],
};

const filtersSchema = z.object({
	filter: z
		.string()
		.trim()
		.max(4000, 'must be at most 4000 characters')
		.regex(
			/^[^\u0000-\u001f\u007f]*$/,
			'must be on one line (no line breaks or other control characters)',
		)
		.optional(),
	sort: z
		.string()
		.trim()
		.regex(
			/^$|^[+-]?[a-z_]+(\s*,\s*[+-]?[a-z_]+)*$/i,
			'must be field names such as -time_initiated',
		)
		.optional(),
	fields: z
		.string()
		.trim()
		.regex(/^[^\r\n]*$/, 'must be on one line')
		.optional(),
});

/** Return All, Limit and Filters of a QRadar "Get Many". */
export const listProperties: INodeProperties[] = [...returnAllAndLimit(), filtersCollection];

/** Runs a QRadar "Get Many" with Range paging: one output item per record. */
export async function listCollection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(ctx, itemIndex);
	const filters = collection(ctx, itemIndex, 'filters', 'Filters', filtersSchema);
	const qs: IDataObject = {};
	if (filters.filter) qs.filter = filters.filter;
	if (filters.sort) qs.sort = filters.sort.replace(/\s+/g, '');
	if (filters.fields) qs.fields = filters.fields;
	return jsonItems(await qradarGetAll(ctx, { path, qs, returnAll, limit, itemIndex }));
}
