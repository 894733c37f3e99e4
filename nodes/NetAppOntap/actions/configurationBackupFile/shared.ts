import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parameter, schemas } from '../../../shared/validation';
import { segment } from '../../transport';
import { clusterNodeLocator } from '../common.descriptions';

/** The two parameters that name one backup file: the node it lives on and its name. */
export function backupFileProperties(): INodeProperties[] {
	return [
		clusterNodeLocator('The node that holds the backup file'),
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'cluster1.8hour.2026-11-24.10_15_00.7z',
			description: 'Name of the backup file',
		},
	];
}

export function readBackupFile(ctx: IExecuteFunctions, itemIndex: number) {
	const nodeUuid = parameter(ctx, itemIndex, 'clusterNode', 'Cluster Node', schemas.uuid);
	const name = parameter(ctx, itemIndex, 'name', 'Name', schemas.pathSegment);
	return {
		nodeUuid,
		name,
		path: `/api/support/configuration-backup/backups/${segment(nodeUuid)}/${segment(name)}`,
	};
}
