import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';

import * as create from './create.operation';
import * as deleteFile from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as prune from './prune.operation';

export const operations = {
	create,
	delete: deleteFile,
	download,
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
		displayOptions: { show: { resource: ['configurationBackupFile'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a configuration backup file on a node',
				action: 'Create a configuration backup file',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a configuration backup file',
				action: 'Delete a configuration backup file',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download a configuration backup file into a binary field',
				action: 'Download a configuration backup file',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a configuration backup file',
				action: 'Get a configuration backup file',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List configuration backup files',
				action: 'Get many configuration backup files',
			},
			{
				name: 'Prune',
				value: 'prune',
				description:
					'Delete old configuration backup files, keeping the newest of each node (dry run by default)',
				action: 'Prune configuration backup files',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteFile.description,
	...download.description,
	...get.description,
	...getAll.description,
	...prune.description,
];
