/**
 * The job core (nodes/shared/jobs.ts) through a test node that declares one job kind:
 * a failure inside a "completed" answer is an error with the vendor's words, every error
 * after the start says it was started and how to check, a cancelled execution stops the
 * wait within a second, and with `outageTolerant`: an appliance that is briefly unreachable or
 * answers 503 while a job runs is waited out, an outage that outlasts the timeout ends
 * in a clear "Gave up waiting" error (never a hang), and an error that will not clear up
 * by itself (404, 400) ends the wait at once.
 */
import { NodeApiError, type INode } from 'n8n-workflow';

import { ErrorFactory, isTransientFailure } from '../../nodes/shared/errors';
import { testTokenProfile } from './fixtures/TestCore.node';
import { isJobPoll, json, runCore, timeline, useTokenApi } from './helpers';

const emulator = useTokenApi({ jobPolls: 2 });

const runJob = (extra: Record<string, unknown> = {}) => ({
	resource: 'job',
	operation: 'run',
	jobAction: 'backup',
	timeout: 10,
	pollInterval: 0.1,
	...extra,
});

const completed = {
	id: 'job-1',
	action: 'backup',
	state: 'completed',
	result: { action: 'backup', items: 23 },
};
const pollsOf = () => emulator().apiRequests().filter(isJobPoll);

describe('an outage shorter than the timeout', () => {
	it('a 503 burst while polling counts as "still running": the job result is output', async () => {
		emulator().faults.failNext(4, { status: 503 }, isJobPoll);
		// polls that are not retried by the client: every 503 reaches the wait
		const result = await runCore(emulator(), runJob());

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining(completed)]);
		// 4 answered 503, then running, running, completed
		expect(pollsOf()).toHaveLength(7);
		expect(emulator().jobs.get('job-1')?.polls).toBe(3);
		// the job was created once, whatever happened while waiting
		expect(
			emulator()
				.apiRequests()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});

	it('a restart the client’s own retries of a read bridge is survived by a kind that is not outage tolerant', async () => {
		// the 2nd poll has its connection cut, then nothing listens for 700 ms
		emulator().restartOnJobPoll(2, 700);
		const result = await runCore(emulator(), runJob({ outageTolerant: false }));

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining(completed)]);
		await emulator().outageOver();
		// poll 1 running, poll 2 cut, poll 3 (after the restart) completed
		expect(emulator().jobs.get('job-1')?.polls).toBe(3);
		expect(
			emulator()
				.apiRequests()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});

	// the client's own connection errors count as transient: an outage-tolerant wait rides them out
	it('a restart while polling is waited out when each poll is sent once', async () => {
		emulator().restartOnJobPoll(2, 700);
		const result = await runCore(emulator(), runJob());

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining(completed)]);
		await emulator().outageOver();
		expect(emulator().jobs.get('job-1')?.polls).toBe(3);
	});

	it('a restart longer than the client’s retries but shorter than the timeout is waited out', async () => {
		// 4 attempts of one poll span at most 3.5 s of back-off: the API is down for 5 s
		emulator().restartOnJobPoll(2, 5000);
		const result = await runCore(emulator(), runJob({ timeout: 30 }));

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining(completed)]);
		expect(emulator().jobs.get('job-1')?.polls).toBe(3);
	});

	it('a token that expires while waiting is renewed once and the wait goes on', async () => {
		// POST /jobs and the first poll use the token up
		emulator().expireAfterUses(2);
		const result = await runCore(emulator(), runJob());

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining(completed)]);
		expect(timeline(emulator())).toEqual([
			'POST /oauth/token',
			'POST /jobs (accepted)',
			'GET /jobs/job-1 (accepted)',
			'GET /jobs/job-1 (expired)',
			'POST /oauth/token',
			'GET /jobs/job-1 (accepted)',
			'GET /jobs/job-1 (accepted)',
		]);
	});

	it('looks that get no answer in time count as the outage going on', async () => {
		emulator().faults.slowNext(2, 2500, isJobPoll);
		const result = await runCore(emulator(), runJob({ timeout: 20 }));

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining(completed)]);
		expect(
			emulator()
				.apiRequests()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});

	it('a kind that is not outage tolerant fails on a look that gets no answer in time', async () => {
		emulator().faults.slowNext(1, 2500, isJobPoll);
		const result = await runCore(emulator(), runJob({ timeout: 20, outageTolerant: false }));

		expect(result.error?.message).toBe('Token API did not answer within 1 s');
		expect(result.error?.description).toContain('The job job-1 was started');
	});
});

