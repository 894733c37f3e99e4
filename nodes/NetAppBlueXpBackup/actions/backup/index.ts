import type { INodeProperties } from 'n8n-workflow';

import type { ResourceOperations } from '../../../shared/router';
import * as activate from './activate.operation';
import * as createAdHoc from './createAdHoc.operation';
import * as deleteBackups from './delete.operation';
import * as deleteSnapshot from './deleteSnapshot.operation';
import * as getAll from './getAll.operation';
import * as getSnapshots from './getSnapshots.operation';
import * as getStatus from './getStatus.operation';
import * as getVolume from './getVolume.operation';
import * as getVolumes from './getVolumes.operation';
import * as prune from './prune.operation';
import * as unregister from './unregister.operation';

export const operations = {
	getAll,
	activate,
	getStatus,
	getVolumes,
	getVolume,
	createAdHoc,
	delete: deleteBackups,
	getSnapshots,
	deleteSnapshot,
	prune,
	unregister,
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
				name: 'Activate',
				value: 'activate',
				description: 'Activate Cloud Backup on a working environment',
				action: 'Activate backup on a working environment',
			},
			{
				name: 'Create Ad-Hoc',
				value: 'createAdHoc',
				description: 'Back up a volume now',
				action: 'Create an ad hoc backup',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete all backups of a volume',
				action: 'Delete the backups of a volume',
			},
			{
				name: 'Delete Snapshot',
				value: 'deleteSnapshot',
				description: 'Delete one backup of a volume',
				action: 'Delete a backup snapshot',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the working environments and their backup state',
				action: 'Get many backup working environments',
			},
			{
				name: 'Get Snapshots',
				value: 'getSnapshots',
				description: 'List the backups of a volume',
				action: 'Get the backups of a volume',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the backup status of a working environment',
				action: 'Get the backup status',
			},
			{
				name: 'Get Volume',
				value: 'getVolume',
				description: 'Get the backup details of a volume',
				action: 'Get a backed up volume',
			},
			{
				name: 'Get Volumes',
				value: 'getVolumes',
				description: 'List the volumes of a working environment with their backup state',
				action: 'Get backed up volumes',
			},
			{
				name: 'Prune',
				value: 'prune',
				description:
					'Delete old backups of a volume, keeping the newest of each label (dry run by default)',
				action: 'Delete old backups of a volume keeping the newest',
			},
			{
				name: 'Unregister',
				value: 'unregister',
				description: 'Unregister a working environment from Cloud Backup',
				action: 'Unregister a working environment',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...activate.description,
	...getStatus.description,
	...getVolumes.description,
	...getVolume.description,
	...createAdHoc.description,
	...deleteBackups.description,
	...getSnapshots.description,
	...deleteSnapshot.description,
	...prune.description,
	...unregister.description,
];
