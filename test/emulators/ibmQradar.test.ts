/**
 * Self-test of the IBM QRadar backup and restore emulator with plain axios (no
 * node code): auth, paging, filter/sort/fields, the backup life cycle and its
 * 409/422 codes, restore creation and start rules, the outage window while a
 * restore runs, deletions and the fault switches.
 */
import * as https from 'node:https';

import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';

import {
	API_BASE,
	CONFIGURATIONS_PATH,
	NOT_ACCEPTABLE_CODE,
	PARAMETER_ERROR_CODE,
	type QradarEmulator,
	UNSORTABLE_FIELD_CODE,
	accepts,
	SEED,
	parseFilter,
	startIbmQradarEmulator,
} from './ibmQradar';

const insecure = new https.Agent({ rejectUnauthorized: false, keepAlive: false });

let emulator: QradarEmulator;

beforeAll(async () => {
	emulator = await startIbmQradarEmulator({ restoreOutageMs: 300 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(async () => {
	await emulator.whenUp();
	emulator.reset();
	emulator.switches.restoreOutageMs = 300;
});

function call(
	method: string,
	path: string,
	config: AxiosRequestConfig = {},
	token: string | null = emulator.token,
): Promise<AxiosResponse> {
	return axios.request({
		method,
		url: `${emulator.url}${API_BASE}${path}`,
		httpsAgent: insecure,
		validateStatus: () => true,
		...config,
		headers: {
			Accept: 'application/json',
			Version: '26.0',
			...(token === null ? {} : { SEC: token }),
			...(config.headers as Record<string, string>),
		},
	});
}

const createBackup = (name: string, type = 'CONFIG', extra: Record<string, unknown> = {}) =>
	call('POST', '/backups', {
		headers: { backup_type: type },
		data: { name, configuration_id: 1, description: 'test', ...extra },
	});

describe('auth and errors', () => {
	it('answers 401 in QRadar shape without or with a wrong SEC header, and records Version', async () => {
		const none = await call('GET', '/backups', {}, null);
		expect(none.status).toBe(401);
		expect(none.data).toMatchObject({
			http_response: { code: 401, message: 'Unauthorized' },
			code: 18,
			description: '',
			details: {},
		});
		expect(none.data.message).toMatch(/^No SEC header present in request/);
		const wrong = await call('GET', '/backups', {}, 'nope');
		expect(wrong.status).toBe(401);
		const ok = await call('GET', '/backups');
		expect(ok.status).toBe(200);
		expect(emulator.requests.map((r) => r.authorized)).toEqual([false, false, true]);
		expect(emulator.requests[2]?.apiVersion).toBe('26.0');
	});

	it('serves the HTML login page and failNext faults', async () => {
		emulator.faults.htmlLogin = true;
		const html = await call('GET', '/backups');
		expect(html.headers['content-type']).toMatch(/text\/html/);
		emulator.faults.htmlLogin = false;
		emulator.faults.failNext(1, { status: 503, retryAfter: 2 });
		const failed = await call('GET', '/backups');
		expect(failed.status).toBe(503);
		expect(failed.headers['retry-after']).toBe('2');
		expect(failed.data.http_response.code).toBe(503);
	});

	it('tokenExpired: the right token answers 401 code 18', async () => {
		emulator.switches.tokenExpired = true;
		const expired = await call('GET', '/backups');
		expect(expired.status).toBe(401);
		expect(expired.data.code).toBe(18);
	});

	it('answers 404 for an unknown backup', async () => {
		const res = await call('GET', '/backups/999');
		expect(res.status).toBe(404);
		expect(res.data.http_response.code).toBe(404);
	});
});

describe('lists', () => {
	it('pages with Range and both Content-Range forms', async () => {
		const all = await call('GET', '/backups');
		expect(all.data.map((b: { id: number }) => b.id)).toEqual([1, 2, 3, 4]);
		expect(all.headers['content-range']).toBeUndefined();
		expect(all.data[0]).toMatchObject({
			name: SEED.backups[0]?.name,
			type: 'CONFIG',
			status: 'SUCCESS',
			intiated_by: SEED.initiatedBy,
		});
		expect(all.data[0].initiated_by).toBeUndefined();

		const page = await call('GET', '/backups', { headers: { Range: 'items=1-2' } });
		expect(page.status).toBe(200);
		expect(page.headers['content-range']).toBe('items 1-2/4');
		expect(page.data.map((b: { id: number }) => b.id)).toEqual([2, 3]);

		const clipped = await call('GET', '/backups', { headers: { Range: 'items=2-49' } });
		expect(clipped.headers['content-range']).toBe('items 2-3/4');

		const past = await call('GET', '/backups', { headers: { Range: 'items=50-99' } });
		expect(past.headers['content-range']).toBe('items */4');
		expect(past.data).toEqual([]);

		const bad = await call('GET', '/backups', { headers: { Range: 'rows=1-2' } });
		expect(bad.status).toBe(422);
	});

	it('seeds many backups for paging', async () => {
		const big = await startIbmQradarEmulator({ https: false, backups: 10_000 });
		try {
			const res = await axios.get(`${big.url}${API_BASE}/backups`, {
				headers: { SEC: big.token, Range: 'items=9990-10049' },
			});
			expect(res.headers['content-range']).toBe('items 9990-10003/10004');
			expect(res.data).toHaveLength(14);
			expect(res.data[13]).toMatchObject({ id: 10004, status: 'SUCCESS' });
		} finally {
			await big.close();
		}
	});

	it('filters, sorts and trims fields', async () => {
		const filtered = await call('GET', '/backups', {
			params: { filter: 'status="SUCCESS" and time_completed > 1700000000000', fields: 'id,name' },
		});
		expect(filtered.status).toBe(200);
		expect(filtered.data).toEqual([
			{ id: 1, name: SEED.backups[0]?.name },
			{ id: 2, name: SEED.backups[1]?.name },
		]);
		const inList = await call('GET', '/backups', {
			params: {
				filter: '(status IN ("FAILED","IN_PROGRESS") OR id = 1) AND type != "DATA"',
				sort: '-id',
			},
		});
		expect(inList.data.map((b: { id: number }) => b.id)).toEqual([3, 1]);
		const plusSort = await call('GET', '/backups?sort=+name&fields=id');
		expect(plusSort.data.map((b: { id: number }) => b.id)).toEqual([4, 3, 1, 2]);

		for (const filter of ['status=SUCCESS', 'status = "A" and', 'nope = 1', '(id = 1', 'id ~ 2']) {
			const res = await call('GET', '/backups', { params: { filter } });
			expect(res.status).toBe(422);
			expect(res.data.code).toBe(PARAMETER_ERROR_CODE);
			expect(res.data.http_response.code).toBe(422);
		}
		expect((await call('GET', '/backups', { params: { sort: '+bogus' } })).status).toBe(422);
		expect(() => parseFilter('a IS NOT NULL or not (b <= 2)', new Set(['a', 'b']))).not.toThrow();
	});

	it('sortIgnored answers in stored order; sortRefused answers 422 with code 1018', async () => {
		emulator.switches.sortIgnored = true;
		const ignored = await call('GET', '/backups', { params: { sort: '-time_completed' } });
		expect(ignored.status).toBe(200);
		expect(ignored.data.map((b: { id: number }) => b.id)).toEqual([1, 2, 3, 4]);
		emulator.switches.sortIgnored = false;
		emulator.switches.sortRefused = true;
		const refused = await call('GET', '/restores', { params: { sort: '-time_completed' } });
		expect(refused.status).toBe(422);
		expect(refused.data).toMatchObject({
			http_response: { code: 422 },
			code: UNSORTABLE_FIELD_CODE,
		});
		expect(refused.data.message).toMatch(/time_completed/);
		// without a sort the list still answers
		expect((await call('GET', '/restores')).status).toBe(200);
	});

	it('serves backup configurations keyed by configuration_id', async () => {
		const res = await axios.get(`${emulator.url}${CONFIGURATIONS_PATH}`, {
			httpsAgent: insecure,
			headers: { SEC: emulator.token },
		});
		expect(res.data[0]).toMatchObject({
			configuration_id: 1,
			backup_directory_path: '/store/backup',
		});
		expect(res.data[0].name).toBeUndefined();
		const alias = await call('GET', '/backup_configurations/1');
		expect(alias.data.configuration_id).toBe(1);
		expect((await call('GET', '/backup_configurations/7')).status).toBe(404);
	});
});

describe('backups', () => {
	it('creates, polls to SUCCESS, updates the description and deletes', async () => {
		const created = await createBackup('n8n_test-1.0');
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			id: 5,
			status: 'INITIALIZING',
			type: 'CONFIG',
			host_id: SEED.consoleHostId,
			time_completed: null,
		});
		expect((await call('GET', '/backups/5')).data.status).toBe('IN_PROGRESS');
		const done = await call('GET', '/backups/5');
		expect(done.data.status).toBe('SUCCESS');
		expect(done.data.time_completed).toEqual(expect.any(Number));
		expect(done.data.size_on_disk).toBeGreaterThan(0);

		const described = await call('POST', '/backups/5', {
			data: { description: 'kept', name: 'ignored' },
		});
		expect(described.data).toMatchObject({ description: 'kept', name: 'n8n_test-1.0' });
		const long = await call('POST', '/backups/5', { data: { description: 'x'.repeat(256) } });
		expect(long.status).toBe(422);
		expect(long.data.code).toBe(1008);

		const deleted = await call('DELETE', '/backups/5');
		expect(deleted.status).toBe(202);
		expect(deleted.data.status).toBe('DELETING');
		expect((await call('DELETE', '/backups/5')).data.code).toBe(1017);
		expect((await call('GET', '/backups/5')).data.status).toBe('DELETING');
		expect((await call('GET', '/backups/5')).status).toBe(404);
	});

	it('ends FAILED for a failing name; advanceBackup drives a backup', async () => {
		emulator.switches.failingNames = /^broken/;
		await createBackup('broken_one');
		expect(emulator.advanceBackup(5)?.status).toBe('FAILED');
		expect((await call('GET', '/backups/5')).data.status).toBe('FAILED');
		expect(emulator.advanceBackup(4)?.status).toBe('SUCCESS');
	});

	it('answers the documented 409 and 422 codes', async () => {
		const codes = async (res: Promise<AxiosResponse>): Promise<[number, number]> => {
			const r = await res;
			return [r.status, r.data.code as number];
		};
		expect(await codes(createBackup('x', 'FULL'))).toEqual([422, 1001]);
		expect(await codes(createBackup(''))).toEqual([422, 1002]);
		expect(await codes(createBackup('a'.repeat(101)))).toEqual([422, 1003]);
		expect(await codes(createBackup('has space'))).toEqual([422, 1004]);
		expect(await codes(createBackup('x', 'CONFIG', { configuration_id: null }))).toEqual([
			422, 1006,
		]);
		expect(await codes(createBackup('x', 'CONFIG', { configuration_id: 9 }))).toEqual([422, 1007]);
		expect(await codes(createBackup('x', 'CONFIG', { description: 'd'.repeat(256) }))).toEqual([
			422, 1008,
		]);
		expect(await codes(createBackup('x', 'DATA', { host_id: 999 }))).toEqual([422, 1009]);
		expect(await codes(createBackup('x', 'DATA', { host_id: 105 }))).toEqual([422, 1010]);
		expect(await codes(createBackup('x', 'CONFIG', { host_id: 104 }))).toEqual([422, 1012]);
		expect(await codes(createBackup('x', 'DATA', { host_id: 106 }))).toEqual([422, 1013]);
		expect(await codes(createBackup('x', 'DATA', { host_id: 107 }))).toEqual([422, 1014]);
		expect(await codes(createBackup('x', 'DATA', { host_id: 104 }))).toEqual([409, 1015]);
		expect(await codes(createBackup(SEED.backups[0]?.name as string))).toEqual([409, 1005]);
		emulator.switches.pendingDeploy = true;
		expect(await codes(createBackup('x'))).toEqual([409, 1011]);
		emulator.switches.pendingDeploy = false;
		expect((await createBackup('first')).status).toBe(201);
		expect(await codes(createBackup('second'))).toEqual([409, 1015]);
	});
});

describe('restores', () => {
	const restore = (data: unknown) => call('POST', '/restores', { data });

	it('checks the backup and the groups when creating a restore', async () => {
		const codes = async (data: unknown): Promise<[number, number]> => {
			const r = await restore(data);
			return [r.status, r.data.code as number];
		};
		expect(await codes({ groups: ['DEPLOYMENT_CONFIG'] })).toEqual([422, 1002]);
		expect(await codes({ backup_id: 99, groups: ['DEPLOYMENT_CONFIG'] })).toEqual([422, 1003]);
		expect(await codes({ backup_id: 2, groups: ['DEPLOYMENT_CONFIG'] })).toEqual([422, 1004]);
		expect(await codes({ backup_id: 3, groups: ['DEPLOYMENT_CONFIG'] })).toEqual([422, 1005]);
		expect(await codes({ backup_id: 1, groups: [] })).toEqual([422, 1008]);
		expect(await codes({ backup_id: 1, groups: ['OFFENSES_DATA'] })).toEqual([422, 1009]);
		expect(await codes({ backup_id: 1, groups: ['NOPE'] })).toEqual([422, 1010]);
		expect(await codes({ backup_id: 1, groups: ['DOMAINS'] })).toEqual([422, 1010]);
		const created = await restore({ backup_id: 1, groups: ['DEPLOYMENT_CONFIG', 'OFFENSES_DATA'] });
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({
			id: 2,
			status: 'PENDING',
			backup_name: SEED.backups[0]?.name,
		});
		expect(await codes({ backup_id: 1, groups: ['USERS_CONFIG'] })).toEqual([409, 1011]);
		const removed = await call('DELETE', '/restores/2', { headers: { Accept: 'text/plain' } });
		expect(removed.status).toBe(204);
		expect(removed.data).toBe('');
		expect(await codes({ backup_id: 1, groups: ['USERS_CONFIG'] })).toEqual([201, undefined]);
		const finished = await call('DELETE', '/restores/1', { headers: { Accept: 'text/plain' } });
		expect(finished.data.code).toBe(1017);
	});

	it('starts a restore, goes away while it runs and ends SUCCESS', async () => {
		await restore({ backup_id: 1, groups: ['DEPLOYMENT_CONFIG'] });
		expect((await call('POST', '/restores/2', { data: { status: 'IN_PROGRESS' } })).data.code).toBe(
			1013,
		);
		emulator.switches.rebalancing = true;
		expect((await call('POST', '/restores/2', { data: { status: 'REQUESTING' } })).data.code).toBe(
			1014,
		);
		emulator.switches.rebalancing = false;
		expect((await createBackup('blocker')).status).toBe(201);
		expect((await call('POST', '/restores/2', { data: { status: 'REQUESTING' } })).data.code).toBe(
			1015,
		);
		emulator.advanceBackup(5);

		const started = await call('POST', '/restores/2', { data: { status: 'REQUESTING' } });
		expect(started.status).toBe(200);
		expect(started.data.status).toBe('REQUESTING');
		expect((await call('POST', '/restores/2', { data: { status: 'REQUESTING' } })).data.code).toBe(
			1012,
		);
		expect((await createBackup('during')).data.code).toBe(1016);

		const running = await call('GET', '/restores/2');
		expect(running.data.status).toBe('IN_PROGRESS');
		// The console refuses connections for restoreOutageMs now.
		expect(emulator.restarting).toBe(true);
		await expect(call('GET', '/restores/2')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
		await emulator.whenUp();
		const done = await call('GET', '/restores/2');
		expect(done.data).toMatchObject({ status: 'SUCCESS', time_completed: expect.any(Number) });
	});

	it('ends FAILED with restoreFails and without outage when restoreOutageMs is 0', async () => {
		emulator.switches.restoreFails = true;
		emulator.switches.restoreOutageMs = 0;
		await restore({ backup_id: 1, groups: ['DEPLOYMENT_CONFIG'] });
		await call('POST', '/restores/2', { data: { status: 'REQUESTING' } });
		const list = await call('GET', '/restores', { params: { filter: 'status = "IN_PROGRESS"' } });
		expect(list.data.map((r: { id: number }) => r.id)).toEqual([2]);
		expect(emulator.restarting).toBe(false);
		expect((await call('GET', '/restores/2')).data.status).toBe('FAILED');
	});

	it('DELETE /restores/{id} is text/plain: an Accept that allows only JSON answers 406', async () => {
		await restore({ backup_id: 1, groups: ['DEPLOYMENT_CONFIG'] });
		const refused = await call('DELETE', '/restores/2');
		expect(refused.status).toBe(406);
		expect(refused.data).toMatchObject({
			http_response: { code: 406, message: 'Not Acceptable' },
			code: NOT_ACCEPTABLE_CODE,
			details: {},
		});
		expect(refused.data.message).toMatch(/text\/plain/);
		// nothing was deleted
		expect(emulator.state.restores.map((r) => r.id)).toEqual([1, 2]);
		const wildcard = await call('DELETE', '/restores/2', {
			headers: { Accept: 'application/json;q=0.9, */*;q=0.1' },
		});
		expect(wildcard.status).toBe(204);
		expect(emulator.state.restores.map((r) => r.id)).toEqual([1]);

		expect(accepts(undefined, 'text/plain')).toBe(true);
		expect(accepts('text/*', 'text/plain')).toBe(true);
		expect(accepts('text/plain, */*', 'text/plain')).toBe(true);
		expect(accepts('application/json', 'text/plain')).toBe(false);
		expect(accepts('text/plain;q=0, application/json', 'text/plain')).toBe(false);
	});

	it('knows DOMAINS and rule 1019 on newer consoles', async () => {
		const newer = await startIbmQradarEmulator({ https: false, domainsGroup: true });
		try {
			const post = (groups: string[]) =>
				axios.post(
					`${newer.url}${API_BASE}/restores`,
					{ backup_id: 1, groups },
					{ headers: { SEC: newer.token }, validateStatus: () => true },
				);
			expect((await post(['USERS_CONFIG'])).data.code).toBe(1019);
			expect((await post(['USERS_CONFIG', 'DOMAINS'])).status).toBe(201);
		} finally {
			await newer.close();
		}
	});
});
