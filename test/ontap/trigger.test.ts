/**
 * The NetApp ONTAP Trigger through n8n-core's PollContext, poll after poll, with the
 * workflow's static data carried from one poll to the next as n8n saves it: each new
 * configuration backup file is emitted once, across polls, a restart and an outage.
 */
import { NetAppOntapApi } from '../../credentials/NetAppOntapApi.credentials';
import { NetAppOntapTrigger } from '../../nodes/NetAppOntapTrigger/NetAppOntapTrigger.node';
import { SEED, type OntapEmulator } from '../emulators/ontap';
import { runPoll, type RunPollOptions } from '../harness';
import { byId, json, ontapCredential, runOntap, useOntapEmulator } from './helpers';

const TRIGGER_TYPE = 'n8n-nodes-backup-restore.netAppOntapTrigger';
const emulator = useOntapEmulator();

async function poll(
	emu: OntapEmulator,
	options: Partial<Omit<RunPollOptions, 'node' | 'nodeType'>> = {},
) {
	return await runPoll({
		nodeType: TRIGGER_TYPE,
		node: new NetAppOntapTrigger(),
		credentialTypes: [new NetAppOntapApi()],
		credentials: [ontapCredential(emu)],
		parameters: { events: ['backupFileCreated'] },
		...options,
	});
}

/** A file the cluster made on its own schedule, at `time`. */
function scheduledFile(emu: OntapEmulator, name: string, time: string) {
	emu.state.backupFiles.push({
		...emu.state.backupFiles[0]!,
		name,
		time,
		auto: true,
	});
}

const names = (items: Array<{ json: Record<string, unknown> }>) =>
	json(items as never).map((file) => file.name);

describe('NetApp ONTAP Trigger: configuration backup file created', () => {
	it('activation notes the newest file and emits nothing; each new file is emitted once', async () => {
		const first = await poll(emulator());
		expect(first.error).toBeUndefined();
		expect(first.data).toBeNull();
		expect(first.nodeStaticData).toEqual({
			backupFiles: {
				time: Date.parse(SEED.backupFiles[1].time),
				ids: [`${SEED.nodes.node2}/${SEED.backupFiles[1].name}`],
			},
		});

		// a file made by hand with the ONTAP node
		const made = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node1),
			name: 'by-hand',
			options: { pollInterval: 0.1 },
		});
		expect(made.error).toBeUndefined();
		const second = await poll(emulator(), { staticData: first.staticData });
		expect(json(second.items)).toEqual([
			expect.objectContaining({ name: 'by-hand.7z', event: 'backupFileCreated' }),
		]);

		// nothing new
		const third = await poll(emulator(), { staticData: second.staticData });
		expect(third.data).toBeNull();

		// "restart": the saved static data in a fresh poll emits nothing again
		const fourth = await poll(emulator(), { staticData: third.staticData });
		expect(fourth.data).toBeNull();
	});

	it('files made between two polls come out oldest first, those of one second each once', async () => {
		const first = await poll(emulator());
		scheduledFile(emulator(), 'cluster1.node1.weekly.7z', '2026-01-04T00:10:00+00:00');
		scheduledFile(emulator(), 'cluster1.node1.daily.7z', '2026-01-03T00:10:00+00:00');
		scheduledFile(emulator(), 'cluster1.node2.daily.7z', '2026-01-03T00:10:00+00:00');
		const second = await poll(emulator(), { staticData: first.staticData });
		expect(names(second.items)).toEqual([
			'cluster1.node1.daily.7z',
			'cluster1.node2.daily.7z',
			'cluster1.node1.weekly.7z',
		]);
		// another file of that same second, seen only now, is still emitted once
		scheduledFile(emulator(), 'cluster1.node1.8hour.7z', '2026-01-04T00:10:00+00:00');
		const third = await poll(emulator(), { staticData: second.staticData });
		expect(names(third.items)).toEqual(['cluster1.node1.8hour.7z']);
		const fourth = await poll(emulator(), { staticData: third.staticData });
		expect(fourth.data).toBeNull();
	});

	it('an outage between polls: that poll fails, the next one catches up, nothing lost or doubled', async () => {
		const first = await poll(emulator());
		scheduledFile(emulator(), 'during-outage.7z', '2026-02-01T08:00:00+00:00');
		emulator().faults.failNext(10, { status: 503 });
		const failed = await poll(emulator(), { staticData: first.staticData });
		expect(failed.error?.message).toBeDefined();
		emulator().faults.clear();
		// n8n keeps the static data of a failed poll unchanged: the cursor did not move
		const caughtUp = await poll(emulator(), { staticData: first.staticData });
		expect(names(caughtUp.items)).toEqual(['during-outage.7z']);
		const after = await poll(emulator(), { staticData: caughtUp.staticData });
		expect(after.data).toBeNull();
	});

	it('a manual run returns the newest file and moves nothing', async () => {
		const manual = await poll(emulator(), { mode: 'manual' });
		expect(names(manual.items)).toEqual([SEED.backupFiles[1].name]);
		expect(manual.nodeStaticData ?? {}).toEqual({});
	});
});

