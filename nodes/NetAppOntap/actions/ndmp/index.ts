import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';

import * as get from './get.operation';
import * as update from './update.operation';

export const operations = { get, update } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ndmp'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the NDMP mode (SVM or node scope)',
				action: 'Get the NDMP mode',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Switch the NDMP mode',
				action: 'Update the NDMP mode',
			},
		],
		default: 'get',
	},
	...get.description,
	...update.description,
];
