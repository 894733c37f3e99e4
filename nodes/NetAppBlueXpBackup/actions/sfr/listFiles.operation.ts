import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { getAll } from '../../../shared/paging';
import { jsonItems } from '../../../shared/router';
import { emptyOr, parameter, returnAllAndLimitOf, schemas } from '../../../shared/validation';
import { pageNumber } from '../../../shared/paging';
import { bluexpClient, recordsOf, segment } from '../../transport';
import {
	readSnapshotName,
	readVolumeId,
	snapshotNameProperty,
	volumeIdProperty,
} from '../common.descriptions';
import { sfrVolumePath } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['sfr'], operation: ['listFiles'] } },
	[
		volumeIdProperty,
		snapshotNameProperty,
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			default: '/',
			description: 'The folder in the backup whose entries are listed',
		},
		...returnAllAndLimit(),
	],
);

/** The file list is the one paged BlueXP list: `page` and `limit`. */
export const filePaging = pageNumber({
	pageSize: 100,
	records: (body) => recordsOf(body, ['files', 'file', 'entries', 'items', 'records']),
	totalKeys: ['total-count', 'total', 'total-records', 'totalRecords'],
});

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const volume = readVolumeId(this, itemIndex);
	const snapshot = readSnapshotName(this, itemIndex);
	const path = parameter(
		this,
		itemIndex,
		'path',
		'Path',
		emptyOr(schemas.filePath).default('/'),
		'/',
	);
	const { returnAll, limit } = returnAllAndLimitOf(this, itemIndex);
	return jsonItems(
		await getAll(bluexpClient(this), filePaging, {
			path: `${sfrVolumePath(volume)}/snapshot/${segment(snapshot)}/file-explore/list`,
			qs: { path: path || '/' },
			returnAll,
			limit,
			itemIndex,
		}),
	);
}
