/**
 * Backup > Prune on BlueXP: the backups (cloud snapshots) of one volume, per label (the policy
 * rule: daily, weekly, adhoc), the way BlueXP's own policy counts them. Dry run by default;
 * the newest backup of each label and one an unfinished restore reads from are never deleted;
 * a real run deletes one at a time, each delete's job finished before the next DELETE, and
 * stops at the first delete whose job fails, saying what it had deleted.
 */
import type { NetAppBlueXpEmulator } from '../emulators/netAppBlueXp';
import { NO_WAIT, SEED, byId, calls, json, runBlueXp, useBlueXpEmulator } from './helpers';

// a job ends at its first look, so a run never pauses between looks
const emulator = useBlueXpEmulator({ jobPolls: 0 });

const WE = SEED.weAws;
const VOL = SEED.volumes.awsData;
const SNAPSHOTS = `v1/backup/working-environment/${WE}/volume/${VOL}/snapshot`;
const LISTS = [`GET ${SNAPSHOTS}`, 'GET v1/restore/status'];
const DAY_MS = 24 * 60 * 60 * 1000;

interface Made {
	id: string;
	name: string;
}

/** A backup of awsData with this label, made at `time` (ISO). */
function addBackup(emu: NetAppBlueXpEmulator, id: string, label: string, time: string): Made {
	const name = `cbs-snapshot.${label}.${id}`;
	emu.state.backups.push({
		...emu.state.backups[0]!,
		id,
		snapshotName: name,
		label,
		creationTime: time,
	});
	return { id, name };
}

/**
 * Next to the seeded daily1 (Jan 1), daily2 (Jan 2) and adhoc (Jan 3): two more dailies,
 * two weeklies and a second ad-hoc backup, all of January 2025.
 */
function moreBackups(emu: NetAppBlueXpEmulator) {
	return {
		daily3: addBackup(emu, 'b-d3', 'daily', '2025-01-03T00:10:00.000Z'),
		daily4: addBackup(emu, 'b-d4', 'daily', '2025-01-04T00:10:00.000Z'),
		weekly1: addBackup(emu, 'b-w1', 'weekly', '2025-01-05T00:10:00.000Z'),
		weekly2: addBackup(emu, 'b-w2', 'weekly', '2025-01-12T00:10:00.000Z'),
		adhoc2: addBackup(emu, 'b-a2', 'adhoc', '2025-01-06T12:00:00.000Z'),
	};
}

const SEEDED = {
	daily1: { id: SEED.backups.daily1, name: SEED.snapshotNames.daily1 },
	daily2: { id: SEED.backups.daily2, name: SEED.snapshotNames.daily2 },
	adhoc: { id: SEED.backups.adhoc, name: SEED.snapshotNames.adhoc },
};

const prune = (extra: Record<string, unknown> = {}) => ({
	resource: 'backup',
	operation: 'prune',
	workingEnvironment: byId(WE),
	volumeId: VOL,
	keepNewest: 1,
	...extra,
});

const byAction = (items: Array<Record<string, unknown>>, action: string) =>
	items.filter((item) => item.action === action).map((item) => item.id);
const deletes = (emu: NetAppBlueXpEmulator) => calls(emu).filter((c) => c.startsWith('DELETE'));
const deleteOf = (backup: Made) => `DELETE ${SNAPSHOTS}/${backup.name}`;
/** The delete jobs BlueXP started, oldest first. */
const deleteJobs = (emu: NetAppBlueXpEmulator) =>
	[...emu.state.jobs.values()].filter((job) => job.type === 'BACKUP_DELETE');

