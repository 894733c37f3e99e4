/**
 * The IBM QRadar Trigger through n8n-core's PollContext, poll after poll, with the
 * workflow's static data carried from one poll to the next as n8n saves it.
 */
import type { IDataObject } from 'n8n-workflow';

import type { QradarEmulator } from '../emulators/ibmQradar';
import {
	BACKUPS,
	RESTORES,
	TOKEN,
	createBackupParameters,
	header,
	json,
	pollTrigger,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
	visibleText,
} from './helpers';

const emulator = useQradarEmulator({ restoreOutageMs: 0 });

/** A backup created by the node and moved to its end by the emulator. */
async function finishedBackup(emu: QradarEmulator, name: string): Promise<number> {
	const result = await runQradar(emu, createBackupParameters({ name }));
	const id = Number(result.items[0]?.json.id);
	emu.advanceBackup(id);
	return id;
}

/** A restore of backup 1, started and moved to its end by the emulator. */
function finishedRestore(emu: QradarEmulator): number {
	const id = seedPendingRestore(emu);
	const restore = emu.state.restores.find((r) => r.id === id);
	if (!restore) throw new Error('no restore');
	restore.status = emu.switches.restoreFails ? 'FAILED' : 'SUCCESS';
	restore.time_completed = Date.now();
	return id;
}

