import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';

import * as generatePassword from './generatePassword.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations = { generatePassword, get, getAll, update } satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['ndmpSvm'] } },
		options: [
			{
				name: 'Generate Password',
				value: 'generatePassword',
				description: 'Generate the NDMP password of a user on an SVM (ONTAP 9.9+)',
				action: 'Generate an NDMP password',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the NDMP configuration of an SVM',
				action: 'Get the NDMP configuration of an SVM',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the NDMP configuration of every SVM',
				action: 'Get many NDMP SVM configurations',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the NDMP configuration of an SVM',
				action: 'Update the NDMP configuration of an SVM',
			},
		],
		default: 'getAll',
	},
	...generatePassword.description,
	...get.description,
	...getAll.description,
	...update.description,
];
