import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';

import * as deleteSession from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { delete: deleteSession, get, getAll } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ndmpSession'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Kill an NDMP session',
				action: 'Kill an NDMP session',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an NDMP session',
				action: 'Get an NDMP session',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List NDMP sessions',
				action: 'Get many NDMP sessions',
			},
		],
		default: 'getAll',
	},
	...deleteSession.description,
	...get.description,
	...getAll.description,
];
