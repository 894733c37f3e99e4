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
		displayOptions: { show: { resource: ['license'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the Cloud Backup license of a working environment',
				action: 'Get a license',
			},
		],
		default: 'get',
	},
	...get.description,
];
