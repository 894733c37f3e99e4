/**
 * The node against a misbehaving BlueXP: each fault switch of the emulator crossed with a
 * read (Working Environment > Get Many), a create (Backup > Create Ad Hoc, never sent twice)
 * and a long wait (the ad-hoc backup's job: recovered, or a clear error, never a hang).
 */
import { startNetAppBlueXpEmulator, type RecordedRequest } from '../emulators/netAppBlueXp';
import {
	FAST,
	SEED,
	byId,
	calls,
	expectFailed,
	json,
	runBlueXp,
	useBlueXpEmulator,
} from './helpers';

const emulator = useBlueXpEmulator();

const VOL = SEED.volumes.awsData;
const READ_PATH = 'GET v1/working-environment';
const CREATE_PATH = `POST v3/backup/working-environment/${SEED.weAws}/volume/${VOL}`;

const read = { resource: 'workingEnvironment', operation: 'getAll', returnAll: true };
const create = (options: Record<string, unknown> = { waitForCompletion: false }) => ({
	resource: 'backup',
	operation: 'createAdHoc',
	workingEnvironment: byId(SEED.weAws),
	volumeId: VOL,
	backupName: 'n8n-fault',
	options,
});

const isRead = (r: RecordedRequest) =>
	r.method === 'GET' && r.path.endsWith('/v1/working-environment');
const isCreate = (r: RecordedRequest) => r.method === 'POST' && r.path.includes('/v3/backup/');
const isLook = (r: RecordedRequest) => r.method === 'GET' && r.path.includes('/v1/job/');

const posts = () => calls(emulator()).filter((call) => call === CREATE_PATH);
const looks = () => calls(emulator()).filter((call) => call.startsWith('GET v1/job/'));
const adHocJobs = () =>
	[...emulator().state.jobs.values()].filter((j) => j.type === 'BACKUP_ADHOC');
const readOk = (result: Awaited<ReturnType<typeof runBlueXp>>) => {
	expect(result.error).toBeUndefined();
	expect(json(result.items).map((we) => we.id)).toEqual([SEED.weAws, SEED.weOnPrem]);
};
/** The wait ended with the finished backup in the output, started once. */
const waitedOk = (result: Awaited<ReturnType<typeof runBlueXp>>) => {
	expect(result.error).toBeUndefined();
	expect(json(result.items)[0]!.job).toMatchObject({ status: 'COMPLETED', type: 'BACKUP_ADHOC' });
	expect(posts()).toHaveLength(1);
	expect(emulator().state.backups.filter((b) => b.snapshotName === 'n8n-fault')).toHaveLength(1);
};
/** A create that failed: sent once, and no backup job came of it. */
const createdNothing = () => {
	expect(posts()).toHaveLength(1);
	expect(looks()).toEqual([]);
};

beforeEach(() => {
	emulator().switches.jobPolls = 2;
});

describe('5xx bursts with Retry-After', () => {
	it('read: a 503 burst of 2 is waited out, 3 GETs, right output', async () => {
		emulator().faults.failNext(2, { status: 503, retryAfter: 1 }, isRead);
		readOk(await runBlueXp(emulator(), read));
		expect(calls(emulator())).toEqual([READ_PATH, READ_PATH, READ_PATH]);
	});

	it('read: a 502 burst that outlasts the retries is a clear 502 error after 4 GETs', async () => {
		emulator().faults.failNext(4, { status: 502 }, isRead);
		const result = await runBlueXp(emulator(), read);
		expectFailed(result, { httpCode: '502' });
		expect(calls(emulator())).toEqual(Array(4).fill(READ_PATH));
	});

	it('create: a 503 is reported, never sent twice', async () => {
		emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isCreate);
		const result = await runBlueXp(emulator(), create());
		expectFailed(result, { httpCode: '503' });
		createdNothing();
		expect(adHocJobs()).toEqual([]);
	});

	it('long wait: 503s on the job looks count as "still running", the wait recovers', async () => {
		emulator().faults.failNext(2, { status: 503, retryAfter: 1 }, isLook);
		waitedOk(await runBlueXp(emulator(), create(FAST)));
		expect(looks().length).toBe(5);
	});
});

