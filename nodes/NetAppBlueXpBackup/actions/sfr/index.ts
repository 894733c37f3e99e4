import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as getExploreStatus from './getExploreStatus.operation';
import * as listFiles from './listFiles.operation';
import * as startExplore from './startExplore.operation';

export const operations = {
	startExplore,
	getExploreStatus,
	listFiles,
} satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sfr'] } },
		options: [
			{
				name: 'Get Explore Status',
				value: 'getExploreStatus',
				description: 'Get whether the file explorer of a volume is ready',
				action: 'Get the file explorer status',
			},
			{
				name: 'List Files',
				value: 'listFiles',
				description: 'List the files and folders in a backup',
				action: 'List files in a backup',
			},
			{
				name: 'Start Explore',
				value: 'startExplore',
				description: 'Start the file explorer for the backups of a volume',
				action: 'Start the file explorer',
			},
		],
		default: 'listFiles',
	},
	...startExplore.description,
	...getExploreStatus.description,
	...listFiles.description,
];
