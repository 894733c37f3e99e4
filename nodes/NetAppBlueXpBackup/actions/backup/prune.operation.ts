import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import {
	prune,
	readRetention,
	retentionProperties,
	type RetentionKind,
} from '../../../shared/retention';
import {
	bluexpClient,
	bluexpJobFor,
	bluexpRequest,
	fieldText,
	JOB_FINISHED,
	millisOf,
	recordsOf,
	segment,
	weVolumePath,
} from '../../transport';
import {
	LONG_WAIT,
	readVolumeId,
	readWorkingEnvironment,
	volumeIdProperty,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['prune'] } },
	[workingEnvironmentLocator(), volumeIdProperty, ...retentionProperties('backups')],
);

/** The only states that end a BlueXP job (a restore's status is its job's). */

/** The name BlueXP deletes it by (as Delete Snapshot sends it), its ID when it has none. */
const nameOf = (backup: IDataObject) =>
	fieldText(backup.name) || fieldText(backup['snapshot-name']) || fieldText(backup.id);

/** When the backup was made: its `creation-time`. */
const timeOf = (backup: IDataObject) => millisOf(backup['creation-time']) ?? 0;

/**
 * The backups (cloud snapshots) of one volume, per label (the policy rule: daily, weekly,
 * adhoc, ...), the way BlueXP's own policy counts them; the newest of each label is never
 * deleted, nor one that a restore not yet finished reads from (`GET v1/restore/status`).
 * Each delete is a BlueXP job, waited for before the next one is sent
 * (nodes/shared/retention.ts does the rest).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	const settings = readRetention(this, itemIndex);
	const snapshotsPath = `${weVolumePath(we, volume)}/snapshot`;
	const backups = recordsOf(
		await bluexpRequest<unknown>(this, { method: 'GET', path: snapshotsPath, itemIndex }),
		['snapshot', 'snapshots', 'backup', 'backups'],
	);
	const restores = recordsOf(
		await bluexpRequest<unknown>(this, { method: 'GET', path: 'v1/restore/status', itemIndex }),
		['restore', 'restores'],
	);
	// the snapshots unfinished restores of this volume read from
	const inUse = new Set(
		restores
			.filter((restore) => !JOB_FINISHED.includes(fieldText(restore.status).toUpperCase()))
			.map((restore) => (restore.source ?? {}) as IDataObject)
			.filter((source) => {
				const sourceVolume = fieldText(source['volume-id']);
				return !sourceVolume || sourceVolume === volume;
			})
			.map((source) => fieldText(source.snapshot))
			.filter(Boolean),
	);
	const kind: RetentionKind = {
		groupLabel: 'of its label',
		groupOf: (backup) => fieldText(backup.label),
		timeOf,
		protect: (backup) =>
			[backup.id, backup.name, backup['snapshot-name']].some(
				(key) => fieldText(key) && inUse.has(fieldText(key)),
			)
				? 'a restore from it has not finished'
				: undefined,
		nameOf: (backup) => `${nameOf(backup)} (ID ${fieldText(backup.id)})`,
		fieldsOf: (backup) => ({
			id: backup.id,
			name: backup.name,
			label: backup.label,
			'creation-time': backup['creation-time'],
		}),
	};
	const client = bluexpClient(this);
	return await prune(this, itemIndex, kind, backups, settings, async (backup) => {
		const snapshot = nameOf(backup);
		// as Delete Snapshot: sent once (repeated only when BlueXP cannot have acted on it),
		// then its job waited for, so the next delete starts after this one ended
		await runJob(
			this,
			client,
			bluexpJobFor(`deletion of backup "${snapshot}" of volume ${volume}`),
			{ start: { method: 'DELETE', path: `${snapshotsPath}/${segment(snapshot)}` } },
			LONG_WAIT,
			itemIndex,
		);
	});
}
