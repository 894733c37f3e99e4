/**
 * The NetApp BlueXP Backup Trigger through n8n-core's PollContext, poll after poll, with the
 * workflow's static data carried from one poll to the next as n8n saves it. The emulator's
 * jobs advance only when read by id and the trigger only lists them, so each test moves its
 * jobs on itself (advanceJob / finishJob), the way BlueXP's connector would between polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { NetAppBlueXpApi } from '../../credentials/NetAppBlueXpApi.credentials';
import { NetAppBlueXpBackupTrigger } from '../../nodes/NetAppBlueXpBackupTrigger/NetAppBlueXpBackupTrigger.node';
import type { JobOutcome, NetAppBlueXpEmulator } from '../emulators/netAppBlueXp';
import { runPoll, type RunPollOptions } from '../harness';
import {
	SEED,
	bluexpCredential,
	byId,
	calls,
	expectNoSecrets,
	json,
	NO_WAIT,
	runBlueXp,
	storedAccessToken,
	useBlueXpEmulator,
	visibleText,
} from './helpers';

const TRIGGER_TYPE = 'n8n-nodes-backup-restore.netAppBlueXpBackupTrigger';
const JOB_EVENTS = ['jobCompleted', 'jobCompletedWithFailures', 'jobFailed'];
const WE = SEED.weAws;
const VOL = SEED.volumes.awsData;
const HOUR = 3600 * 1000;

const emulator = useBlueXpEmulator();

async function poll(
	emu: NetAppBlueXpEmulator,
	parameters: Record<string, unknown>,
	options: Partial<Omit<RunPollOptions, 'node' | 'nodeType' | 'parameters'>> = {},
) {
	return await runPoll({
		nodeType: TRIGGER_TYPE,
		node: new NetAppBlueXpBackupTrigger(),
		credentialTypes: [new NetAppBlueXpApi()],
		credentials: [bluexpCredential(emu)],
		parameters,
		...options,
	});
}

const jobs = (emu: NetAppBlueXpEmulator, staticData?: IDataObject, more: IDataObject = {}) =>
	poll(emu, { events: JOB_EVENTS, ...more }, staticData ? { staticData } : {});

/** An ad-hoc backup of vol_data started with the node (not waited for); its job id. */
async function startBackup(emu: NetAppBlueXpEmulator, outcome: JobOutcome = 'COMPLETED') {
	emu.switches.jobOutcome = outcome;
	const result = await runBlueXp(emu, {
		resource: 'backup',
		operation: 'createAdHoc',
		workingEnvironment: byId(WE),
		volumeId: VOL,
		backupName: `adhoc-${outcome.toLowerCase()}`,
		options: NO_WAIT,
	});
	expect(result.error).toBeUndefined();
	return String(result.items[0]!.json['job-id']);
}

/** A restore of vol_data started with the node (not waited for); its job id. */
async function startRestore(emu: NetAppBlueXpEmulator, outcome: JobOutcome = 'COMPLETED') {
	emu.switches.jobOutcome = outcome;
	const result = await runBlueXp(emu, {
		resource: 'restore',
		operation: 'restoreVolume',
		workingEnvironment: byId(WE),
		volumeId: VOL,
		snapshotName: SEED.snapshotNames.daily2,
		targetSvm: SEED.svmAws,
		targetVolumeName: 'vol_data_restored',
		options: NO_WAIT,
	});
	expect(result.error).toBeUndefined();
	return String(result.items[0]!.json['job-id']);
}

/** A job of another kind (e.g. a catalog setup), put straight into the emulator. */
function otherJob(emu: NetAppBlueXpEmulator, type: string, id: string) {
	emu.state.jobs.set(id, {
		id,
		type,
		status: 'PENDING',
		error: null,
		time: Date.now(),
		we: WE,
		data: {},
		polls: 0,
		outcome: 'COMPLETED',
		volumeIds: [],
	});
	return id;
}

const events = (items: Array<{ json: IDataObject }>) =>
	json(items as never).map((item) => [item.id, item.event]);