describe('429 bursts with Retry-After', () => {
	it('read: retried after Retry-After, right output', async () => {
		emulator().faults.failNext(2, { status: 429, retryAfter: 1 }, isRead);
		readOk(await runBlueXp(emulator(), read));
		expect(calls(emulator())).toEqual([READ_PATH, READ_PATH, READ_PATH]);
	});

	it('create: a 429 is reported, never sent twice', async () => {
		emulator().faults.failNext(1, { status: 429, retryAfter: 1 }, isCreate);
		const result = await runBlueXp(emulator(), create());
		expectFailed(result, { httpCode: '429' });
		createdNothing();
	});

	it('long wait: two refused looks are tolerated and the wait recovers', async () => {
		emulator().faults.failNext(2, { status: 429, retryAfter: 1 }, isLook);
		waitedOk(await runBlueXp(emulator(), create(FAST)));
	});

	it('long wait: three refused looks in a row are a clear error that says the backup was started', async () => {
		emulator().faults.failNext(3, { status: 429, retryAfter: 1 }, isLook);
		const result = await runBlueXp(emulator(), create(FAST));
		const jobId = adHocJobs()[0]!.id;
		expectFailed(result, {
			httpCode: '429',
			description: [
				new RegExp(
					`was started: check it with Job > Get \\(ID ${jobId}\\) before starting it again`,
				),
			],
		});
		expect(posts()).toHaveLength(1);
		expect(looks()).toHaveLength(3);
	});

	it('long wait: a new job not listed yet (404) is looked at again', async () => {
		emulator().faults.failNext(
			2,
			{ status: 404, body: JSON.stringify({ message: 'Job not found' }) },
			isLook,
		);
		waitedOk(await runBlueXp(emulator(), create(FAST)));
	});
});

describe('dropped connections', () => {
	it('read: a dropped GET is sent again', async () => {
		emulator().faults.dropNext(1, isRead);
		readOk(await runBlueXp(emulator(), read));
		expect(calls(emulator())).toEqual([READ_PATH, READ_PATH]);
	});

	it('create: a dropped POST is not sent again, and the user is told it may have been carried out', async () => {
		emulator().faults.dropNext(1, isCreate);
		const result = await runBlueXp(emulator(), create());
		expectFailed(result, {
			message: /connection to BlueXP backup and recovery was lost/,
			description: [/not repeated because it may have been carried out/],
		});
		createdNothing();
	});

	it('long wait: dropped looks are an outage the wait rides out', async () => {
		emulator().faults.dropNext(2, isLook);
		waitedOk(await runBlueXp(emulator(), create(FAST)));
	});
});

describe('truncated bodies', () => {
	// an answer cut off mid-body carries its own status (200): it is a transport fault of the
	// call, not a failed token request, for a profile with an access token too
	it('read: a truncated answer is fetched again', async () => {
		emulator().faults.truncateNext(1, isRead);
		readOk(await runBlueXp(emulator(), read));
		expect(calls(emulator())).toEqual([READ_PATH, READ_PATH]);
	});

	it('create: a truncated answer to the POST is reported, never sent twice', async () => {
		emulator().faults.truncateNext(1, isCreate);
		const result = await runBlueXp(emulator(), create());
		expectFailed(result, {});
		expect(posts()).toHaveLength(1);
		// the backup was started (BlueXP acted), but the node never learned its job id
		expect(adHocJobs()).toHaveLength(1);
		expect(looks()).toEqual([]);
	});

	it('create: a truncated answer says the POST may have been carried out', async () => {
		emulator().faults.truncateNext(1, isCreate);
		const result = await runBlueXp(emulator(), create());
		expectFailed(result, { description: [/may have been carried out/] });
	});

	it('long wait: truncated looks are an outage the wait rides out', async () => {
		emulator().faults.truncateNext(2, isLook);
		waitedOk(await runBlueXp(emulator(), create(FAST)));
	});
});

describe('an HTML page instead of JSON', () => {
	it('read: a clear error, not data', async () => {
		emulator().htmlNext(1, isRead);
		const result = await runBlueXp(emulator(), read);
		expectFailed(result, {
			message: 'BlueXP backup and recovery answered with an HTML page instead of JSON',
			description: [/Base URL/],
		});
	});

	it('create: a clear error, never sent twice', async () => {
		emulator().htmlNext(1, isCreate);
		const result = await runBlueXp(emulator(), create());
		expectFailed(result, { message: /answered with an HTML page instead of JSON/ });
		expect(posts()).toHaveLength(1);
	});

	it('long wait: two login pages are tolerated, the wait recovers', async () => {
		emulator().htmlNext(2, isLook);
		waitedOk(await runBlueXp(emulator(), create(FAST)));
	});

	it('long wait: a login page that stays is a clear error after three looks, saying the backup was started', async () => {
		emulator().htmlNext(100, isLook);
		const result = await runBlueXp(emulator(), create(FAST));
		expectFailed(result, {
			message: /answered with an HTML page instead of JSON/,
			description: [/was started: check it with Job > Get/],
		});
		expect(posts()).toHaveLength(1);
		expect(looks()).toHaveLength(3);
	});
});

describe('slow answers', () => {
	it('read: a slow answer within the timeout is simply waited for', async () => {
		emulator().faults.slowNext(1, 1500, isRead);
		readOk(await runBlueXp(emulator(), read));
		expect(calls(emulator())).toEqual([READ_PATH]);
	});

	it('create: a slow answer within the timeout is not sent twice', async () => {
		emulator().faults.slowNext(1, 1500, isCreate);
		const result = await runBlueXp(emulator(), create());
		expect(result.error).toBeUndefined();
		expect(posts()).toHaveLength(1);
	});

	it('long wait: a look answered past the wait timeout ends with "Gave up waiting", saying how to check', async () => {
		emulator().switches.jobPolls = 1000;
		emulator().faults.slowNext(1, 2500, isLook);
		const result = await runBlueXp(emulator(), create({ ...FAST, timeout: 1 }));
		const jobId = adHocJobs()[0]!.id;
		expectFailed(result, {
			message: new RegExp(`^Gave up waiting for BlueXP job ${jobId} .* after 1 s`),
			description: [
				new RegExp(
					`It may still be running: check it with Job > Get \\(ID ${jobId}\\) before starting it again`,
				),
			],
		});
		expect(posts()).toHaveLength(1);
	});
});

