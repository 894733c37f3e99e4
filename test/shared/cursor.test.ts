/**
 * The shared trigger core (nodes/shared/cursor.ts) on its own, with a minimal poll context:
 * what a Watch emits poll after poll, and that a poll failing half-way saves nothing for any
 * source, so the next poll catches up on everything.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { pollStreams, type Stream, type Watch } from '../../nodes/shared/cursor';
import { overdueWatch } from '../../nodes/shared/overdue';

const HOUR = 60 * 60 * 1000;

/** A poll context holding the node's static data, as n8n keeps it for an active workflow. */
function pollContext(mode: 'trigger' | 'manual' = 'trigger') {
	const staticData: IDataObject = {};
	const ctx = {
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
	} as unknown as IPollFunctions;
	return { ctx, staticData };
}

const emitted = (result: Awaited<ReturnType<typeof pollStreams>>) =>
	(result?.[0] ?? []).map((item) => item.json);

/** A watch over a list the test changes, emitting `gone` and `done` the way a trigger would. */
function listWatch(list: IDataObject[]): Watch {
	return {
		key: 'things',
		read: async () => list.map((record) => ({ ...record })),
		idOf: (record) => String(record.id),
		noteOf: (record) => ({ state: record.state }),
		changes(now, before) {
			if (!now) return before ? [{ json: { event: 'gone', ...before } }] : [];
			if (now.state === 'done' && before?.state !== 'done')
				return [{ json: { event: 'done', id: now.id } }];
			return [];
		},
	};
}

describe('Watch: a collection compared poll to poll', () => {
	it('the first poll notes only; then each change once, a record gone with its last note', async () => {
		const list: IDataObject[] = [
			{ id: 'a', state: 'running' },
			{ id: 'b', state: 'done' },
		];
		const { ctx, staticData } = pollContext();
		const watch = listWatch(list);
		expect(await pollStreams(ctx, [watch])).toBeNull();
		expect(staticData).toEqual({
			things: { notes: { a: { state: 'running' }, b: { state: 'done' } } },
		});

		list[0]!.state = 'done';
		list.push({ id: 'c', state: 'done' });
		expect(emitted(await pollStreams(ctx, [watch]))).toEqual([
			{ event: 'done', id: 'a' },
			{ event: 'done', id: 'c' },
		]);
		expect(await pollStreams(ctx, [watch])).toBeNull();

		list.splice(1, 1);
		expect(emitted(await pollStreams(ctx, [watch]))).toEqual([{ event: 'gone', state: 'done' }]);
		// only what is still listed is remembered
		expect(Object.keys((staticData.things as { notes: IDataObject }).notes)).toEqual(['a', 'c']);
	});

	it('a poll that fails half-way saves nothing: the next one emits what both sources saw', async () => {
		const list: IDataObject[] = [{ id: 'a', state: 'running' }];
		const finished: IDataObject[] = [{ id: '1', at: 1000 }];
		let failing = false;
		const stream: Stream = {
			key: 'finished',
			read: async (since) => {
				if (failing) throw new Error('appliance unreachable');
				return finished.filter((record) => since === undefined || Number(record.at) >= since);
			},
			timeOf: (record) => Number(record.at),
			idOf: (record) => String(record.id),
			itemOf: (record) => ({ json: { event: 'finished', id: record.id } }),
		};
		const { ctx, staticData } = pollContext();
		const sources = [listWatch(list), stream];
		await pollStreams(ctx, sources);
		const before = JSON.parse(JSON.stringify(staticData)) as IDataObject;

		// the watch is read first and sees a change; the stream then fails
		list[0]!.state = 'done';
		finished.push({ id: '2', at: 2000 });
		failing = true;
		await expect(pollStreams(ctx, sources)).rejects.toThrow('appliance unreachable');
		expect(staticData).toEqual(before);

		failing = false;
		expect(emitted(await pollStreams(ctx, sources))).toEqual([
			{ event: 'done', id: 'a' },
			{ event: 'finished', id: '2' },
		]);
	});

	it('a manual run returns the latest match and saves nothing', async () => {
		const { ctx, staticData } = pollContext('manual');
		const watch = { ...listWatch([{ id: 'a', state: 'done' }]), timeOf: () => 5 };
		expect(emitted(await pollStreams(ctx, [watch]))).toEqual([{ event: 'done', id: 'a' }]);
		expect(staticData).toEqual({});
	});
});

describe('overdueWatch: once when overdue, again only after a newer success', () => {
	it('reports at the first poll, then waits for the next success to re-arm', async () => {
		let now = Date.parse('2026-12-07T12:00:00Z');
		let newestAt: number | undefined = now - 30 * HOUR;
		const watch = overdueWatch(
			24,
			async () => [{ id: 'n1', subject: 'backups of n1', newestAt, newest: { at: newestAt } }],
			() => now,
		);
		const { ctx } = pollContext();
		expect(emitted(await pollStreams(ctx, [watch]))).toEqual([
			expect.objectContaining({
				event: 'backupOverdue',
				subject: 'backups of n1',
				hoursSinceNewestSuccess: 30,
				overdueAfterHours: 24,
				newestSuccessAt: new Date(newestAt).toISOString(),
			}),
		]);
		now += HOUR;
		expect(await pollStreams(ctx, [watch])).toBeNull();

		// a success: not overdue, nothing to say; 25 hours later overdue again, once
		newestAt = now;
		expect(await pollStreams(ctx, [watch])).toBeNull();
		now += 25 * HOUR;
		expect(emitted(await pollStreams(ctx, [watch]))).toEqual([
			expect.objectContaining({ hoursSinceNewestSuccess: 25 }),
		]);
		expect(await pollStreams(ctx, [watch])).toBeNull();

		// no success at all is overdue too
		newestAt = undefined;
		expect(emitted(await pollStreams(ctx, [watch]))).toEqual([
			expect.objectContaining({ newestSuccessAt: null, hoursSinceNewestSuccess: null }),
		]);
	});
});
