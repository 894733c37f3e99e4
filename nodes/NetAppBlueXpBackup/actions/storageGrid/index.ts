import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as create from './create.operation';
import * as getAll from './getAll.operation';

export const operations = { getAll, create } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['storageGrid'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Register a StorageGRID system as a backup target',
				action: 'Create a storage grid target',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the StorageGRID systems',
				action: 'Get many storage grid targets',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...create.description,
];
