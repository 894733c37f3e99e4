import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as getProjects from './getProjects.operation';
import * as getRegions from './getRegions.operation';
import * as getSubscriptions from './getSubscriptions.operation';

export const operations = {
	getRegions,
	getSubscriptions,
	getProjects,
} satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cloud'] } },
		options: [
			{
				name: 'Get Projects',
				value: 'getProjects',
				description: 'List the projects the Connector can use',
				action: 'Get cloud projects',
			},
			{
				name: 'Get Regions',
				value: 'getRegions',
				description: 'List the regions of a cloud provider',
				action: 'Get cloud regions',
			},
			{
				name: 'Get Subscriptions',
				value: 'getSubscriptions',
				description: 'List the subscriptions the Connector can use',
				action: 'Get cloud subscriptions',
			},
		],
		default: 'getRegions',
	},
	...getRegions.description,
	...getSubscriptions.description,
	...getProjects.description,
];