describe('NetApp ONTAP Trigger: NDMP session halted or ended', () => {
	const sessionEvents = { events: ['ndmpSessionHalted', 'ndmpSessionEnded'] };
	/** The i-th seeded session (even ones halted, odd ones active). */
	const sessionOf = (emu: OntapEmulator, index: number) => emu.state.sessions[index]!;
	const summary = (items: Array<{ json: Record<string, unknown> }>) =>
		json(items as never).map((item) => `${String(item.event)} ${String(item.id)}`);

	it('activation notes the sessions; each halt and each end is emitted once', async () => {
		const emu = emulator();
		const first = await poll(emu, { parameters: sessionEvents });
		expect(first.error).toBeUndefined();
		expect(first.data).toBeNull();

		// an active session stops: ONTAP keeps it listed as halted, with its reason
		const running = sessionOf(emu, 1);
		running.data.state = 'halted';
		running.data.reason = 'successful';
		const second = await poll(emu, { parameters: sessionEvents, staticData: first.staticData });
		expect(json(second.items)).toEqual([
			expect.objectContaining({
				event: 'ndmpSessionHalted',
				id: running.id,
				data: expect.objectContaining({ state: 'halted', reason: 'successful' }),
				data_path: running.data_path,
			}),
		]);
		expect(json(second.items)[0]).not.toHaveProperty('_links');

		// a backup application closes another session: it is no longer listed
		const closed = sessionOf(emu, 3);
		emu.state.sessions.splice(emu.state.sessions.indexOf(closed), 1);
		const third = await poll(emu, { parameters: sessionEvents, staticData: second.staticData });
		expect(json(third.items)).toEqual([
			expect.objectContaining({
				event: 'ndmpSessionEnded',
				id: closed.id,
				halted: false,
				data_path: closed.data_path,
			}),
		]);

		// killed with the ONTAP node: a halted session that ends
		const killed = sessionOf(emu, 0);
		const kill = await runOntap(emu, {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: killed.uuid,
			sessionId: killed.id,
		});
		expect(kill.error).toBeUndefined();
		// a session that started and halted between two polls
		emu.addSessions(1, { data: { state: 'halted', reason: 'aborted' } });
		const added = emu.state.sessions[emu.state.sessions.length - 1]!;
		const fourth = await poll(emu, { parameters: sessionEvents, staticData: third.staticData });
		expect(summary(fourth.items).sort()).toEqual(
			[`ndmpSessionEnded ${killed.id}`, `ndmpSessionHalted ${added.id}`].sort(),
		);

		// nothing new, and the same after a restart (the saved static data in a fresh poll)
		const fifth = await poll(emu, { parameters: sessionEvents, staticData: fourth.staticData });
		expect(fifth.data).toBeNull();
		const sixth = await poll(emu, { parameters: sessionEvents, staticData: fifth.staticData });
		expect(sixth.data).toBeNull();
	});

	it('only the chosen event: an ended session is not emitted when only halts are watched', async () => {
		const emu = emulator();
		const halts = { events: ['ndmpSessionHalted'] };
		const first = await poll(emu, { parameters: halts });
		emu.state.sessions.splice(0, 2);
		const second = await poll(emu, { parameters: halts, staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(second.data).toBeNull();
	});

	it('an outage between polls: the next poll catches up with what ended meanwhile, once', async () => {
		const emu = emulator();
		const first = await poll(emu, { parameters: sessionEvents });
		const [ended] = emu.state.sessions.splice(1, 1);
		emu.faults.failNext(10, { status: 503 });
		const failed = await poll(emu, { parameters: sessionEvents, staticData: first.staticData });
		expect(failed.error?.message).toBeDefined();
		emu.faults.clear();
		const caughtUp = await poll(emu, { parameters: sessionEvents, staticData: failed.staticData });
		expect(summary(caughtUp.items)).toEqual([`ndmpSessionEnded ${ended!.id}`]);
		const after = await poll(emu, { parameters: sessionEvents, staticData: caughtUp.staticData });
		expect(after.data).toBeNull();
	});
});

describe('NetApp ONTAP Trigger: backup overdue', () => {
	const overdue = (hours = 24) => ({ events: ['backupOverdue'], overdueAfterHours: hours });
	const HOUR = 60 * 60 * 1000;

	it('reports each overdue node at activation, once; a new file re-arms the alert', async () => {
		const emu = emulator();
		// the seeded files are from 2025: both nodes are overdue when the workflow is activated
		const first = await poll(emu, { parameters: overdue() });
		expect(first.error).toBeUndefined();
		expect(json(first.items)).toEqual([
			expect.objectContaining({
				event: 'backupOverdue',
				subject: expect.stringContaining('node1'),
				node: expect.objectContaining({ uuid: SEED.nodes.node1 }),
				overdueAfterHours: 24,
				newestSuccessAt: new Date(SEED.backupFiles[0].time).toISOString(),
				newestBackup: expect.objectContaining({ name: SEED.backupFiles[0].name }),
			}),
			expect.objectContaining({
				event: 'backupOverdue',
				node: expect.objectContaining({ uuid: SEED.nodes.node2 }),
				newestBackup: expect.objectContaining({ name: SEED.backupFiles[1].name }),
			}),
		]);
		const second = await poll(emu, { parameters: overdue(), staticData: first.staticData });
		expect(second.data).toBeNull();

		// node1 gets a new file: no longer overdue, nothing emitted
		const made = await runOntap(emu, {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node1),
			name: 'fresh',
			options: { pollInterval: 0.1 },
		});
		expect(made.error).toBeUndefined();
		const third = await poll(emu, { parameters: overdue(), staticData: second.staticData });
		expect(third.data).toBeNull();

		// ...until that file, too, is older than the limit: alerted again, once
		const fresh = emu.state.backupFiles.find((file) => file.name === 'fresh.7z')!;
		fresh.time = new Date(Date.now() - 30 * HOUR).toISOString();
		const fourth = await poll(emu, { parameters: overdue(), staticData: third.staticData });
		expect(json(fourth.items)).toEqual([
			expect.objectContaining({
				event: 'backupOverdue',
				node: expect.objectContaining({ uuid: SEED.nodes.node1 }),
				newestBackup: expect.objectContaining({ name: 'fresh.7z' }),
				hoursSinceNewestSuccess: 30,
			}),
		]);
		const fifth = await poll(emu, { parameters: overdue(), staticData: fourth.staticData });
		expect(fifth.data).toBeNull();
	});

	it('a node without any file is overdue, with no newest backup', async () => {
		const emu = emulator();
		emu.state.backupFiles.splice(0, emu.state.backupFiles.length);
		const first = await poll(emu, { parameters: overdue() });
		expect(json(first.items)).toEqual([
			expect.objectContaining({ newestSuccessAt: null, newestBackup: null }),
			expect.objectContaining({ newestSuccessAt: null, newestBackup: null }),
		]);
	});

	it('nothing overdue within the limit; an Overdue After below 1 is refused before any request', async () => {
		const emu = emulator();
		for (const file of emu.state.backupFiles) file.time = new Date(Date.now() - HOUR).toISOString();
		const none = await poll(emu, { parameters: overdue() });
		expect(none.error).toBeUndefined();
		expect(none.data).toBeNull();

		emu.requests.length = 0;
		const refused = await poll(emu, { parameters: overdue(0) });
		expect(refused.error?.message).toMatch(/Overdue After \(Hours\).*at least 1/);
		expect(emu.requests).toHaveLength(0);
	});
});
