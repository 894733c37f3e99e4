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
		displayOptions: { show: { resource: ['backupConfiguration'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get a scheduled backup configuration (directory, retention, schedules, data hosts)',
				action: 'Get a backup configuration',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the scheduled backup configurations',
				action: 'Get many backup configurations',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];