describe('NetApp BlueXP Backup Trigger: jobs', () => {
	it('activation notes every job, finished ones too, and emits nothing; one GET v1/job a poll', async () => {
		const done = await startBackup(emulator());
		emulator().finishJob(done);
		const running = await startBackup(emulator());
		emulator().requests.length = 0;

		const first = await jobs(emulator());
		expect(first.error).toBeUndefined();
		expect(first.data).toBeNull();
		expect(first.nodeStaticData).toEqual({
			jobs: {
				notes: {
					[SEED.jobId]: { status: 'COMPLETED' },
					[done]: { status: 'COMPLETED' },
					[running]: { status: 'PENDING' },
				},
			},
		});
		// every job, whatever its status or type: no status= or type= filter
		const listed = emulator().apiRequests();
		expect(calls(emulator())).toEqual(['GET v1/job']);
		expect(listed[0]!.query).toEqual({});
	});

	it('a job seen running and now finished is emitted once; a restart emits nothing again', async () => {
		const first = await jobs(emulator());
		const id = await startBackup(emulator());
		const second = await jobs(emulator(), first.staticData);
		expect(second.data).toBeNull();

		emulator().advanceJob(id, 1);
		const third = await jobs(emulator(), second.staticData);
		expect(third.data).toBeNull();
		expect(third.nodeStaticData.jobs).toMatchObject({ notes: { [id]: { status: 'PENDING' } } });

		emulator().finishJob(id);
		const fourth = await jobs(emulator(), third.staticData);
		expect(fourth.error).toBeUndefined();
		expect(json(fourth.items)).toEqual([
			expect.objectContaining({
				id,
				type: 'BACKUP_ADHOC',
				status: 'COMPLETED',
				'working-environment-id': WE,
				event: 'jobCompleted',
			}),
		]);
		expect(json(fourth.items)[0]).not.toHaveProperty('failedParts');

		const fifth = await jobs(emulator(), fourth.staticData);
		expect(fifth.data).toBeNull();
		// "restart": the saved static data, as n8n stores it, in a fresh poll
		const restarted = await jobs(
			emulator(),
			JSON.parse(JSON.stringify(fifth.staticData)) as IDataObject,
		);
		expect(restarted.data).toBeNull();
	});

	it('three outcomes: completed, completed with a failed volume or batch (named), failed', async () => {
		const first = await jobs(emulator());
		const ok = await startBackup(emulator(), 'COMPLETED');
		const badVolume = await startBackup(emulator(), 'COMPLETED_WITH_FAILED_VOLUME');
		const badBatch = await startRestore(emulator(), 'COMPLETED_WITH_FAILED_BATCH');
		const failed = await startBackup(emulator(), 'FAILED');
		const second = await jobs(emulator(), first.staticData);
		expect(second.data).toBeNull();

		for (const id of [ok, badVolume, badBatch, failed]) emulator().finishJob(id);
		const third = await jobs(emulator(), second.staticData);
		expect(third.error).toBeUndefined();
		const byId = new Map(json(third.items).map((item) => [item.id, item]));
		expect(third.items).toHaveLength(4);
		expect(byId.get(ok)).toMatchObject({ status: 'COMPLETED', event: 'jobCompleted' });
		expect(byId.get(badVolume)).toMatchObject({
			status: 'COMPLETED',
			type: 'BACKUP_ADHOC',
			event: 'jobCompletedWithFailures',
			failedParts: [{ part: 'volume', id: VOL, error: `Volume ${VOL}: snapshot transfer failed` }],
		});
		expect(byId.get(badBatch)).toMatchObject({
			status: 'COMPLETED',
			type: 'RESTORE',
			event: 'jobCompletedWithFailures',
			failedParts: [
				{
					part: 'restoreBatch',
					id: '1',
					volumeId: VOL,
					volumeName: 'vol_data',
					error: expect.stringMatching(/could not read snapshot .* \(AccessDenied\)/),
				},
			],
		});
		expect(byId.get(failed)).toMatchObject({
			status: 'FAILED',
			event: 'jobFailed',
			error: 'BACKUP_ADHOC failed: the connector could not reach the object store',
			failedParts: [{ part: 'volume', id: VOL }],
		});

		const fourth = await jobs(emulator(), third.staticData);
		expect(fourth.data).toBeNull();
	});

	it('a job started and finished between two polls is emitted', async () => {
		const first = await jobs(emulator());
		const id = await startRestore(emulator());
		emulator().finishJob(id);
		const second = await jobs(emulator(), first.staticData);
		expect(events(second.items)).toEqual([[id, 'jobCompleted']]);
		expect(json(second.items)[0]).toMatchObject({ type: 'RESTORE', data: { restore: {} } });
		const third = await jobs(emulator(), second.staticData);
		expect(third.data).toBeNull();
	});

	it('an outage between polls: that poll fails clearly, the next one catches up once', async () => {
		const first = await jobs(emulator());
		const id = await startBackup(emulator(), 'FAILED');
		emulator().finishJob(id);
		emulator().faults.failNext(20, { status: 503 }, (r) => r.path.endsWith('/v1/job'));
		const failed = await jobs(emulator(), first.staticData);
		expect(failed.data).toBeNull();
		expect(failed.error?.httpCode).toBe('503');
		expect(failed.error?.description).toBe(
			'HTTP 503 (GET /v1/job). BlueXP is busy: try again later.',
		);
		emulator().faults.clear();

		// n8n keeps the static data of a failed poll as it was
		const caughtUp = await jobs(emulator(), first.staticData);
		expect(events(caughtUp.items)).toEqual([[id, 'jobFailed']]);
		const after = await jobs(emulator(), caughtUp.staticData);
		expect(after.data).toBeNull();
	});

	it('only the chosen events, while every job is still noted: another choice later brings up nothing old', async () => {
		const first = await poll(emulator(), { events: ['jobFailed'] });
		const ok = await startBackup(emulator());
		emulator().finishJob(ok);
		const second = await poll(
			emulator(),
			{ events: ['jobFailed'] },
			{ staticData: first.staticData },
		);
		expect(second.data).toBeNull();
		expect(second.nodeStaticData.jobs).toMatchObject({ notes: { [ok]: { status: 'COMPLETED' } } });

		// the user now chooses Job Completed as well: the backup that completed is old news
		const all = { events: ['jobCompleted', 'jobFailed'] };
		const third = await poll(emulator(), all, { staticData: second.staticData });
		expect(third.data).toBeNull();

		const next = await startBackup(emulator());
		const bad = await startBackup(emulator(), 'FAILED');
		emulator().finishJob(next);
		emulator().finishJob(bad);
		const fourth = await poll(emulator(), all, { staticData: third.staticData });
		expect(events(fourth.items).sort()).toEqual(
			[
				[next, 'jobCompleted'],
				[bad, 'jobFailed'],
			].sort(),
		);
	});

	it('job types: backup and restore jobs by default, exactly the listed types with the option', async () => {
		const first = await jobs(emulator());
		const catalog = otherJob(emulator(), 'CATALOG_SETUP', 'job-catalog-1');
		const backup = await startBackup(emulator());
		const restore = await startRestore(emulator());
		for (const id of [catalog, backup, restore]) emulator().finishJob(id);

		const byDefault = await jobs(emulator(), first.staticData);
		expect(events(byDefault.items).sort()).toEqual(
			[
				[backup, 'jobCompleted'],
				[restore, 'jobCompleted'],
			].sort(),
		);
		const restoresOnly = await jobs(emulator(), first.staticData, {
			options: { jobTypes: 'restore' },
		});
		expect(events(restoresOnly.items)).toEqual([[restore, 'jobCompleted']]);
		const everyJob = await jobs(emulator(), first.staticData, { options: { jobTypes: '*' } });
		expect(events(everyJob.items).sort()).toEqual(
			[
				[backup, 'jobCompleted'],
				[catalog, 'jobCompleted'],
				[restore, 'jobCompleted'],
			].sort(),
		);
	});
});

