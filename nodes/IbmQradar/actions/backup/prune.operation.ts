import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	prune,
	readRetention,
	retentionProperties,
	type RetentionKind,
} from '../../../shared/retention';
import {
	BACKUPS_PATH,
	itemPath,
	qradarGetAll,
	qradarRequest,
	RESTORE_FINAL,
	RESTORES_PATH,
} from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['prune'] } },
	retentionProperties('backups'),
);

const RUNNING = ['INITIALIZING', 'IN_PROGRESS'];
const LEAVING = ['DELETING', 'CANCELLING'];

/**
 * QRadar backups, per type (CONFIG, DATA): the newest SUCCESS of each type is never deleted,
 * nor a backup still running, already on its way out, or that a restore not yet finished
 * uses (nodes/shared/retention.ts does the rest).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const settings = readRetention(this, itemIndex);
	const backups = await qradarGetAll(this, {
		path: BACKUPS_PATH,
		returnAll: true,
		limit: 0,
		itemIndex,
	});
	const restores = await qradarGetAll(this, {
		path: RESTORES_PATH,
		returnAll: true,
		limit: 0,
		itemIndex,
	});
	const inUse = new Set(
		restores
			.filter((restore) => !RESTORE_FINAL.includes(String(restore.status)))
			.map((restore) => String(restore.backup_id)),
	);
	const kind: RetentionKind = {
		groupLabel: 'of its type',
		groupOf: (backup) => String(backup.type ?? ''),
		timeOf: (backup) => Number(backup.time_completed || backup.time_initiated || 0),
		isGood: (backup) => backup.status === 'SUCCESS',
		protect(backup) {
			const status = String(backup.status);
			if (RUNNING.includes(status)) return `still running (${status})`;
			if (LEAVING.includes(status)) return `already on its way out (${status})`;
			if (inUse.has(String(backup.id))) return 'a restore of it has not finished';
			return undefined;
		},
		nameOf: (backup) => `${String(backup.name)} (ID ${String(backup.id)})`,
		fieldsOf: (backup) => ({
			id: backup.id,
			name: backup.name,
			type: backup.type,
			status: backup.status,
			time_completed: backup.time_completed,
		}),
	};
	return await prune(this, itemIndex, kind, backups, settings, async (backup) => {
		await qradarRequest<IDataObject>(
			this,
			{
				method: 'DELETE',
				path: itemPath(BACKUPS_PATH, String(backup.id)),
				// repeated only when the console cannot have acted on it
				retry: 'notProcessed',
				itemIndex,
			},
			'backupDelete',
		);
	});
}