describe('IBM QRadar Trigger (active workflow)', () => {
	const BACKUP_EVENTS = ['backupSucceeded', 'backupFailed'];

	it('first poll records the cursor and emits nothing; each finished backup is emitted once', async () => {
		emulator().switches.failingNames = ['broken_one'];
		// activation: history (backups 1-3) is not emitted
		const first = await pollTrigger(emulator(), BACKUP_EVENTS);
		expect(first.error).toBeUndefined();
		expect(first.data).toBeNull();
		expect(first.nodeStaticData).toEqual({
			backups: { time: emulator().state.backups[2].time_completed, ids: ['3'] },
		});
		expect(emulator().requests).toHaveLength(1);
		const [baseline] = emulator().requests;
		// every finished one, read without relying on the console to sort; the newest picked here
		expect(header(baseline, 'range')).toBe('items=0-499');
		expect(baseline.query).toEqual({ filter: 'status IN ("SUCCESS", "FAILED")' });

		// a new backup succeeds
		const ok = await finishedBackup(emulator(), 'after_activation');
		const second = await pollTrigger(emulator(), BACKUP_EVENTS, { staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(json(second.items)).toEqual([
			expect.objectContaining({ id: ok, status: 'SUCCESS', event: 'backupSucceeded' }),
		]);

		// nothing new
		const third = await pollTrigger(emulator(), BACKUP_EVENTS, { staticData: second.staticData });
		expect(third.data).toBeNull();
		expect(third.items).toEqual([]);

		// a new backup fails
		const bad = await finishedBackup(emulator(), 'broken_one');
		const fourth = await pollTrigger(emulator(), BACKUP_EVENTS, { staticData: third.staticData });
		expect(json(fourth.items)).toEqual([
			expect.objectContaining({ id: bad, status: 'FAILED', event: 'backupFailed' }),
		]);

		// "restart": the saved static data into a fresh poll emits nothing again
		const afterRestart = await pollTrigger(emulator(), BACKUP_EVENTS, {
			staticData: JSON.parse(JSON.stringify(fourth.staticData)) as IDataObject,
		});
		expect(afterRestart.data).toBeNull();
		// the later polls ask with the cursor
		const last = emulator().requests[emulator().requests.length - 1];
		expect(last.path).toBe(BACKUPS);
		expect(last.query.filter).toBe(
			`status IN ("SUCCESS", "FAILED") and time_completed >= ${String(
				emulator().state.backups.find((b) => b.id === bad)?.time_completed,
			)}`,
		);
	});

	it('only the chosen events: a failed backup does not start a backupSucceeded trigger', async () => {
		emulator().switches.failingNames = ['broken_two'];
		const first = await pollTrigger(emulator(), ['backupSucceeded']);
		await finishedBackup(emulator(), 'broken_two');
		const second = await pollTrigger(emulator(), ['backupSucceeded'], {
			staticData: first.staticData,
		});
		expect(second.data).toBeNull();
		const ok = await finishedBackup(emulator(), 'good_two');
		const third = await pollTrigger(emulator(), ['backupSucceeded'], {
			staticData: second.staticData,
		});
		expect(json(third.items).map((item) => [item.id, item.event])).toEqual([
			[ok, 'backupSucceeded'],
		]);
	});

	it('backups finishing in the same millisecond are each emitted once, oldest first', async () => {
		const first = await pollTrigger(emulator(), BACKUP_EVENTS);
		const a = await finishedBackup(emulator(), 'same_ms_a');
		const b = await finishedBackup(emulator(), 'same_ms_b');
		const backupA = emulator().state.backups.find((x) => x.id === a);
		const backupB = emulator().state.backups.find((x) => x.id === b);
		if (!backupA || !backupB) throw new Error('missing backups');
		backupB.time_completed = backupA.time_completed;
		const second = await pollTrigger(emulator(), BACKUP_EVENTS, { staticData: first.staticData });
		expect(json(second.items).map((item) => item.id)).toEqual([a, b]);
		// a third one finishing in that same millisecond, seen only now
		const c = await finishedBackup(emulator(), 'same_ms_c');
		const backupC = emulator().state.backups.find((x) => x.id === c);
		if (!backupC) throw new Error('missing backup');
		backupC.time_completed = backupA.time_completed;
		const third = await pollTrigger(emulator(), BACKUP_EVENTS, { staticData: second.staticData });
		expect(json(third.items).map((item) => item.id)).toEqual([c]);
		const fourth = await pollTrigger(emulator(), BACKUP_EVENTS, { staticData: third.staticData });
		expect(fourth.data).toBeNull();
	});

	it('restoreSucceeded and restoreFailed, each once', async () => {
		const events = ['restoreSucceeded', 'restoreFailed'];
		const first = await pollTrigger(emulator(), events);
		expect(first.data).toBeNull();
		expect(first.nodeStaticData).toEqual({
			restores: { time: emulator().state.restores[0].time_completed, ids: ['1'] },
		});
		expect(emulator().requests.every((r) => r.path === RESTORES)).toBe(true);

		const ok = finishedRestore(emulator());
		const second = await pollTrigger(emulator(), events, { staticData: first.staticData });
		expect(json(second.items)).toEqual([
			expect.objectContaining({ id: ok, status: 'SUCCESS', event: 'restoreSucceeded' }),
		]);

		emulator().switches.restoreFails = true;
		const bad = finishedRestore(emulator());
		const third = await pollTrigger(emulator(), events, { staticData: second.staticData });
		expect(json(third.items)).toEqual([
			expect.objectContaining({ id: bad, status: 'FAILED', event: 'restoreFailed' }),
		]);
		const fourth = await pollTrigger(emulator(), events, { staticData: third.staticData });
		expect(fourth.data).toBeNull();
	});

	it('a restore started through the node and waited for is emitted once', async () => {
		const first = await pollTrigger(emulator(), ['restoreSucceeded']);
		const id = seedPendingRestore(emulator());
		const started = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: { __rl: true, mode: 'id', value: String(id) },
			options: { waitForCompletion: true, pollInterval: 0.1, timeout: 20 },
		});
		expect(started.error).toBeUndefined();
		const second = await pollTrigger(emulator(), ['restoreSucceeded'], {
			staticData: first.staticData,
		});
		expect(json(second.items).map((item) => [item.id, item.event])).toEqual([
			[id, 'restoreSucceeded'],
		]);
	});

	it('backups and restores together', async () => {
		const all = ['backupSucceeded', 'backupFailed', 'restoreSucceeded', 'restoreFailed'];
		const first = await pollTrigger(emulator(), all);
		expect(Object.keys(first.nodeStaticData).sort()).toEqual(['backups', 'restores']);
		const b = await finishedBackup(emulator(), 'both_kinds');
		const r = finishedRestore(emulator());
		const second = await pollTrigger(emulator(), all, { staticData: first.staticData });
		expect(
			json(second.items)
				.map((item) => `${String(item.event)} ${String(item.id)}`)
				.sort(),
		).toEqual([`backupSucceeded ${b}`, `restoreSucceeded ${r}`]);
	});

	it('no events chosen: refused, nothing sent', async () => {
		const result = await pollTrigger(emulator(), []);
		expect(result.error?.message).toBe('Invalid parameter "Events": choose at least one event');
		expect(emulator().requests).toHaveLength(0);
	});

	it('a wrong token: the error names the credential, without the token', async () => {
		const result = await pollTrigger(emulator(), ['backupSucceeded'], {
			credentials: [
				{
					type: 'ibmQradarApi',
					id: 'q',
					name: 'QRadar',
					data: {
						baseUrl: emulator().url,
						token: 'wrong-token-123',
						ignoreSslIssues: true,
					},
				},
			],
		});
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toMatch(/authorized service token/);
		const text = visibleText(result);
		expect(text).not.toContain('wrong-token-123');
		expect(text).not.toContain(TOKEN);
	});
});