describe('NetApp BlueXP Backup Trigger: backup overdue', () => {
	const overdue = { events: ['backupOverdue'], overdueAfterHours: 26 };

	it('the first poll reports an overdue volume once; a new backup re-arms it', async () => {
		const first = await poll(emulator(), overdue);
		expect(first.error).toBeUndefined();
		expect(json(first.items)).toEqual([
			expect.objectContaining({
				event: 'backupOverdue',
				workingEnvironmentId: WE,
				volumeId: VOL,
				volumeName: 'vol_data',
				overdueAfterHours: 26,
				newestSuccessAt: '2025-01-03T12:10:00.000Z',
			}),
		]);
		// the volume's own last-backup-creation-time: no backup list read; only volumes with
		// backup on (vol_logs is off), only working environments with backup activated
		expect(calls(emulator())).toEqual([
			'GET v1/backup/working-environment',
			`GET v1/backup/working-environment/${WE}/volume`,
		]);

		const second = await poll(emulator(), overdue, { staticData: first.staticData });
		expect(second.data).toBeNull();

		// a backup an hour ago: no longer overdue
		const fresh = emulator().addBackup(VOL, new Date(Date.now() - HOUR).toISOString());
		const third = await poll(emulator(), overdue, { staticData: second.staticData });
		expect(third.data).toBeNull();

		// time passes with no backup after it: overdue again, reported once
		fresh.creationTime = new Date(Date.now() - 30 * HOUR).toISOString();
		const fourth = await poll(emulator(), overdue, { staticData: third.staticData });
		expect(json(fourth.items)).toEqual([
			expect.objectContaining({
				volumeId: VOL,
				newestSuccessAt: fresh.creationTime,
				hoursSinceNewestSuccess: 30,
			}),
		]);
		const fifth = await poll(emulator(), overdue, { staticData: fourth.staticData });
		expect(fifth.data).toBeNull();
	});

	it('a volume with backup on and no backup at all is overdue (its backups are read)', async () => {
		emulator().state.volumes.find((v) => v.id === SEED.volumes.awsLogs)!.backupStatus = 'ON';
		const first = await poll(emulator(), overdue);
		expect(json(first.items)).toEqual([
			expect.objectContaining({ volumeId: VOL }),
			expect.objectContaining({
				event: 'backupOverdue',
				workingEnvironmentId: WE,
				volumeId: SEED.volumes.awsLogs,
				volumeName: 'vol_logs',
				newestSuccessAt: null,
				newestBackup: null,
			}),
		]);
		expect(calls(emulator())).toEqual([
			'GET v1/backup/working-environment',
			`GET v1/backup/working-environment/${WE}/volume`,
			`GET v1/backup/working-environment/${WE}/volume/${SEED.volumes.awsLogs}/snapshot`,
		]);
	});

	it('jobs and overdue together: each kept apart in the static data', async () => {
		const first = await poll(emulator(), { ...overdue, events: [...JOB_EVENTS, 'backupOverdue'] });
		expect(Object.keys(first.nodeStaticData).sort()).toEqual(['jobs', 'overdue']);
		expect(events(first.items)).toEqual([[undefined, 'backupOverdue']]);
	});
});

