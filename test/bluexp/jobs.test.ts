/**
 * Waiting for BlueXP jobs: COMPLETED is the output, FAILED and a COMPLETED job with a failed
 * volume are errors, a job that never ends is a timeout naming it, and no wait returns at once.
 */
import {
	FAST,
	NO_WAIT,
	SEED,
	byId,
	calls,
	expectFailed,
	json,
	runBlueXp,
	timeline,
	useBlueXpEmulator,
} from './helpers';

const VOL = SEED.volumes.awsData;
const adHoc = (options: Record<string, unknown>) => ({
	resource: 'backup',
	operation: 'createAdHoc',
	workingEnvironment: byId(SEED.weAws),
	volumeId: VOL,
	backupName: 'n8n-adhoc',
	options,
});
const ADHOC_PATH = `POST v3/backup/working-environment/${SEED.weAws}/volume/${VOL}`;
const newJobId = (emulator: ReturnType<ReturnType<typeof useBlueXpEmulator>>) =>
	[...emulator.state.jobs.keys()].find((id) => id !== SEED.jobId)!;

describe('job waits', () => {
	const emulator = useBlueXpEmulator({ jobPolls: 2 });

	it('COMPLETED: polls through PENDING and IN_PROGRESS, the finished job is in the output', async () => {
		const result = await runBlueXp(emulator(), adHoc(FAST));
		expect(result.error).toBeUndefined();
		const jobId = newJobId(emulator());
		expect(json(result.items)).toEqual([
			{
				'job-id': jobId,
				job: expect.objectContaining({
					id: jobId,
					status: 'COMPLETED',
					error: null,
					data: {
						'multi-volume-backup': { volume: [{ id: VOL, status: 'SUCCESS', error: null }] },
					},
				}),
			},
		]);
		expect(calls(emulator())).toEqual([
			ADHOC_PATH,
			`GET v1/job/${jobId}`,
			`GET v1/job/${jobId}`,
			`GET v1/job/${jobId}`,
		]);
	});

	it("FAILED: an error carrying the job id and the job's error", async () => {
		emulator().switches.jobOutcome = 'FAILED';
		const result = await runBlueXp(emulator(), adHoc(FAST));
		const jobId = newJobId(emulator());
		// the job's error and the volume's own error
		expectFailed(result, {
			message: `BlueXP job ${jobId} (ad-hoc backup "n8n-adhoc" of volume ${VOL}) failed`,
			description: [
				/BlueXP said: "BACKUP_ADHOC failed: the connector could not reach the object store"/,
				new RegExp(`volume ${VOL}: "Volume ${VOL}: the object store could not be reached"`),
			],
		});
		expect(emulator().state.backups.map((b) => b.snapshotName)).not.toContain('n8n-adhoc');
	});

	it('COMPLETED with a failed volume: an error naming the volume, not a success', async () => {
		emulator().switches.jobOutcome = 'COMPLETED_WITH_FAILED_VOLUME';
		const result = await runBlueXp(emulator(), adHoc(FAST));
		const jobId = newJobId(emulator());
		expectFailed(result, {
			message: `BlueXP job ${jobId} (ad-hoc backup "n8n-adhoc" of volume ${VOL}) completed, but failed for volume ${VOL}`,
			description: [/snapshot transfer failed/, new RegExp(`Job > Get \\(ID ${jobId}\\)`)],
		});
	});

	it('a job that never ends: a timeout naming the job id, well before the test times out', async () => {
		emulator().switches.jobPolls = 1_000_000;
		const started = Date.now();
		const result = await runBlueXp(emulator(), adHoc({ ...FAST, timeout: 1 }));
		const elapsed = Date.now() - started;
		const jobId = newJobId(emulator());
		expectFailed(result, {});
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain(jobId);
		expect(result.error?.message).toMatch(/1 s|second|time/i);
		expect(elapsed).toBeLessThan(8_000);
		// the ad-hoc backup was sent once, never again
		expect(calls(emulator()).filter((call) => call === ADHOC_PATH)).toHaveLength(1);
		expect(calls(emulator()).length).toBeGreaterThan(2);
	});

	it('waitForCompletion false: the job id at once, no job poll', async () => {
		const result = await runBlueXp(emulator(), adHoc(NO_WAIT));
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([{ 'job-id': newJobId(emulator()) }]);
		expect(calls(emulator())).toEqual([ADHOC_PATH]);
		expect(emulator().state.jobs.get(newJobId(emulator()))?.status).toBe('PENDING');
	});

	it('Job > Get on a job being run advances it, and a FAILED job is data there, not an error', async () => {
		emulator().switches.jobOutcome = 'FAILED';
		emulator().switches.jobPolls = 0;
		await runBlueXp(emulator(), adHoc(NO_WAIT));
		const jobId = newJobId(emulator());
		const result = await runBlueXp(emulator(), { resource: 'job', operation: 'get', jobId });
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: jobId, status: 'FAILED', type: 'BACKUP_ADHOC' }),
		]);
	});

	it('continue on fail: a failed job becomes an error item, the next item still runs', async () => {
		emulator().switches.jobOutcome = 'FAILED';
		const result = await runBlueXp(
			emulator(),
			{ ...adHoc(FAST), backupName: '={{ $json.name }}' },
			{ inputItems: [{ json: { name: 'one' } }, { json: { name: 'two' } }], continueOnFail: true },
		);
		expect(result.status).not.toBe('error');
		const items = json(result.items);
		expect(items).toHaveLength(2);
		expect(String(items[0]!.error)).toMatch(/ad-hoc backup "one".* failed/);
		expect(String(items[1]!.error)).toMatch(/ad-hoc backup "two".* failed/);
	});
});

describe('tokens that never last', () => {
	const emulator = useBlueXpEmulator({ tokenLifetimeMs: 0 });

	it('a token refused again right after renewal is an error, not a loop', async () => {
		const result = await runBlueXp(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
		});
		expectFailed(result, { httpCode: '401' });
		expect(timeline(emulator())).toEqual([
			'TOKEN',
			'GET v1/backup/working-environment',
			'TOKEN',
			'GET v1/backup/working-environment',
		]);
	});
});