describe('Backup > Prune', () => {
	it('a dry run (the default) says what it would delete per label and why, and deletes nothing', async () => {
		const made = moreBackups(emulator());
		const result = await runBlueXp(emulator(), prune());

		expect(result.error).toBeUndefined();
		const items = json(result.items);
		// one item per backup: the groups in list order, newest first within each
		expect(items.map((item) => [item.id, item.action, item.reason])).toEqual([
			[made.daily4.id, 'kept', 'the newest good one of its label'],
			[made.daily3.id, 'wouldDelete', 'older than the newest 1 of its label'],
			[SEEDED.daily2.id, 'wouldDelete', 'older than the newest 1 of its label'],
			[SEEDED.daily1.id, 'wouldDelete', 'older than the newest 1 of its label'],
			[made.adhoc2.id, 'kept', 'the newest good one of its label'],
			[SEEDED.adhoc.id, 'wouldDelete', 'older than the newest 1 of its label'],
			[made.weekly2.id, 'kept', 'the newest good one of its label'],
			[made.weekly1.id, 'wouldDelete', 'older than the newest 1 of its label'],
		]);
		expect(items[1]).toEqual({
			action: 'wouldDelete',
			reason: 'older than the newest 1 of its label',
			id: made.daily3.id,
			name: made.daily3.name,
			label: 'daily',
			'creation-time': '2025-01-03T00:10:00.000Z',
		});
		expect(calls(emulator())).toEqual(LISTS);
		expect(emulator().state.backups).toHaveLength(8);
	});

	it('a real run deletes exactly the planned ones, one at a time, each job finished before the next DELETE', async () => {
		const made = moreBackups(emulator());
		// as each DELETE arrives: the delete jobs started before it that have not ended
		const unfinishedAtDelete: string[][] = [];
		emulator().faults.slowNext(100, 0, (request) => {
			if (request.method === 'DELETE')
				unfinishedAtDelete.push(
					deleteJobs(emulator())
						.filter((job) => job.status !== 'COMPLETED' && job.status !== 'FAILED')
						.map((job) => job.id),
				);
			return false;
		});
		const result = await runBlueXp(emulator(), prune({ keepNewest: 2, dryRun: false }));

		expect(result.error).toBeUndefined();
		const items = json(result.items);
		const planned = [SEEDED.daily2, SEEDED.daily1];
		expect(byAction(items, 'deleted')).toEqual(planned.map((backup) => backup.id));
		expect(byAction(items, 'kept')).toEqual([
			made.daily4.id,
			made.daily3.id,
			made.adhoc2.id,
			SEEDED.adhoc.id,
			made.weekly2.id,
			made.weekly1.id,
		]);
		expect(items.find((item) => item.id === made.daily3.id)).toMatchObject({
			reason: 'one of the newest 2 of its label',
		});

		// each DELETE answers a job; the node looks at it until it has ended, then sends the next
		const jobs = deleteJobs(emulator());
		expect(jobs.map((job) => job.status)).toEqual(['COMPLETED', 'COMPLETED']);
		expect(unfinishedAtDelete).toEqual([[], []]);
		expect(calls(emulator())).toEqual([
			...LISTS,
			deleteOf(SEEDED.daily2),
			`GET v1/job/${jobs[0]!.id}`,
			deleteOf(SEEDED.daily1),
			`GET v1/job/${jobs[1]!.id}`,
		]);
		expect(emulator().state.backups.map((backup) => backup.id)).toEqual([
			SEEDED.adhoc.id,
			made.daily3.id,
			made.daily4.id,
			made.weekly1.id,
			made.weekly2.id,
			made.adhoc2.id,
		]);
	});

	it('only one good backup of each label left: nothing is deleted, nothing sent', async () => {
		emulator().state.backups = emulator().state.backups.filter(
			(backup) => backup.id !== SEEDED.daily1.id,
		);
		const result = await runBlueXp(emulator(), prune({ dryRun: false }));

		expect(result.error).toBeUndefined();
		expect(json(result.items).map((item) => [item.id, item.action, item.reason])).toEqual([
			[SEEDED.daily2.id, 'kept', 'the newest good one of its label'],
			[SEEDED.adhoc.id, 'kept', 'the newest good one of its label'],
		]);
		expect(calls(emulator())).toEqual(LISTS);
	});

	it('Keep Younger Than keeps the recent backups past the newest N', async () => {
		const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
		const recent = [1, 2, 10, 20].map((days) =>
			addBackup(emulator(), `b-recent${days}`, 'daily', ago(days)),
		);
		const result = await runBlueXp(emulator(), prune({ options: { keepDays: 5 } }));

		const items = json(result.items);
		expect(items.filter((item) => item.label === 'daily').map((i) => [i.id, i.reason])).toEqual([
			[recent[0]!.id, 'the newest good one of its label'],
			[recent[1]!.id, 'younger than 5 days'],
			[recent[2]!.id, 'older than the newest 1 of its label and than 5 days'],
			[recent[3]!.id, 'older than the newest 1 of its label and than 5 days'],
			[SEEDED.daily2.id, 'older than the newest 1 of its label and than 5 days'],
			[SEEDED.daily1.id, 'older than the newest 1 of its label and than 5 days'],
		]);
		expect(byAction(items, 'wouldDelete')).toEqual([
			recent[2]!.id,
			recent[3]!.id,
			SEEDED.daily2.id,
			SEEDED.daily1.id,
		]);
		expect(deletes(emulator())).toEqual([]);
	});

	it('Keep Newest counts per label', async () => {
		const made = moreBackups(emulator());
		const items = json((await runBlueXp(emulator(), prune({ keepNewest: 3 }))).items);

		// only the daily label has more than 3 backups
		expect(byAction(items, 'wouldDelete')).toEqual([SEEDED.daily1.id]);
		expect(items.filter((item) => item.action === 'kept')).toHaveLength(7);
		expect(items.find((item) => item.id === made.weekly1.id)).toMatchObject({
			action: 'kept',
			reason: 'one of the newest 3 of its label',
		});
	});

	it('a backup an unfinished restore reads from is kept until the restore has ended', async () => {
		const restore = await runBlueXp(emulator(), {
			resource: 'restore',
			operation: 'restoreVolume',
			workingEnvironment: byId(WE),
			volumeId: VOL,
			snapshotName: SEEDED.daily1.name,
			targetSvm: SEED.svmAws,
			targetVolumeName: 'vol_restored',
			options: NO_WAIT,
		});
		expect(restore.error).toBeUndefined();
		emulator().requests.length = 0;

		const during = json((await runBlueXp(emulator(), prune({ dryRun: false }))).items);
		expect(during.find((item) => item.id === SEEDED.daily1.id)).toMatchObject({
			action: 'kept',
			reason: 'a restore from it has not finished',
		});
		expect(deletes(emulator())).toEqual([]);

		emulator().advanceJob(emulator().state.restores[0]!.jobId);
		const after = json((await runBlueXp(emulator(), prune())).items);
		expect(after.find((item) => item.id === SEEDED.daily1.id)).toMatchObject({
			action: 'wouldDelete',
		});
	});

	it('a delete whose job fails stops the run, naming it and what was deleted before it', async () => {
		const made = moreBackups(emulator());
		// planned: daily3, daily2, daily1, adhoc, weekly1; the second one fails
		emulator().switches.failBackupDeletes = [SEEDED.daily2.name];
		const result = await runBlueXp(emulator(), prune({ dryRun: false }));

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		const jobs = deleteJobs(emulator());
		expect(result.error?.message).toBe(
			`BlueXP job ${jobs[1]!.id} (deletion of backup "${SEEDED.daily2.name}" of volume ${VOL}) failed`,
		);
		expect(result.error?.description).toContain(
			`Prune stopped at "${SEEDED.daily2.name} (ID ${SEEDED.daily2.id})". ` +
				`Deleted before it: "${made.daily3.name} (ID ${made.daily3.id})".`,
		);
		// nothing after the failed one was tried
		expect(deletes(emulator())).toEqual([deleteOf(made.daily3), deleteOf(SEEDED.daily2)]);
		expect(jobs.map((job) => job.status)).toEqual(['COMPLETED', 'FAILED']);
		expect(emulator().state.backups.map((backup) => backup.id)).toContain(SEEDED.daily2.id);
		expect(emulator().state.backups.map((backup) => backup.id)).not.toContain(made.daily3.id);
	});

	it.each([
		[{ keepNewest: 0 }, 'Invalid parameter "Keep Newest": must be at least 1'],
		[{ keepNewest: 1.5 }, 'Invalid parameter "Keep Newest": must be a whole number'],
		[
			{ options: { keepDays: 0 } },
			'Invalid parameter "Options": "Keep Younger Than (Days)" must be at least 1',
		],
	])('%p is refused before anything is sent', async (extra, message) => {
		const result = await runBlueXp(emulator(), prune({ dryRun: false, ...extra }));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		// not even a token request
		expect(emulator().requests).toHaveLength(0);
	});
});