describe('IBM QRadar Trigger (manual test run)', () => {
	it('returns the most recent match and keeps no cursor', async () => {
		const result = await pollTrigger(emulator(), ['backupSucceeded'], { mode: 'manual' });
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 2, status: 'SUCCESS', event: 'backupSucceeded' }),
		]);
		expect(result.nodeStaticData).toEqual({});
	});

	it('across kinds, the latest finished one', async () => {
		const result = await pollTrigger(emulator(), ['backupFailed', 'restoreSucceeded'], {
			mode: 'manual',
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 1, backup_id: 1, event: 'restoreSucceeded' }),
		]);
	});

	it('nothing matching: null', async () => {
		const result = await pollTrigger(emulator(), ['restoreFailed'], { mode: 'manual' });
		expect(result.error).toBeUndefined();
		expect(result.data).toBeNull();
	});
});

describe('IBM QRadar Trigger: CONFIG backup overdue', () => {
	const HOUR = 60 * 60 * 1000;
	const overdue = { events: ['backupOverdue'], overdueAfterHours: 24 };

	it('reported at activation when the newest CONFIG success is too old, once; re-armed by the next success', async () => {
		const emu = emulator();
		const first = await pollTrigger(emu, [], { parameters: overdue });
		expect(first.error).toBeUndefined();
		expect(json(first.items)).toEqual([
			expect.objectContaining({
				event: 'backupOverdue',
				type: 'CONFIG',
				overdueAfterHours: 24,
				newestBackup: expect.objectContaining({ id: 1, type: 'CONFIG', status: 'SUCCESS' }),
			}),
		]);
		// the console is asked for successful CONFIG backups only
		expect(emu.requests.map((request) => request.query)).toEqual([
			{ filter: 'status = "SUCCESS" and type = "CONFIG"' },
		]);
		const second = await pollTrigger(emu, [], {
			parameters: overdue,
			staticData: first.staticData,
		});
		expect(second.data).toBeNull();

		// a new CONFIG backup succeeds: no longer overdue
		const id = await finishedBackup(emu, 'overdue_check');
		const third = await pollTrigger(emu, [], {
			parameters: overdue,
			staticData: second.staticData,
		});
		expect(third.data).toBeNull();

		// a day and a half later, still no newer one: alerted again, once
		emu.state.backups.find((backup) => backup.id === id)!.time_completed = Date.now() - 36 * HOUR;
		const fourth = await pollTrigger(emu, [], {
			parameters: overdue,
			staticData: third.staticData,
		});
		expect(json(fourth.items)).toEqual([
			expect.objectContaining({
				event: 'backupOverdue',
				hoursSinceNewestSuccess: 36,
				newestBackup: expect.objectContaining({ id, name: 'overdue_check' }),
			}),
		]);
		const fifth = await pollTrigger(emu, [], {
			parameters: overdue,
			staticData: fourth.staticData,
		});
		expect(fifth.data).toBeNull();
	});

	it('next to the finished-backup events, each source keeps its own state', async () => {
		const emu = emulator();
		const both = { events: ['backupSucceeded', 'backupOverdue'], overdueAfterHours: 24 };
		const first = await pollTrigger(emu, [], { parameters: both });
		expect(json(first.items).map((item) => item.event)).toEqual(['backupOverdue']);
		const id = await finishedBackup(emu, 'after_activation');
		const second = await pollTrigger(emu, [], { parameters: both, staticData: first.staticData });
		expect(json(second.items)).toEqual([expect.objectContaining({ id, event: 'backupSucceeded' })]);
	});
});
