import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { BACKUPS_PATH, qradarGetAll, RESTORES_PATH } from '../IbmQradar/transport';

export const EVENTS = [
	'backupSucceeded',
	'backupFailed',
	'restoreSucceeded',
	'restoreFailed',
] as const;
export type TriggerEvent = (typeof EVENTS)[number];

type Kind = 'backups' | 'restores';

/** Which records, in which final status, each event stands for. */
const EVENT_OF: Record<TriggerEvent, { kind: Kind; status: 'SUCCESS' | 'FAILED' }> = {
	backupSucceeded: { kind: 'backups', status: 'SUCCESS' },
	backupFailed: { kind: 'backups', status: 'FAILED' },
	restoreSucceeded: { kind: 'restores', status: 'SUCCESS' },
	restoreFailed: { kind: 'restores', status: 'FAILED' },
};

const PATH_OF: Record<Kind, string> = { backups: BACKUPS_PATH, restores: RESTORES_PATH };

/**
 * Where the trigger stands, per collection, in the workflow's static data (so it survives
 * restarts and works on any worker): the latest `time_completed` emitted, and the IDs
 * finished at exactly that millisecond (a record finishing in the same millisecond, seen
 * later, is still emitted once; those seen already are not emitted again).
 */
export interface Cursor {
	time: number;
	ids: string[];
}

type StaticData = Partial<Record<Kind, Cursor>>;

const completedAt = (record: IDataObject) => Number(record.time_completed ?? 0);
const idOf = (record: IDataObject) => String(record.id ?? '');

function statusList(statuses: string[]): string {
	return `status IN (${statuses.map((status) => `"${status}"`).join(', ')})`;
}

function byCompletion(a: IDataObject, b: IDataObject): number {
	return completedAt(a) - completedAt(b) || Number(a.id ?? 0) - Number(b.id ?? 0);
}

function eventFor(kind: Kind, record: IDataObject): TriggerEvent | undefined {
	return (Object.keys(EVENT_OF) as TriggerEvent[]).find(
		(event) => EVENT_OF[event].kind === kind && EVENT_OF[event].status === record.status,
	);
}

/** The collections and statuses the chosen events need, e.g. backups in SUCCESS only. */
function wanted(events: TriggerEvent[]): Map<Kind, string[]> {
	const kinds = new Map<Kind, string[]>();
	for (const event of events) {
		const { kind, status } = EVENT_OF[event];
		kinds.set(kind, [...new Set([...(kinds.get(kind) ?? []), status])]);
	}
	return kinds;
}

/**
 * The most recently finished record in these statuses, picked here rather than by the
 * console: IBM lists `sort` for these endpoints without saying which fields sort, and a
 * console may ignore it or refuse it (422, code 1018 on some versions). QRadar keeps few
 * backups and restores (its retention is days), so every finished one is read, page by
 * page, and the newest taken.
 */
async function newest(
	ctx: IPollFunctions,
	kind: Kind,
	statuses: string[],
): Promise<IDataObject | undefined> {
	const records = await qradarGetAll(ctx, {
		path: PATH_OF[kind],
		qs: { filter: statusList(statuses) },
		returnAll: true,
		limit: 0,
	});
	let latest: IDataObject | undefined;
	for (const record of records) {
		if (!statuses.includes(String(record.status))) continue;
		if (!latest || byCompletion(record, latest) > 0) latest = record;
	}
	return latest;
}

/** A cursor at the console's own latest completion (its clock, not n8n's). */
async function baseline(ctx: IPollFunctions, kind: Kind): Promise<Cursor> {
	const latest = await newest(ctx, kind, ['SUCCESS', 'FAILED']);
	if (!latest) return { time: 0, ids: [] };
	return { time: completedAt(latest), ids: [idOf(latest)] };
}

function itemOf(kind: Kind, record: IDataObject): INodeExecutionData {
	return { json: { ...record, event: eventFor(kind, record) ?? null } };
}

/**
 * One poll. The first one of an activation without a cursor records where the console
 * stands and emits nothing (so activating never floods a workflow with history); each
 * later one emits every backup or restore that finished since, oldest first, once.
 * A manual run changes no cursor and returns the most recent match to build on.
 */
export async function pollEvents(
	ctx: IPollFunctions,
	events: TriggerEvent[],
): Promise<INodeExecutionData[][] | null> {
	const kinds = wanted(events);

	if (ctx.getMode() === 'manual') {
		const latest: INodeExecutionData[] = [];
		for (const [kind, statuses] of kinds) {
			const record = await newest(ctx, kind, statuses);
			if (record) latest.push(itemOf(kind, record));
		}
		latest.sort((a, b) => completedAt(b.json) - completedAt(a.json));
		return latest.length ? [[latest[0]]] : null;
	}

	const state = ctx.getWorkflowStaticData('node') as StaticData;
	const emitted: INodeExecutionData[] = [];
	for (const [kind, statuses] of kinds) {
		const cursor = state[kind];
		if (!cursor) {
			state[kind] = await baseline(ctx, kind);
			continue;
		}
		// `>=`: records finished in the cursor's own millisecond may have come in since
		const records = await qradarGetAll(ctx, {
			path: PATH_OF[kind],
			// no sort: the records are put in order here (see `newest`)
			qs: { filter: `${statusList(statuses)} and time_completed >= ${cursor.time}` },
			returnAll: true,
			limit: 0,
		});
		const seen = new Set(cursor.ids);
		const fresh = records
			.filter((record) => statuses.includes(String(record.status)))
			.filter((record) => {
				const time = completedAt(record);
				return time > cursor.time || (time === cursor.time && !seen.has(idOf(record)));
			})
			.sort(byCompletion);
		if (!fresh.length) continue;
		const last = completedAt(fresh[fresh.length - 1]);
		const atLast = fresh.filter((record) => completedAt(record) === last).map(idOf);
		state[kind] = { time: last, ids: last === cursor.time ? [...cursor.ids, ...atLast] : atLast };
		for (const record of fresh) emitted.push(itemOf(kind, record));
	}
	return emitted.length ? [emitted] : null;
}
