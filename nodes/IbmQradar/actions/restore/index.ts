import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as create from './create.operation';
import * as deleteRestore from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as start from './start.operation';

export const operations = {
	create,
	delete: deleteRestore,
	get,
	getAll,
	start,
} satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['restore'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Prepare a restore of a configuration backup (it starts with Start)',
				action: 'Create a restore',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a restore that has not finished',
				action: 'Delete a restore',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a restore and its status',
				action: 'Get a restore',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List restores',
				action: 'Get many restores',
			},
			{
				name: 'Start',
				value: 'start',
				description:
					'Start a pending restore (the console stops its services while it runs), and wait for it to finish',
				action: 'Start a restore',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...deleteRestore.description,
	...get.description,
	...getAll.description,
	...start.description,
];
