import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { BACKUPS_PATH, qradarGetAll, RESTORES_PATH } from '../IbmQradar/transport';
import { pollStreams, type EventSource, type Stream, type Watch } from '../shared/cursor';
import { OVERDUE_EVENT, overdueWatch, readOverdueAfterHours } from '../shared/overdue';

export const EVENTS = [
	'backupSucceeded',
	'backupFailed',
	'restoreSucceeded',
	'restoreFailed',
	OVERDUE_EVENT,
] as const;
export type TriggerEvent = (typeof EVENTS)[number];
type FinishedEvent = Exclude<TriggerEvent, typeof OVERDUE_EVENT>;

type Kind = 'backups' | 'restores';

/** Which records, in which final status, each event stands for. */
const EVENT_OF: Record<FinishedEvent, { kind: Kind; status: 'SUCCESS' | 'FAILED' }> = {
	backupSucceeded: { kind: 'backups', status: 'SUCCESS' },
	backupFailed: { kind: 'backups', status: 'FAILED' },
	restoreSucceeded: { kind: 'restores', status: 'SUCCESS' },
	restoreFailed: { kind: 'restores', status: 'FAILED' },
};

const PATH_OF: Record<Kind, string> = { backups: BACKUPS_PATH, restores: RESTORES_PATH };

const completedAt = (record: IDataObject) => Number(record.time_completed ?? 0);
const idOf = (record: IDataObject) => String(record.id ?? '');

function statusList(statuses: string[]): string {
	return `status IN (${statuses.map((status) => `"${status}"`).join(', ')})`;
}

function eventFor(kind: Kind, record: IDataObject): FinishedEvent | undefined {
	return (Object.keys(EVENT_OF) as FinishedEvent[]).find(
		(event) => EVENT_OF[event].kind === kind && EVENT_OF[event].status === record.status,
	);
}

/** The collections and statuses the chosen events need, e.g. backups in SUCCESS only. */
function wanted(events: FinishedEvent[]): Map<Kind, string[]> {
	const kinds = new Map<Kind, string[]>();
	for (const event of events) {
		const { kind, status } = EVENT_OF[event];
		kinds.set(kind, [...new Set([...(kinds.get(kind) ?? []), status])]);
	}
	return kinds;
}

/**
 * Backups or restores that finished in these statuses, as a stream of the shared cursor
 * (nodes/shared/cursor.ts). The console is asked to filter, never to sort: IBM lists `sort`
 * for these endpoints without saying which fields sort, and a console may ignore it or
 * refuse it (422, code 1018 on some versions). QRadar keeps few backups and restores (its
 * retention is days), so the first poll reads every finished one and the cursor picks the
 * newest itself.
 */
function streamOf(ctx: IPollFunctions, kind: Kind, statuses: string[]): Stream {
	return {
		key: kind,
		async read(since) {
			const records = await qradarGetAll(ctx, {
				path: PATH_OF[kind],
				qs: {
					filter:
						since === undefined
							? statusList(statuses)
							: `${statusList(statuses)} and time_completed >= ${since}`,
				},
				returnAll: true,
				limit: 0,
			});
			return records.filter((record) => statuses.includes(String(record.status)));
		},
		timeOf: completedAt,
		idOf,
		itemOf: (record) => ({ json: { ...record, event: eventFor(kind, record) ?? null } }),
	};
}

/**
 * The console's newest successful CONFIG backup (the configuration a restore needs; DATA
 * backups are optional on most consoles), as the overdue alert's one subject.
 */
function overdueConfigBackups(ctx: IPollFunctions): Watch {
	return overdueWatch(readOverdueAfterHours(ctx), async () => {
		const backups = await qradarGetAll(ctx, {
			path: BACKUPS_PATH,
			qs: { filter: 'status = "SUCCESS" and type = "CONFIG"' },
			returnAll: true,
			limit: 0,
		});
		let newest: IDataObject | undefined;
		for (const backup of backups)
			if (
				backup.status === 'SUCCESS' &&
				backup.type === 'CONFIG' &&
				(!newest || completedAt(backup) > completedAt(newest))
			)
				newest = backup;
		return [
			{
				id: 'CONFIG',
				subject: 'CONFIG backups of the console',
				newest,
				newestAt: newest && completedAt(newest),
				details: { type: 'CONFIG' },
			},
		];
	});
}

/**
 * One poll: the first one of an activation only notes where the console stands; each later
 * one emits every backup or restore that finished since, oldest first, once. A manual run
 * returns the most recent match to build on.
 */
export async function pollEvents(
	ctx: IPollFunctions,
	events: TriggerEvent[],
): Promise<INodeExecutionData[][] | null> {
	const finished = events.filter((event): event is FinishedEvent => event !== OVERDUE_EVENT);
	const sources: EventSource[] = [...wanted(finished)].map(([kind, statuses]) =>
		streamOf(ctx, kind, statuses),
	);
	if (events.includes(OVERDUE_EVENT)) sources.push(overdueConfigBackups(ctx));
	return await pollStreams(ctx, sources);
}