describe('an outage longer than the timeout', () => {
	it('ends in a clear "Gave up waiting" error naming the last state, not a hang', async () => {
		emulator().restartOnJobPoll(1, 4000);
		const result = await runCore(emulator(), runJob({ timeout: 1 }));

		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(
			/^Gave up waiting for job job-1 after 1 s \(last state: not reachable \(.+\)\)$/,
		);
		expect(result.error?.description).toContain(
			'It may still be running: check it with Item > Get Job (ID job-1) before starting it again.',
		);
		expect(result.error?.description).toContain('Raise the Timeout option');
		await emulator().outageOver();
	});

	it('a 503 that never ends: the same error, the last state "not reachable"', async () => {
		emulator().faults.failNext(1000, { status: 503 }, isJobPoll);
		const result = await runCore(emulator(), runJob({ timeout: 1 }));

		expect(result.error?.message).toMatch(
			/^Gave up waiting for job job-1 after 1 s \(last state: not reachable \(The service is temporarily unavailable\)\)$/,
		);
		// it kept polling until the timeout: more than one poll, all of them answered 503
		expect(pollsOf().length).toBeGreaterThan(1);
		expect(emulator().jobs.get('job-1')?.polls).toBe(0);
		emulator().faults.clear();
	});
});

describe('an error that does not clear up by itself', () => {
	it('a 404 while polling fails the wait at once with the API’s message', async () => {
		emulator().faults.failNext(
			1,
			{
				status: 404,
				body: JSON.stringify({ code: 'not_found', message: 'No job has the ID job-1' }),
			},
			isJobPoll,
		);
		const result = await runCore(emulator(), runJob());

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('No job has the ID job-1');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.message).not.toContain('Gave up');
		// not polled again, not retried
		expect(pollsOf()).toHaveLength(1);
	});

	it('a 400 after some polls fails the wait at once', async () => {
		let seen = 0;
		emulator().faults.failNext(
			1,
			{
				status: 400,
				body: JSON.stringify({ code: 'bad_request', message: 'The job ID is malformed' }),
			},
			(request) => isJobPoll(request) && ++seen === 2,
		);
		const result = await runCore(emulator(), runJob());

		expect(result.error?.message).toBe('The job ID is malformed');
		expect(result.error?.httpCode).toBe('400');
		expect(pollsOf()).toHaveLength(2);
		expect(timeline(emulator()).at(-1)).toBe('GET /jobs/job-1');
	});
});

describe('what the kind judges', () => {
	it('a job that ends failed is an error with its own reason, after one start', async () => {
		const result = await runCore(emulator(), runJob({ jobAction: 'fail' }));

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Job job-1 failed: The target is full');
		expect(result.error?.description).toBe('Item > Get Job (ID job-1) shows the whole record.');
		expect(
			emulator()
				.apiRequests()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});

	it('a "completed" job with a failed part is an error naming the part and its reason', async () => {
		const result = await runCore(emulator(), runJob({ jobAction: 'partial' }));

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Job job-1 completed, but failed for "vol2"');
		expect(result.error?.description).toBe(
			'vol2: Snapshot limit reached. Item > Get Job (ID job-1) shows the whole record.',
		);
	});

	it('an error while following a started job says it was started and how to check', async () => {
		emulator().faults.failNext(
			1,
			{ status: 404, body: JSON.stringify({ code: 'not_found', message: 'gone' }) },
			isJobPoll,
		);
		const result = await runCore(emulator(), runJob());

		expect(result.error?.description).toContain(
			'The job job-1 was started: check it with Item > Get Job (ID job-1) before starting it again.',
		);
	});

	it('a cancelled execution stops the wait within a second and nothing is started again', async () => {
		const result = await runCore(emulator(), runJob({ timeout: 60, pollInterval: 0.3 }), {
			// during the pause after the first look; a wait that ignored it would finish the job
			cancelAfterMs: 200,
		});
		expect(result.status === 'canceled' || /cancelled/.test(result.error?.message ?? '')).toBe(
			true,
		);
		const requestsAtCancel = emulator().requests.length;
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(emulator().requests.length).toBe(requestsAtCancel);
		expect(
			emulator()
				.apiRequests()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});
});

describe('isTransientFailure on the errors the client throws', () => {
	const node: INode = {
		id: 'n',
		name: 'Test Core',
		type: 'test.testCore',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const factory = new ErrorFactory(node, testTokenProfile, () => []);
	const call = { method: 'GET', path: '/jobs/job-1', retry: 'idempotent' as const };

	it('a 503 answer is transient, a 404 is not', () => {
		expect(isTransientFailure(factory.api(503, {}, call))).toBe(true);
		expect(isTransientFailure(factory.api(404, {}, call))).toBe(false);
	});

	it('a timeout is not transient', () => {
		const error = factory.transport('ETIMEDOUT', call, 'http://127.0.0.1:1/jobs', 5, 1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(isTransientFailure(error)).toBe(false);
	});

	it.each(['ECONNREFUSED', 'ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE'])(
		'a %s the client reports is transient',
		(code) => {
			const error = factory.transport(code, call, 'http://127.0.0.1:1/jobs', 5, 4);
			expect(isTransientFailure(error)).toBe(true);
		},
	);
});
