import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { get, getAll } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subaccount'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a subaccount the Cloud Connector is connected to',
				action: 'Get a subaccount',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the subaccounts the Cloud Connector is connected to',
				action: 'Get many subaccounts',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
