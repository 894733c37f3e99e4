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
