import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	prune,
	readRetention,
	retentionProperties,
	type RetentionKind,
} from '../../../shared/retention';
import { z } from '../../../shared/validation';
import { ontapClient, ontapGetAll, segment } from '../../transport';

const BACKUPS_PATH = '/api/support/configuration-backup/backups';

export const description = updateDisplayOptions(
	{ show: { resource: ['configurationBackupFile'], operation: ['prune'] } },
	retentionProperties('files', [
		{
			displayName: 'Include Scheduled Files',
			name: 'includeScheduled',
			type: 'boolean',
			default: false,
			description:
				'Whether to prune the files the cluster makes on its own schedules too (ONTAP rotates those itself)',
		},
	]),
);

const nodeOf = (file: IDataObject) => (file.node ?? {}) as IDataObject;

/**
 * Configuration backup files, per node (nodes/shared/retention.ts does the rest): the files
 * the cluster makes on its own schedules are left to ONTAP unless included.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const settings = readRetention(
		this,
		itemIndex,
		{ includeScheduled: z.boolean().optional() },
		{ includeScheduled: 'Include Scheduled Files' },
	);
	const files = await ontapGetAll(this, {
		path: BACKUPS_PATH,
		qs: { fields: 'node,name,time,size,type,auto' },
		returnAll: true,
		limit: 0,
		itemIndex,
	});
	const kind: RetentionKind = {
		groupLabel: 'of its node',
		groupOf: (file) => String(nodeOf(file).uuid ?? ''),
		timeOf: (file) => Date.parse(String(file.time ?? '')) || 0,
		protect: (file) =>
			file.auto === true && !settings.options.includeScheduled
				? 'made by the cluster’s own schedule (Include Scheduled Files is off)'
				: undefined,
		nameOf: (file) => String(file.name),
		fieldsOf: (file) => ({
			node: nodeOf(file),
			name: file.name,
			time: file.time,
			size: file.size,
			auto: file.auto,
		}),
	};
	const client = ontapClient(this);
	return await prune(this, itemIndex, kind, files, settings, async (file) => {
		await client.request({
			method: 'DELETE',
			path: `${BACKUPS_PATH}/${segment(String(nodeOf(file).uuid))}/${segment(String(file.name))}`,
			itemIndex,
		});
	});
}
