import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as getStatus from './getStatus.operation';
import * as restoreFiles from './restoreFiles.operation';
import * as restoreVolume from './restoreVolume.operation';

export const operations = { restoreVolume, restoreFiles, getStatus } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['restore'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the status of restores',
				action: 'Get the restore status',
			},
			{
				name: 'Restore Files',
				value: 'restoreFiles',
				description: 'Restore files and folders from a backup',
				action: 'Restore files from a backup',
			},
			{
				name: 'Restore Volume',
				value: 'restoreVolume',
				description: 'Restore a whole volume from a backup to a new volume',
				action: 'Restore a volume from a backup',
			},
		],
		default: 'restoreVolume',
	},
	...restoreVolume.description,
	...restoreFiles.description,
	...getStatus.description,
];
