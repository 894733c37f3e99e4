import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { invalidParameter } from '../shared/validation';

export interface FilterSpec {
	/** the vendor's query parameter, e.g. `data.state` */
	apiName: string;
	type: 'string' | 'number' | 'boolean' | 'options';
	description?: string;
	options?: INodePropertyOptions[];
}

/** `data.connection.address` -> `dataConnectionAddress`: the stable parameter name saved in workflows. */
export function filterParameterName(apiName: string): string {
	return apiName
		.split(/[._]/)
		.map((part, index) => (index === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
		.join('');
}

export function filterDisplayName(apiName: string): string {
	return apiName
		.split(/[._]/)
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1))
		.join(' ')
		.replace(/\bUuid\b/g, 'UUID')
		.replace(/\bId\b/g, 'ID')
		.replace(/\bScsi\b/g, 'SCSI');
}

const OPERATOR_HINT =
	"Supports the API's query operators: * wildcard, ! not, | or, &lt; &gt; for numbers, null";

/** The `filters` collection built from the vendor's documented query parameters. */
export function filtersCollection(specs: FilterSpec[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: specs
			.map((spec): INodeProperties => {
				const base = {
					displayName: filterDisplayName(spec.apiName),
					name: filterParameterName(spec.apiName),
					description: `${spec.description ?? `Only records whose ${spec.apiName} matches`}. ${
						spec.type === 'boolean' || spec.type === 'options' ? '' : OPERATOR_HINT
					}`.trim(),
				};
				if (spec.type === 'boolean') return { ...base, type: 'boolean', default: true };
				if (spec.type === 'options')
					return {
						...base,
						type: 'options',
						default: spec.options?.[0]?.value ?? '',
						options: spec.options ?? [],
					};
				return { ...base, type: 'string', default: '' };
			})
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** A number filter: a value, a comparison, a range or alternatives, e.g. `>1000`, `10..20`, `1|2`, `!null`. */
const NUMBER_FILTER = /^(!?null|(!|<=?|>=?)?-?\d+(\.\.-?\d+)?(\|(!|<=?|>=?)?-?\d+(\.\.-?\d+)?)*)$/;

/**
 * The query string for the filters the user added. Each value is checked against
 * its type before anything is sent; empty values are left out.
 */
export function filterQuery(
	ctx: IExecuteFunctions,
	itemIndex: number,
	filters: IDataObject,
	specs: FilterSpec[],
): IDataObject {
	const byName = new Map(specs.map((spec) => [filterParameterName(spec.apiName), spec]));
	const qs: IDataObject = {};
	for (const [name, value] of Object.entries(filters ?? {})) {
		const spec = byName.get(name);
		const label = `Filters > ${spec ? filterDisplayName(spec.apiName) : name}`;
		if (!spec)
			throw invalidParameter(
				ctx,
				`filters.${name}`,
				label,
				'is not a filter of this operation',
				itemIndex,
			);
		if (spec.type === 'boolean') {
			if (typeof value !== 'boolean')
				throw invalidParameter(ctx, `filters.${name}`, label, 'must be true or false', itemIndex);
			qs[spec.apiName] = String(value);
			continue;
		}
		if (typeof value !== 'string' && typeof value !== 'number') {
			throw invalidParameter(ctx, `filters.${name}`, label, 'must be text', itemIndex);
		}
		const text = String(value).trim();
		if (text === '') continue;
		if (/[\u0000-\u001f\u007f]/.test(text)) {
			throw invalidParameter(
				ctx,
				`filters.${name}`,
				label,
				'must be on one line (no line breaks or other control characters)',
				itemIndex,
			);
		}
		if (text.length > 4096) {
			throw invalidParameter(
				ctx,
				`filters.${name}`,
				label,
				'must be at most 4096 characters',
				itemIndex,
			);
		}
		if (spec.type === 'number' && !NUMBER_FILTER.test(text)) {
			throw invalidParameter(
				ctx,
				`filters.${name}`,
				label,
				'must be a number, optionally with an operator (>1000, <=5, !0, 10..20, 1|2) or null / !null',
				itemIndex,
			);
		}
		if (
			spec.type === 'options' &&
			spec.options &&
			!spec.options.some((option) => option.value === text)
		) {
			throw invalidParameter(
				ctx,
				`filters.${name}`,
				label,
				`must be one of ${spec.options.map((option) => String(option.value)).join(', ')}`,
				itemIndex,
			);
		}
		qs[spec.apiName] = text;
	}
	return qs;
}
