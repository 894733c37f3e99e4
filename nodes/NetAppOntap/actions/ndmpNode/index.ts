import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { get, getAll, update } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ndmpNode'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the NDMP configuration of a node',
				action: 'Get the NDMP configuration of a node',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the NDMP configuration of every node',
				action: 'Get many NDMP node configurations',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the NDMP configuration of a node',
				action: 'Update the NDMP configuration of a node',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...update.description,
];
