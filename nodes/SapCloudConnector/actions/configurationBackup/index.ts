import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as create from './create.operation';
import * as restore from './restore.operation';

export const operations = { create, restore } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['configurationBackup'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Back up the whole Cloud Connector configuration into a ZIP file',
				action: 'Create a configuration backup',
			},
			{
				name: 'Restore',
				value: 'restore',
				description:
					'Restore the configuration from a backup ZIP file; the Cloud Connector restarts afterwards',
				action: 'Restore a configuration backup',
			},
		],
		default: 'create',
	},
	...create.description,
	...restore.description,
];
