/**
 * Backup > Prune on QRadar: the newest SUCCESS of each type survives whatever the rules, a
 * backup still running or used by an unfinished restore is never deleted, dry run by default,
 * deletes one at a time and stops at the first failure.
 */
import type { QradarEmulator } from '../emulators/ibmQradar';
import {
	createBackupParameters,
	json,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
} from './helpers';

const emulator = useQradarEmulator({ restoreOutageMs: 0 });

/** Three more CONFIG backups that succeeded, newest last. */
async function moreConfigBackups(emu: QradarEmulator): Promise<number[]> {
	const ids: number[] = [];
	for (const name of ['prune_a', 'prune_b', 'prune_c']) {
		const result = await runQradar(emu, createBackupParameters({ name }));
		const id = Number(result.items[0]?.json.id);
		emu.advanceBackup(id);
		ids.push(id);
	}
	emu.requests.length = 0;
	return ids;
}

const prune = (extra: Record<string, unknown> = {}) => ({
	resource: 'backup',
	operation: 'prune',
	keepNewest: 1,
	...extra,
});
const verdictOf = (items: Array<Record<string, unknown>>, id: number) =>
	items.find((item) => item.id === id);
const deletes = (emu: QradarEmulator) => emu.requests.filter((r) => r.method === 'DELETE');

describe('Backup > Prune', () => {
	it('only one good backup of each type left: nothing is deleted', async () => {
		const result = await runQradar(emulator(), prune({ dryRun: false }));

		expect(result.error).toBeUndefined();
		const items = json(result.items);
		expect(items.filter((item) => item.action !== 'kept')).toEqual([]);
		expect(verdictOf(items, 1)).toMatchObject({ reason: 'the newest good one of its type' });
		expect(verdictOf(items, 4)).toMatchObject({ reason: 'still running (IN_PROGRESS)' });
		expect(deletes(emulator())).toHaveLength(0);
	});

	it('a dry run says what it would delete; a backup an unfinished restore uses is kept', async () => {
		const [a, b, c] = await moreConfigBackups(emulator());
		seedPendingRestore(emulator());
		const result = await runQradar(emulator(), prune());

		const items = json(result.items);
		expect(verdictOf(items, c!)).toMatchObject({ action: 'kept' });
		expect(verdictOf(items, b!)).toMatchObject({ action: 'wouldDelete' });
		expect(verdictOf(items, a!)).toMatchObject({ action: 'wouldDelete' });
		expect(verdictOf(items, 3)).toMatchObject({ action: 'wouldDelete', status: 'FAILED' });
		expect(verdictOf(items, 1)).toMatchObject({
			action: 'kept',
			reason: 'a restore of it has not finished',
		});
		expect(deletes(emulator())).toHaveLength(0);
	});

	it('a real run deletes them one at a time and keeps the newest successful one', async () => {
		const [a, b, c] = await moreConfigBackups(emulator());
		const result = await runQradar(emulator(), prune({ dryRun: false }));

		expect(result.error).toBeUndefined();
		expect(deletes(emulator()).map((request) => request.path.split('/').pop())).toEqual([
			String(b),
			String(a),
			'3',
			'1',
		]);
		expect(verdictOf(json(result.items), c!)).toMatchObject({
			action: 'kept',
			reason: 'the newest good one of its type',
		});
	});

	it('stops at the first failed delete and says what was deleted before it', async () => {
		const [a, b] = await moreConfigBackups(emulator());
		let seen = 0;
		emulator().faults.failNext(5, { status: 500 }, (r) => r.method === 'DELETE' && ++seen === 2);
		const result = await runQradar(emulator(), prune({ dryRun: false }));

		expect(result.status).toBe('error');
		expect(result.error?.description).toContain(
			`Prune stopped at "prune_a (ID ${a})". Deleted before it: "prune_b (ID ${b})".`,
		);
		expect(deletes(emulator())).toHaveLength(2);
	});

	it('Keep Newest 0 is refused before anything is sent', async () => {
		const result = await runQradar(emulator(), prune({ keepNewest: 0 }));
		expect(result.error?.message).toBe('Invalid parameter "Keep Newest": must be at least 1');
		expect(emulator().requests).toHaveLength(0);
	});
});
