import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as createBackupPolicy from './createBackupPolicy.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getBackupPolicies from './getBackupPolicies.operation';
import * as getSvms from './getSvms.operation';
import * as getVolumes from './getVolumes.operation';
import * as updateBackupPolicy from './updateBackupPolicy.operation';

export const operations = {
	getAll,
	get,
	getSvms,
	getVolumes,
	getBackupPolicies,
	createBackupPolicy,
	updateBackupPolicy,
} satisfies ResourceOperations;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workingEnvironment'] } },
		options: [
			{
				name: 'Create Backup Policy',
				value: 'createBackupPolicy',
				description: 'Create a backup policy for a working environment',
				action: 'Create a backup policy',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a working environment',
				action: 'Get a working environment',
			},
			{
				name: 'Get Backup Policies',
				value: 'getBackupPolicies',
				description: 'List the backup policies of a working environment',
				action: 'Get backup policies',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the working environments',
				action: 'Get many working environments',
			},
			{
				name: 'Get SVMs',
				value: 'getSvms',
				description: 'List the storage VMs of a working environment',
				action: 'Get storage virtual machines of a working environment',
			},
			{
				name: 'Get Volumes',
				value: 'getVolumes',
				description: 'List the volumes of a working environment',
				action: 'Get volumes of a working environment',
			},
			{
				name: 'Update Backup Policy',
				value: 'updateBackupPolicy',
				description: 'Change a backup policy of a working environment',
				action: 'Update a backup policy',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...getSvms.description,
	...getVolumes.description,
	...getBackupPolicies.description,
	...createBackupPolicy.description,
	...updateBackupPolicy.description,
];
