import type { INodeProperties } from 'n8n-workflow';

/** `returnAll` + `limit`, the pair every "Get Many" operation has (shown by `updateDisplayOptions`). */
export function returnAllAndLimit(maxLimit = 10_000): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1, maxValue: maxLimit },
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** `options.concurrency`: items sent side by side by an operation that allows it (see router.ts). */
export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	default: 1,
	typeOptions: { minValue: 1, maxValue: 16, numberPrecision: 0 },
	description:
		'How many items to send to the appliance at the same time (1: one after the other). The output keeps the order of the input items.',
};

/** The `options` collection of an operation: optional behaviour (waits, timeouts, concurrency). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** An `options` collection holding only `concurrency`, for one-call-per-item operations. */
export function concurrencyOptions(): INodeProperties {
	return optionsCollection([concurrencyOption]);
}

/** `options.requestTimeout`: the per-call limit of a read, in seconds (a wait's limit is `options.timeout`). */
export function requestTimeoutOption(defaultSeconds = 60): INodeProperties {
	return {
		displayName: 'Request Timeout (Seconds)',
		name: 'requestTimeout',
		type: 'number',
		default: defaultSeconds,
		typeOptions: { minValue: 1 },
		description: 'How long to wait for each answer from the appliance before giving up',
	};
}

/** How the "By ID" mode of a locator looks and what it accepts. */
export interface LocatorId {
	displayName: string;
	placeholder: string;
	/** a regex source the editor checks typed values against, with its message */
	pattern?: { regex: string; errorMessage: string };
}

/**
 * A parameter that selects an existing object: picked from a searchable list (the node's
 * `listSearch` method) or given by its ID.
 */
export function locatorProperty(options: {
	name: string;
	displayName: string;
	searchListMethod: string;
	description?: string;
	id: LocatorId;
}): INodeProperties {
	const { name, displayName, searchListMethod, description, id } = options;
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		...(description ? { description } : {}),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: id.displayName,
				name: 'id',
				type: 'string',
				placeholder: id.placeholder,
				...(id.pattern ? { validation: [{ type: 'regex' as const, properties: id.pattern }] } : {}),
			},
		],
	};
}
