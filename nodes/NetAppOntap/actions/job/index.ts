import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';

import * as get from './get.operation';

export const operations = { get } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['job'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the state of a cluster job',
				action: 'Get a job',
			},
		],
		default: 'get',
	},
	...get.description,
];
