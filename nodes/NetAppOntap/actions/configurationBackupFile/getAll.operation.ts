import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FilterSpec } from '../../filters';
import { collectionProperties, listCollection } from '../collection';

const show = { resource: ['configurationBackupFile'], operation: ['getAll'] };

const filters: FilterSpec[] = [
	{ apiName: 'name', type: 'string', description: 'Only backup files with this name' },
	{ apiName: 'node.name', type: 'string', description: 'Only backup files on this node (name)' },
	{ apiName: 'node.uuid', type: 'string', description: 'Only backup files on this node (UUID)' },
	{
		apiName: 'type',
		type: 'options',
		description: 'Only backup files of this type',
		options: [
			{ name: 'Cluster', value: 'cluster' },
			{ name: 'Node', value: 'node' },
		],
	},
	{
		apiName: 'auto',
		type: 'boolean',
		description: 'Whether to list only scheduled (automatic) backups, or only manual ones',
	},
	{
		apiName: 'time',
		type: 'string',
		description: 'Only backup files created at this time, e.g. >2026-11-01T00:00:00Z',
	},
	{
		apiName: 'size',
		type: 'number',
		description: 'Only backup files of this size in bytes, e.g. >1000000',
	},
	{ apiName: 'version', type: 'string', description: 'Only backup files of this ONTAP version' },
	{
		apiName: 'backup_nodes.name',
		type: 'string',
		description: 'Only backup files that include this node',
	},
	{
		apiName: 'download_link',
		type: 'string',
		description: 'Only the backup file with this download link',
	},
];

export const description = updateDisplayOptions({ show }, collectionProperties(filters));

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listCollection(
		this,
		itemIndex,
		'/api/support/configuration-backup/backups',
		filters,
	);
}
