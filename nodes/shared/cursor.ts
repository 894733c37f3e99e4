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
 * One poll over the streams. The first poll of an activation (no cursor yet) records where
 * the appliance stands and emits nothing, so activating never floods a workflow with
 * history; each later poll emits every record that finished since, oldest first, once. A
 * manual run changes no cursor and returns the most recent record to build the workflow on.
 */
export async function pollStreams(
	ctx: IPollFunctions,
	streams: Stream[],
): Promise<INodeExecutionData[][] | null> {
	if (ctx.getMode() === 'manual') {
		let best: { stream: Stream; record: IDataObject } | undefined;
		for (const stream of streams) {
			const record = newestOf(stream, await stream.read(undefined));
			if (record && (!best || stream.timeOf(record) > best.stream.timeOf(best.record)))
				best = { stream, record };
		}
		return best ? [[best.stream.itemOf(best.record)]] : null;
	}

	const state = ctx.getWorkflowStaticData('node') as Record<string, Cursor | undefined>;
	const emitted: INodeExecutionData[] = [];
	for (const stream of streams) {
		const cursor = state[stream.key];
		if (!cursor) {
			const latest = newestOf(stream, await stream.read(undefined));
			state[stream.key] = latest
				? { time: stream.timeOf(latest), ids: [stream.idOf(latest)] }
				: { time: 0, ids: [] };
			continue;
		}
		// `since` the cursor's own millisecond: records finished then may have come in since
		const next = advance(stream, cursor, await stream.read(cursor.time));
		state[stream.key] = next.cursor;
		for (const record of next.fresh) emitted.push(stream.itemOf(record));
	}
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
