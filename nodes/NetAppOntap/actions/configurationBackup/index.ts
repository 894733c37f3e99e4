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
		displayOptions: { show: { resource: ['configurationBackup'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get where the cluster uploads its configuration backups',
				action: 'Get configuration backup settings',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change where the cluster uploads its configuration backups',
				action: 'Update configuration backup settings',
			},
		],
		default: 'get',
	},
	...get.description,
	...update.description,
];