describe('token expiry', () => {
	it('read: an expired token is renewed once and the GET repeated', async () => {
		await runBlueXp(emulator(), read);
		emulator().expireTokens();
		emulator().requests.length = 0;
		const first = emulator().issued[0]!.token;
		const result = await runBlueXp(emulator(), read, {
			credentialData: { accessToken: first },
		});
		readOk(result);
		expect(emulator().tokensIssued).toBe(2);
		expect(calls(emulator())).toEqual([READ_PATH, READ_PATH]);
	});

	it('create: a POST refused with 401 (not carried out) is sent again with the new token: one backup', async () => {
		await runBlueXp(emulator(), read);
		const first = emulator().issued[0]!.token;
		emulator().expireTokens();
		emulator().requests.length = 0;
		const result = await runBlueXp(emulator(), create(FAST), {
			credentialData: { accessToken: first },
		});
		expect(result.error).toBeUndefined();
		expect(adHocJobs()).toHaveLength(1);
		expect(emulator().state.backups.filter((b) => b.snapshotName === 'n8n-fault')).toHaveLength(1);
	});

	it('long wait: tokens that expire while the job runs are renewed and the wait finishes', async () => {
		const shortLived = await startNetAppBlueXpEmulator({ tokenLifetimeMs: 300, jobPolls: 6 });
		try {
			const result = await runBlueXp(shortLived, create({ ...FAST, pollInterval: 0.2 }));
			expect(result.error).toBeUndefined();
			expect(json(result.items)[0]!.job).toMatchObject({ status: 'COMPLETED' });
			expect(shortLived.tokensIssued).toBeGreaterThan(1);
			expect(shortLived.apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
		} finally {
			await shortLived.close();
		}
	});
});

describe('BlueXP down during a long wait', () => {
	/** Restarts the emulator (connections refused for `windowMs`) once the first look has been answered. */
	function downAfterFirstLook(windowMs: number): () => Promise<void> {
		let restarted: Promise<void> | undefined;
		emulator().faults.failNext(1, { status: 500 }, (r) => {
			if (isLook(r) && !restarted) {
				setImmediate(() => {
					restarted = emulator().restart(windowMs);
				});
			}
			return false;
		});
		return async () => {
			await restarted;
		};
	}

	it('an outage that ends before the timeout: the wait recovers and the backup was started once', async () => {
		emulator().switches.jobPolls = 6;
		const back = downAfterFirstLook(1200);
		try {
			const result = await runBlueXp(emulator(), create({ ...FAST, pollInterval: 0.2 }));
			waitedOk(result);
		} finally {
			await back();
		}
	});

	it('an outage that outlasts the timeout: "Gave up waiting", it may still be running, how to check', async () => {
		emulator().switches.jobPolls = 1000;
		const back = downAfterFirstLook(2500);
		try {
			const result = await runBlueXp(
				emulator(),
				create({ ...FAST, pollInterval: 0.2, timeout: 1 }),
			);
			const jobId = adHocJobs()[0]!.id;
			expectFailed(result, {
				message: new RegExp(
					`^Gave up waiting for BlueXP job ${jobId} .*\\(last state: not reachable`,
				),
				description: [
					new RegExp(`It may still be running: check it with Job > Get \\(ID ${jobId}\\)`),
					/Raise the Timeout option/,
				],
			});
			expect(posts()).toHaveLength(1);
		} finally {
			await back();
		}
	});
});

describe('cancellation during a wait', () => {
	it('stops within a few polls, the backup started once', async () => {
		emulator().switches.jobPolls = 1_000_000;
		const result = await runBlueXp(
			emulator(),
			create({ ...FAST, pollInterval: 0.2, timeout: 60 }),
			{
				cancelAfterMs: 800,
			},
		);
		const stoppedByCancel =
			result.status === 'canceled' ||
			/cancel/i.test(`${result.error?.message ?? ''} ${result.error?.description ?? ''}`);
		expect(stoppedByCancel).toBe(true);
		expect(result.items).toEqual([]);
		expect(posts()).toHaveLength(1);
		const seen = looks().length;
		expect(seen).toBeGreaterThan(0);
		expect(seen).toBeLessThan(10);
		// nothing polls on after the run ended
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(looks().length).toBe(seen);
		expect(adHocJobs()[0]!.status).not.toBe('COMPLETED');
	}, 20_000);
});
