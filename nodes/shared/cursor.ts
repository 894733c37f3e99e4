import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { parameter, z } from './validation';

/**
 * Exactly-once polling for triggers. A trigger watches one or more *streams* of records that
 * finish at a point in time on the appliance's clock (a backup that completed, a job that
 * ended). Where it stands lives in the workflow's static data (so it survives restarts and
 * works whichever main process polls): per stream, the latest time emitted and the IDs
 * emitted at exactly that time (a record finishing in the same millisecond, seen later, is
 * still emitted once; those seen already are not emitted again).
 */
export interface Cursor {
	time: number;
	ids: string[];
}

/** One stream a trigger watches. */
export interface Stream {
	/** its key in the static data, e.g. `backups` */
	key: string;
	/** every record that finished at `since` or later (all finished ones when `since` is undefined) */
	read(since: number | undefined): Promise<IDataObject[]>;
	/** when the record finished, on the appliance's clock (ms) */
	timeOf(record: IDataObject): number;
	idOf(record: IDataObject): string;
	/** the output item for a record */
	itemOf(record: IDataObject): INodeExecutionData;
}

/** Oldest first; records finished at the same time by ID, so the order is stable. */
function byTime(stream: Stream) {
	return (a: IDataObject, b: IDataObject) =>
		stream.timeOf(a) - stream.timeOf(b) ||
		stream.idOf(a).localeCompare(stream.idOf(b), 'en', { numeric: true });
}

/** The most recently finished record, picked here (never trusting the appliance's sort). */
export function newestOf(stream: Stream, records: IDataObject[]): IDataObject | undefined {
	const order = byTime(stream);
	let latest: IDataObject | undefined;
	for (const record of records) if (!latest || order(record, latest) > 0) latest = record;
	return latest;
}

/** The records not emitted yet, oldest first, and where the cursor stands after them. */
export function advance(
	stream: Stream,
	cursor: Cursor,
	records: IDataObject[],
): { fresh: IDataObject[]; cursor: Cursor } {
	const seen = new Set(cursor.ids);
	const fresh = records
		.filter((record) => {
			const time = stream.timeOf(record);
			return time > cursor.time || (time === cursor.time && !seen.has(stream.idOf(record)));
		})
		.sort(byTime(stream));
	if (!fresh.length) return { fresh, cursor };
	const last = stream.timeOf(fresh[fresh.length - 1]);
	const atLast = fresh.filter((record) => stream.timeOf(record) === last).map(stream.idOf);
	return {
		fresh,
		cursor: { time: last, ids: last === cursor.time ? [...cursor.ids, ...atLast] : atLast },
	};
}

/**
 * A collection watched by what it lists *now*, for records that carry no finishing time to
 * order by (NDMP sessions, BlueXP jobs, the connector's configuration, how old each newest
 * backup is). Each poll reads the collection and compares every record with what the poll
 * before noted of it (kept in static data, like a cursor): a record new since then, changed,
 * or gone is an event if the watch says so. Only records still listed are remembered.
 */
export interface Watch {
	/** its key in the static data, e.g. `ndmpSessions` */
	key: string;
	/** the records listed now, oldest first where the appliance has an order */
	read(): Promise<IDataObject[]>;
	idOf(record: IDataObject): string;
	/** what to remember of a record until the next poll: small, plain JSON */
	noteOf(record: IDataObject): IDataObject;
	/**
	 * The items one record stands for at this poll. `now` is undefined for a record that is
	 * no longer listed; `before` is undefined for a record the last poll did not list.
	 */
	changes(now: IDataObject | undefined, before: IDataObject | undefined): INodeExecutionData[];
	/** when a record happened (ms), to pick the latest for a manual run; 0 when unknown */
	timeOf?(record: IDataObject): number;
	/**
	 * true for a condition that holds now rather than a change (a backup overdue): the first
	 * poll of an activation reports it too, instead of only noting where things stand.
	 */
	reportsOnFirstPoll?: boolean;
}

/** What a trigger watches: records that finished at a time, or a collection as it is now. */
export type EventSource = Stream | Watch;

const isWatch = (source: EventSource): source is Watch => 'changes' in source;

