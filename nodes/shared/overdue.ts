import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { Watch } from './cursor';
import { parameter, z } from './validation';

/**
 * The overdue-backup alert every trigger offers: for each subject (a cluster node's
 * configuration backups, QRadar's CONFIG backups, a BlueXP volume), "no successful backup
 * within N hours". It is emitted once when the newest success becomes older than N hours (or
 * there is none), and re-armed by the next success. Unlike the other events it also fires on
 * the first poll of an activation: a system that is overdue when the workflow is switched on
 * is exactly what the operator wants to hear about.
 */

export const OVERDUE_EVENT = 'backupOverdue';

const HOUR_MS = 60 * 60 * 1000;

/** One subject and its newest successful backup, as a system's trigger reads them. */
export interface OverdueSubject {
	/** stable key, e.g. the node UUID or `CONFIG` */
	id: string;
	/** what the alert names, e.g. `configuration backups of node cluster1-01` */
	subject: string;
	/** the newest successful backup, if there is one */
	newest?: IDataObject;
	/** when it was made (ms), if there is one */
	newestAt?: number;
	/** more fields for the item, e.g. the volume's name and working environment */
	details?: IDataObject;
}

/** The event's option for a trigger's Events list. */
export function overdueEventOption(what: string) {
	return {
		name: 'Backup Overdue',
		value: OVERDUE_EVENT,
		description: `No successful ${what} within the hours set in Overdue After (emitted once, again after the next success)`,
	};
}

/** Overdue After (Hours), shown when the event is chosen. */
export const overdueAfterProperty: INodeProperties = {
	displayName: 'Overdue After (Hours)',
	name: 'overdueAfterHours',
	type: 'number',
	default: 26,
	required: true,
	typeOptions: { minValue: 1, maxValue: 8760 },
	displayOptions: { show: { events: [OVERDUE_EVENT] } },
	description:
		'A backup is overdue when the newest successful one is older than this many hours (26 for a daily schedule leaves two hours of slack)',
};

export function readOverdueAfterHours(ctx: IPollFunctions): number {
	return parameter(
		ctx,
		0,
		'overdueAfterHours',
		'Overdue After (Hours)',
		z
			.number({ invalid_type_error: 'must be a number', required_error: 'must be a number' })
			.int('must be a whole number of hours')
			.min(1, 'must be at least 1')
			.max(8760, 'must be at most 8760 (a year)'),
	);
}

/** The watch for the alert: `subjects()` reads each subject's newest success. */
export function overdueWatch(
	hours: number,
	subjects: () => Promise<OverdueSubject[]>,
	now: () => number = Date.now,
): Watch {
	const limit = hours * HOUR_MS;
	return {
		key: 'overdue',
		reportsOnFirstPoll: true,
		async read() {
			const at = now();
			return (await subjects()).map((subject) => ({
				...subject,
				overdue: subject.newestAt === undefined || at - subject.newestAt > limit,
				hoursSince:
					subject.newestAt === undefined ? null : Math.floor((at - subject.newestAt) / HOUR_MS),
			}));
		},
		idOf: (record) => String(record.id),
		noteOf: (record) => ({ newestAt: record.newestAt ?? null, overdue: record.overdue }),
		timeOf: (record) => Number(record.newestAt ?? 0),
		changes(now, before) {
			if (!now?.overdue) return [];
			// alerted already for this same newest backup: wait for the next success
			if (before?.overdue && before.newestAt === (now.newestAt ?? null)) return [];
			return [
				{
					json: {
						event: OVERDUE_EVENT,
						subject: now.subject,
						...(now.details as IDataObject | undefined),
						overdueAfterHours: hours,
						newestSuccessAt:
							now.newestAt === undefined ? null : new Date(now.newestAt as number).toISOString(),
						hoursSinceNewestSuccess: now.hoursSince,
						newestBackup: now.newest ?? null,
					},
				},
			];
		},
	};
}
