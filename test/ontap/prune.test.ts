/**
 * Configuration Backup File > Prune: retention with a safety net. Dry run by default, the
 * newest file of each node never deleted, scheduled files left to ONTAP unless included,
 * deletes one at a time, stops at the first failed delete saying what was deleted.
 */
import { SEED, type OntapEmulator } from '../emulators/ontap';
import { json, runOntap, useOntapEmulator } from './helpers';

const emulator = useOntapEmulator();
const DAY_MS = 24 * 60 * 60 * 1000;

/** node1 gets files made 1..n days ago (by hand unless `auto`), newest first in the list. */
function filesOnNode1(emu: OntapEmulator, count: number, auto = false): string[] {
	const template = emu.state.backupFiles[0]!;
	const names: string[] = [];
	for (let day = 1; day <= count; day++) {
		const name = `n8n.node1.day${day}.7z`;
		emu.state.backupFiles.push({
			...template,
			name,
			auto,
			time: new Date(Date.now() - day * DAY_MS).toISOString(),
		});
		names.push(name);
	}
	return names;
}

const prune = (extra: Record<string, unknown> = {}) => ({
	resource: 'configurationBackupFile',
	operation: 'prune',
	keepNewest: 2,
	...extra,
});
const deletes = (emu: OntapEmulator) => emu.requests.filter((r) => r.method === 'DELETE');
const byAction = (items: Array<Record<string, unknown>>, action: string) =>
	items.filter((item) => item.action === action).map((item) => item.name);

describe('Configuration Backup File > Prune', () => {
	it('a dry run (the default) says what it would delete and why, and deletes nothing', async () => {
		const made = filesOnNode1(emulator(), 5);
		const result = await runOntap(emulator(), prune());

		expect(result.error).toBeUndefined();
		const items = json(result.items);
		// node1: 5 new files + the seeded one; the 2 newest stay
		expect(byAction(items, 'kept')).toEqual(
			expect.arrayContaining([made[0], made[1], SEED.backupFiles[1].name]),
		);
		expect(byAction(items, 'wouldDelete')).toEqual([
			made[2],
			made[3],
			made[4],
			SEED.backupFiles[0].name,
		]);
		expect(items.find((item) => item.name === made[2])).toMatchObject({
			reason: 'older than the newest 2 of its node',
		});
		expect(deletes(emulator())).toHaveLength(0);
		expect(emulator().state.backupFiles).toHaveLength(2 + 5);
	});

	it('a real run deletes the old ones one at a time, one item per file kept or deleted', async () => {
		const made = filesOnNode1(emulator(), 4);
		const result = await runOntap(emulator(), prune({ dryRun: false }));

		expect(result.error).toBeUndefined();
		const items = json(result.items);
		expect(items).toHaveLength(6);
		expect(byAction(items, 'deleted')).toEqual([made[2], made[3], SEED.backupFiles[0].name]);
		expect(
			deletes(emulator()).map((request) => decodeURIComponent(request.path.split('/').pop()!)),
		).toEqual([made[2], made[3], SEED.backupFiles[0].name]);
		expect(
			emulator()
				.state.backupFiles.map((file) => file.name)
				.sort(),
		).toEqual([made[0], made[1], SEED.backupFiles[1].name].sort());
	});

	it('the only file of a node is never deleted, whatever the rules', async () => {
		const result = await runOntap(emulator(), prune({ keepNewest: 1, dryRun: false }));

		expect(result.error).toBeUndefined();
		expect(byAction(json(result.items), 'deleted')).toEqual([]);
		expect(json(result.items).map((item) => item.reason)).toEqual([
			'the newest good one of its node',
			'the newest good one of its node',
		]);
		expect(deletes(emulator())).toHaveLength(0);
	});

	it('Keep Younger Than keeps recent files past the newest N', async () => {
		const made = filesOnNode1(emulator(), 5);
		const result = await runOntap(emulator(), prune({ keepNewest: 1, options: { keepDays: 3 } }));

		const items = json(result.items);
		expect(byAction(items, 'kept')).toEqual(expect.arrayContaining([made[0], made[1]]));
		expect(items.find((item) => item.name === made[1])).toMatchObject({
			reason: 'younger than 3 days',
		});
		// made exactly 3 days ago (and a moment): not younger than 3 days
		expect(byAction(items, 'wouldDelete')).toEqual([
			made[2],
			made[3],
			made[4],
			SEED.backupFiles[0].name,
		]);
	});

	it('files the cluster makes on its own schedules are left alone unless included', async () => {
		const scheduled = filesOnNode1(emulator(), 3, true);
		const left = json((await runOntap(emulator(), prune({ keepNewest: 1 }))).items);
		expect(byAction(left, 'wouldDelete')).not.toEqual(expect.arrayContaining([scheduled[2]]));
		expect(left.find((item) => item.name === scheduled[2])).toMatchObject({
			action: 'kept',
			reason: expect.stringMatching(/own schedule/),
		});

		const included = json(
			(await runOntap(emulator(), prune({ keepNewest: 1, options: { includeScheduled: true } })))
				.items,
		);
		expect(byAction(included, 'wouldDelete')).toEqual(expect.arrayContaining([scheduled[2]]));
	});

	it('stops at the first failed delete and says what was deleted before it', async () => {
		const made = filesOnNode1(emulator(), 4);
		let deleteCount = 0;
		emulator().faults.failNext(
			5,
			{ status: 500 },
			(request) => request.method === 'DELETE' && ++deleteCount === 2,
		);
		const result = await runOntap(emulator(), prune({ dryRun: false }));

		expect(result.status).toBe('error');
		expect(result.error?.description).toContain(
			`Prune stopped at "${made[3]}". Deleted before it: "${made[2]}".`,
		);
		// nothing after the failed one was tried
		expect(emulator().state.backupFiles.map((file) => file.name)).toContain(
			SEED.backupFiles[0].name,
		);
	});

	it.each([
		[{ keepNewest: 0 }, 'Invalid parameter "Keep Newest": must be at least 1'],
		[{ keepNewest: 1.5 }, 'Invalid parameter "Keep Newest": must be a whole number'],
		[
			{ options: { keepDays: 0 } },
			'Invalid parameter "Options": "Keep Younger Than (Days)" must be at least 1',
		],
	])('%p is refused before anything is sent', async (extra, message) => {
		const result = await runOntap(emulator(), prune(extra));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(emulator().requests).toHaveLength(0);
	});
});
