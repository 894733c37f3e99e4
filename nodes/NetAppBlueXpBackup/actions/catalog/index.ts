import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as search from './search.operation';
import * as setup from './setup.operation';

export const operations = { setup, search } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Search the indexed backups for files, directories or volumes',
				action: 'Search the catalog',
			},
			{
				name: 'Set Up',
				value: 'setup',
				description: 'Index the backups of a working environment for Search & Restore',
				action: 'Set up the catalog',
			},
		],
		default: 'search',
	},
	...setup.description,
	...search.description,
];