describe('NetApp BlueXP Backup Trigger: manual run, secrets, bad input', () => {
	it('a manual run returns the latest match and saves nothing', async () => {
		const id = await startBackup(emulator(), 'COMPLETED_WITH_FAILED_VOLUME');
		emulator().finishJob(id);
		const manual = await poll(emulator(), { events: JOB_EVENTS }, { mode: 'manual' });
		expect(events(manual.items)).toEqual([[id, 'jobCompletedWithFailures']]);
		expect(manual.nodeStaticData).toEqual({});

		// the seeded job is a backup activation: not a backup or restore job by default, but
		// named in Job Types it is
		const none = await poll(emulator(), { events: ['jobCompleted'] }, { mode: 'manual' });
		expect(none.data).toBeNull();
		const seeded = await poll(
			emulator(),
			{ events: ['jobCompleted'], options: { jobTypes: 'BACKUP_ACTIVATION' } },
			{ mode: 'manual' },
		);
		expect(events(seeded.items)).toEqual([[SEED.jobId, 'jobCompleted']]);
	});

	it('neither the refresh token nor the access token reaches an item or an error', async () => {
		const first = await poll(emulator(), {
			events: [...JOB_EVENTS, 'backupOverdue'],
			overdueAfterHours: 26,
		});
		const id = await startBackup(emulator(), 'FAILED');
		emulator().finishJob(id);
		const second = await poll(
			emulator(),
			{ events: [...JOB_EVENTS, 'backupOverdue'], overdueAfterHours: 26 },
			{ staticData: first.staticData },
		);
		expect(second.items.length).toBeGreaterThan(0);
		const accessToken = storedAccessToken(first);
		expect(accessToken).toBeTruthy();
		expectNoSecrets(visibleText(first), [SEED.refreshToken, accessToken!]);
		expectNoSecrets(visibleText(second), [SEED.refreshToken, storedAccessToken(second)!]);

		// a refused refresh token: the error says so without the token
		const wrong = 'rt-bluexp-WRONG-5Jx9aVHn9cGkX92aPVCkhat3zw';
		const refused = await poll(
			emulator(),
			{ events: JOB_EVENTS },
			{ credentials: [bluexpCredential(emulator(), { refreshToken: wrong })] },
		);
		expect(refused.error).toBeDefined();
		expectNoSecrets(visibleText(refused), [wrong, SEED.refreshToken]);
	});

	it('bad input is refused before any request, the token request included', async () => {
		const none = await poll(emulator(), { events: [] });
		expect(none.error?.message).toBe('Invalid parameter "Events": choose at least one event');
		const zero = await poll(emulator(), { events: ['backupOverdue'], overdueAfterHours: 0 });
		expect(zero.error?.message).toBe(
			'Invalid parameter "Overdue After (Hours)": must be at least 1',
		);
		const types = await poll(emulator(), {
			events: ['jobFailed'],
			options: { jobTypes: 'BACKUP_ADHOC; RESTORE' },
		});
		expect(types.error?.message).toMatch(
			/^Invalid parameter "Options": "Job Types" must be job types/,
		);
		expect(emulator().requests).toHaveLength(0);
	});
});
