import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as create from './create.operation';
import * as deleteBackup from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as prune from './prune.operation';

export const operations = {
	create,
	delete: deleteBackup,
	get,
	getAll,
	prune,
} satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['backup'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Start a configuration or data backup, and wait for it to finish',
				action: 'Create a backup',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a backup and its file',
				action: 'Delete a backup',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a backup and its status',
				action: 'Get a backup',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List backups',
				action: 'Get many backups',
			},
			{
				name: 'Prune',
				value: 'prune',
				description:
					'Delete old backups, keeping the newest successful one of each type (dry run by default)',
				action: 'Prune backups',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteBackup.description,
	...get.description,
	...getAll.description,
	...prune.description,
];