interface WatchNotes {
	notes: Record<string, IDataObject>;
}

/** The latest match of a source for a manual run, with its time to compare sources by. */
async function latestOf(
	source: EventSource,
): Promise<{ time: number; item: INodeExecutionData } | undefined> {
	if (!isWatch(source)) {
		const record = newestOf(source, await source.read(undefined));
		return record && { time: source.timeOf(record), item: source.itemOf(record) };
	}
	let latest: { time: number; item: INodeExecutionData } | undefined;
	for (const record of await source.read()) {
		const time = source.timeOf?.(record) ?? 0;
		for (const item of source.changes(record, undefined))
			if (!latest || time >= latest.time) latest = { time, item };
	}
	return latest;
}

/** One poll of a watch: the items of what changed since the notes, and the new notes. */
async function pollWatch(
	watch: Watch,
	notes: WatchNotes | undefined,
): Promise<{ items: INodeExecutionData[]; notes: WatchNotes }> {
	const records = await watch.read();
	const next: WatchNotes = { notes: {} };
	for (const record of records) next.notes[watch.idOf(record)] = watch.noteOf(record);
	if (!notes && !watch.reportsOnFirstPoll) return { items: [], notes: next };
	const before = notes?.notes ?? {};
	const items: INodeExecutionData[] = [];
	for (const record of records) items.push(...watch.changes(record, before[watch.idOf(record)]));
	for (const [id, note] of Object.entries(before))
		if (!(id in next.notes)) items.push(...watch.changes(undefined, note));
	return { items, notes: next };
}

/**
 * One poll over the sources. The first poll of an activation (no cursor yet) records where
 * the appliance stands and emits nothing, so activating never floods a workflow with
 * history; each later poll emits every record that finished since, oldest first, once, and
 * every change a watch sees. A manual run changes nothing saved and returns the most recent
 * match to build the workflow on.
 */
export async function pollStreams(
	ctx: IPollFunctions,
	sources: EventSource[],
): Promise<INodeExecutionData[][] | null> {
	if (ctx.getMode() === 'manual') {
		let best: { time: number; item: INodeExecutionData } | undefined;
		for (const source of sources) {
			const latest = await latestOf(source);
			if (latest && (!best || latest.time > best.time)) best = latest;
		}
		return best ? [[best.item]] : null;
	}

	const state = ctx.getWorkflowStaticData('node') as Record<
		string,
		Cursor | WatchNotes | undefined
	>;
	// saved only once every source was read: a poll that fails half-way changes nothing, so
	// the next one catches up on everything (n8n keeps the static data of an active workflow
	// in memory between polls, failed or not)
	const updates: Record<string, Cursor | WatchNotes> = {};
	const emitted: INodeExecutionData[] = [];
	for (const source of sources) {
		if (isWatch(source)) {
			const { items, notes } = await pollWatch(source, state[source.key] as WatchNotes);
			updates[source.key] = notes;
			emitted.push(...items);
			continue;
		}
		const stream = source;
		const cursor = state[stream.key] as Cursor | undefined;
		if (!cursor) {
			const latest = newestOf(stream, await stream.read(undefined));
			updates[stream.key] = latest
				? { time: stream.timeOf(latest), ids: [stream.idOf(latest)] }
				: { time: 0, ids: [] };
			continue;
		}
		// `since` the cursor's own millisecond: records finished then may have come in since
		const next = advance(stream, cursor, await stream.read(cursor.time));
		updates[stream.key] = next.cursor;
		for (const record of next.fresh) emitted.push(stream.itemOf(record));
	}
	Object.assign(state, updates);
	return emitted.length ? [emitted] : null;
}

/** A trigger's `events` parameter: at least one of `events`, each once; anything else refused. */
export function readEvents<T extends string>(
	ctx: IPollFunctions,
	events: readonly [T, ...T[]],
): T[] {
	const schema = z
		.array(z.enum(events, { message: `must be among ${events.join(', ')}` }), {
			invalid_type_error: 'must be a list of events',
		})
		.min(1, 'choose at least one event')
		.transform((chosen) => [...new Set(chosen)]);
	return parameter(ctx, 0, 'events', 'Events', schema, []);
}
