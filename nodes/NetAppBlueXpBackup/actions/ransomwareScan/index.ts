import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as start from './start.operation';

export const operations = { start } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ransomwareScan'] } },
		options: [
			{
				name: 'Start',
				value: 'start',
				description: 'Scan a backup for ransomware',
				action: 'Start a ransomware scan',
			},
		],
		default: 'start',
	},
	...start.description,
];
