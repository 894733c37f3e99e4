import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as getConfiguration from './getConfiguration.operation';
import * as getHealth from './getHealth.operation';
import * as getVersion from './getVersion.operation';

export const operations = { getConfiguration, getHealth, getVersion } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connector'] } },
		options: [
			{
				name: 'Get Configuration',
				value: 'getConfiguration',
				description: 'Get the high-availability role (master or shadow) and description',
				action: 'Get the connector configuration',
			},
			{
				name: 'Get Health',
				value: 'getHealth',
				description:
					'Check that the Cloud Connector answers, with its version, role, and memory and disk use where its version offers them',
				action: 'Get the connector health',
			},
			{
				name: 'Get Version',
				value: 'getVersion',
				description: 'Get the Cloud Connector version',
				action: 'Get the connector version',
			},
		],
		default: 'getVersion',
	},
	...getConfiguration.description,
	...getHealth.description,
	...getVersion.description,
];
