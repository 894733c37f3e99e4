import type { INodeProperties } from 'n8n-workflow';

import {
	locatorProperty,
	optionsCollection,
	requestTimeoutOption,
	type LocatorId,
} from '../../shared/descriptions';
import { UUID_PATTERN } from '../../shared/validation';

/** Objects ONTAP identifies by UUID: picked from a list, or the UUID pasted. */
const BY_UUID: LocatorId = {
	displayName: 'By UUID',
	placeholder: '1cd8a442-86d1-11e0-ae1c-123478563412',
	pattern: { regex: UUID_PATTERN.source, errorMessage: 'Not a valid UUID' },
};

function locator(
	name: string,
	displayName: string,
	searchListMethod: string,
	description: string,
): INodeProperties {
	return locatorProperty({ name, displayName, searchListMethod, description, id: BY_UUID });
}

export const clusterNodeLocator = (description = 'The cluster node'): INodeProperties =>
	locator('clusterNode', 'Cluster Node', 'searchClusterNodes', description);

export const svmLocator = (description = 'The storage VM (SVM)'): INodeProperties =>
	locator('svm', 'SVM', 'searchSvms', description);

/** `options` of ONTAP collection reads: which fields, in what order, how long to wait. */
export function collectionOptions(): INodeProperties {
	return optionsCollection([
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'string',
			default: '*',
			placeholder: 'name,node.name,size',
			description:
				'Comma-separated fields to return; * returns all regular fields, ** all fields including expensive ones',
		},
		{
			displayName: 'Order By',
			name: 'orderBy',
			type: 'string',
			default: '',
			placeholder: 'name asc',
			description: 'Comma-separated fields to sort by, each optionally followed by asc or desc',
		},
		...requestTimeoutOptions(),
	]);
}

export const FIELDS_PATTERN = /^[\w.*]+(\s*,\s*[\w.*]+)*$/;
export const ORDER_BY_PATTERN = /^[\w.]+(\s+(asc|desc))?(\s*,\s*[\w.]+(\s+(asc|desc))?)*$/i;

/**
 * The per-call limit of a read. Type version 1 of this node used `options.timeout` for it;
 * since 1.1 `options.timeout` is only ever the limit of a wait, as for every other node, and
 * reads take `options.requestTimeout`. Version 1 workflows keep their field and meaning.
 */
export function requestTimeoutOptions(defaultSeconds = 60): INodeProperties[] {
	const current = requestTimeoutOption(defaultSeconds);
	return [
		{ ...current, displayOptions: { hide: { '@version': [1] } } },
		{
			...current,
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			displayOptions: { show: { '@version': [1] } },
		},
	];
}

/** The per-call limit from a read's options (see `requestTimeoutOptions`). */
export function requestTimeoutOf(options: {
	requestTimeout?: number;
	timeout?: number;
}): number | undefined {
	return options.requestTimeout ?? options.timeout;
}
