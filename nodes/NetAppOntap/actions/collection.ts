import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import { filterQuery, filtersCollection, type FilterSpec } from '../filters';
import { jsonItems } from '../../shared/router';
import { collection, schemas, z, returnAllAndLimitOf } from '../../shared/validation';
import { ontapGetAll } from '../transport';
import {
	collectionOptions,
	FIELDS_PATTERN,
	ORDER_BY_PATTERN,
	requestTimeoutOf,
} from './common.descriptions';

const optionsSchema = z.object({
	fields: z
		.string()
		.trim()
		.regex(FIELDS_PATTERN, 'must be a comma-separated list of field names, * or **')
		.or(z.literal(''))
		.optional(),
	orderBy: z
		.string()
		.trim()
		.regex(
			ORDER_BY_PATTERN,
			'must be field names, each optionally followed by asc or desc, separated by commas',
		)
		.or(z.literal(''))
		.optional(),
	requestTimeout: schemas.seconds.optional(),
	timeout: schemas.seconds.optional(),
});

/** The parameters of an ONTAP "Get Many": Return All, Limit, Filters and Options. */
export function collectionProperties(filters: FilterSpec[]): INodeProperties[] {
	return [...returnAllAndLimit(), filtersCollection(filters), collectionOptions()];
}

/** Runs an ONTAP "Get Many": one output item per record. */
export async function listCollection(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	filters: FilterSpec[],
): Promise<INodeExecutionData[]> {
	const { returnAll, limit } = returnAllAndLimitOf(ctx, itemIndex);
	const qs = filterQuery(
		ctx,
		itemIndex,
		ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject,
		filters,
	);
	const options = collection(ctx, itemIndex, 'options', 'Options', optionsSchema);
	qs.fields = options.fields || '*';
	if (options.orderBy) qs.order_by = options.orderBy;
	const records = await ontapGetAll(ctx, {
		path,
		qs,
		returnAll,
		limit,
		timeout: requestTimeoutOf(options),
		itemIndex,
	});
	return jsonItems(records);
}
