/**
 * Connector > Get Health on a full connector and on an older one. Memory and disk
 * monitoring came with later 2.x versions (SAP's Cloud Connector monitoring API): an older
 * connector answers those paths 404, and the node then reports what did answer and names
 * each part this connector does not offer. A refused credential, a connector that refuses
 * the API and an outage are not "a part missing": they still fail the check.
 */
import { SEED } from '../emulators/sapCloudConnector';
import { VERSION_PATH, calls, expectFailed, json, runSap, useSapEmulator } from './helpers';

const emulator = useSapEmulator();

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const getHealth = { resource: 'connector', operation: 'getHealth' };
const MEMORY_PATH = '/api/monitoring/memory';
const DISK_PATH = '/api/monitoring/disk';
const isGet = (path: string) => (request: { method: string; path: string }) =>
	request.method === 'GET' && request.path === path;

const notOffered = (part: string, status = 404) => ({
	part,
	reason: `not offered by this Cloud Connector version (HTTP ${status})`,
});

describe('Get Health on a full connector (2.17)', () => {
	it('reads version, role, memory and disk; nothing is unavailable', async () => {
		const result = await runSap(emulator(), getHealth);
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				status: 'UP',
				checkedAt: expect.stringMatching(ISO_TIME),
				version: SEED.version,
				ha: 'master',
				memory: SEED.monitoring.memory,
				disk: SEED.monitoring.disk,
				unavailable: [],
			},
		]);
		expect(calls(emulator()).sort()).toEqual(
			[DISK_PATH, MEMORY_PATH, '/api/v1/configuration/connector', VERSION_PATH]
				.map((path) => `GET ${path}`)
				.sort(),
		);
	});
});

describe('Get Health on an older connector', () => {
	it('without memory and disk monitoring: outputs what answered and names both missing parts', async () => {
		emulator().memoryAndDiskMonitoring = false;
		emulator().state.version = '2.12.5';

		const result = await runSap(emulator(), getHealth);

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				status: 'UP',
				checkedAt: expect.stringMatching(ISO_TIME),
				version: '2.12.5',
				ha: 'master',
				memory: null,
				disk: null,
				unavailable: [notOffered('memory'), notOffered('disk')],
			},
		]);
		// each part was asked for once: a 404 is an answer, not something to retry
		expect(emulator().requests.filter(isGet(MEMORY_PATH))).toHaveLength(1);
		expect(emulator().requests.filter(isGet(DISK_PATH))).toHaveLength(1);
	});

	it('one part missing: the other is output, and only the missing one is named', async () => {
		emulator().faults.failNext(1, { status: 404 }, isGet(DISK_PATH));
		const result = await runSap(emulator(), getHealth);
		expect(result.error).toBeUndefined();
		const [out] = json(result.items);
		expect(out.memory).toEqual(SEED.monitoring.memory);
		expect(out.disk).toBeNull();
		expect(out.unavailable).toEqual([notOffered('disk')]);
	});

	it.each([405, 501])(
		'a part answered %i (method or endpoint not implemented) counts as not offered',
		async (status) => {
			emulator().faults.failNext(1, { status }, isGet(MEMORY_PATH));
			const result = await runSap(emulator(), getHealth);
			expect(result.error).toBeUndefined();
			const [out] = json(result.items);
			expect(out.memory).toBeNull();
			expect(out.disk).toEqual(SEED.monitoring.disk);
			expect(out.unavailable).toEqual([notOffered('memory', status)]);
		},
	);
});

describe('Get Health still fails when the connector is not fine', () => {
	it('a wrong credential (401) fails the check, on an older connector too', async () => {
		emulator().memoryAndDiskMonitoring = false;
		const result = await runSap(emulator(), getHealth, {
			credentialData: { password: 'Not-The-Password-1' },
		});
		expectFailed(result, {
			httpCode: '401',
			description: [/Check the username and password of the credential/],
		});
	});

	it('a 401 on a monitoring part alone is not "not offered": the check fails', async () => {
		emulator().faults.failNext(
			1,
			{ status: 401, contentType: 'text/html', body: '<html>401</html>' },
			isGet(MEMORY_PATH),
		);
		const result = await runSap(emulator(), getHealth);
		expectFailed(result, { httpCode: '401' });
	});

	it('a connector that refuses the API (403, initial password never changed) fails the check', async () => {
		emulator().passwordChangeRequired = true;
		const result = await runSap(emulator(), getHealth);
		expectFailed(result, {
			httpCode: '403',
			description: [/initial password/],
		});
	});

	it('a monitoring part that stays unreachable fails the check instead of being reported missing', async () => {
		emulator().faults.dropNext(10, isGet(DISK_PATH));
		const result = await runSap(emulator(), getHealth);
		expectFailed(result, { message: /^The connection to SAP Cloud Connector was lost/ });
	});

	it('a 503 on a monitoring part is waited out, not reported missing', async () => {
		emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isGet(DISK_PATH));
		const result = await runSap(emulator(), getHealth);
		expect(result.error).toBeUndefined();
		expect(json(result.items)[0]).toMatchObject({ disk: SEED.monitoring.disk, unavailable: [] });
	});
});
