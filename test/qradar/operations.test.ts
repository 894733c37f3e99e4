/**
 * Every operation of the IBM QRadar node, run the way n8n runs it, against the emulator:
 * what the user gets out, and what the console received (headers, bodies, ranges).
 */
import { SEED } from '../emulators/ibmQradar';
import {
	BACKUPS,
	CONFIGURATIONS,
	FAST,
	RESTORES,
	TOKEN,
	byId,
	calls,
	createBackupParameters,
	expectFailed,
	header,
	json,
	posts,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
} from './helpers';

describe('backup', () => {
	const emulator = useQradarEmulator();

	it('create CONFIG: one POST with backup_type, SEC and Version headers, configuration_id 1 by default', async () => {
		const result = await runQradar(emulator(), createBackupParameters());
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				id: 5,
				name: 'n8n_test_backup',
				type: 'CONFIG',
				status: 'INITIALIZING',
			}),
		]);
		expect(calls(emulator())).toEqual([`POST ${BACKUPS}`]);
		const [request] = emulator().requests;
		expect(header(request, 'backup_type')).toBe('CONFIG');
		expect(header(request, 'sec')).toBe(TOKEN);
		expect(header(request, 'version')).toBe('26.0');
		expect(header(request, 'accept')).toBe('application/json');
		expect(request.body).toEqual({ name: 'n8n_test_backup', configuration_id: 1 });
	});

	it('create DATA with description and host ID', async () => {
		const result = await runQradar(
			emulator(),
			createBackupParameters({
				backupType: 'DATA',
				name: 'data_console',
				configurationId: 1,
				additionalFields: { description: 'before the upgrade', hostId: 53 },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(json(result.items)[0]).toMatchObject({
			name: 'data_console',
			type: 'DATA',
			host_id: 53,
			description: 'before the upgrade',
		});
		const [request] = posts(emulator(), BACKUPS);
		expect(header(request, 'backup_type')).toBe('DATA');
		expect(request.body).toEqual({
			name: 'data_console',
			configuration_id: 1,
			description: 'before the upgrade',
			host_id: 53,
		});
	});

	it('create and wait: polls the backup until SUCCESS and outputs the finished backup', async () => {
		emulator().switches.backupPolls = 3;
		const result = await runQradar(
			emulator(),
			createBackupParameters({ options: { waitForCompletion: true, ...FAST } }),
		);
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 5, status: 'SUCCESS', is_valid: true }),
		]);
		expect(json(result.items)[0].time_completed).toEqual(expect.any(Number));
		expect(calls(emulator())).toEqual([
			`POST ${BACKUPS}`,
			`GET ${BACKUPS}/5`,
			`GET ${BACKUPS}/5`,
			`GET ${BACKUPS}/5`,
		]);
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
	});

	it('create and wait: a FAILED backup is an error naming it', async () => {
		emulator().switches.failingNames = ['doomed'];
		const result = await runQradar(
			emulator(),
			createBackupParameters({ name: 'doomed', options: { waitForCompletion: true, ...FAST } }),
		);
		expectFailed(result, {
			message: 'QRadar backup "doomed" (ID 5) ended with status FAILED',
			description: [/The backup did not complete/],
		});
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
	});

	it('create and wait: a FAILED backup under Continue On Fail is an error item', async () => {
		emulator().switches.failingNames = ['doomed'];
		const result = await runQradar(
			emulator(),
			createBackupParameters({ name: 'doomed', options: { waitForCompletion: true, ...FAST } }),
			{ continueOnFail: true },
		);
		expect(result.status).toBe('success');
		expect(json(result.items)).toEqual([
			{
				error: 'QRadar backup "doomed" (ID 5) ended with status FAILED',
				description: expect.stringMatching(/The backup did not complete/),
			},
		]);
	});

	it('create and wait: gives up at the timeout with a clear error, after one POST', async () => {
		emulator().switches.backupPolls = 1_000_000;
		const result = await runQradar(
			emulator(),
			createBackupParameters({
				name: 'slow_one',
				options: { waitForCompletion: true, timeout: 0.5, pollInterval: 0.1 },
			}),
		);
		expectFailed(result, {
			message:
				/^Gave up waiting for backup "slow_one" \(ID 5\) after 0\.5 s \(last state: IN_PROGRESS\)/,
			description: [
				/Backup > Get \(ID 5\)/,
				/Raise the Timeout option/,
				/It may still be running\. The backup "slow_one" was started as ID 5/,
			],
		});
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		expect(emulator().requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(0);
	});

	it('get', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'get',
			backup: byId(2),
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 2, name: 'nightly_data_20250102', type: 'DATA' }),
		]);
		expect(calls(emulator())).toEqual([`GET ${BACKUPS}/2`]);
	});

	it('get with a locator picked from the list', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'get',
			backup: { __rl: true, mode: 'list', value: '3', cachedResultName: 'x' },
		});
		expect(json(result.items)[0]).toMatchObject({ id: 3, status: 'FAILED' });
	});

	it('getAll with Limit asks for exactly that many records', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(result.items).toHaveLength(2);
		expect(emulator().requests.map((r) => header(r, 'range'))).toEqual(['items=0-1']);
	});

	it('getAll passes filter, sort and fields through', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
			filters: { filter: 'status IN ("SUCCESS", "FAILED")', sort: '-id', fields: 'id,name,status' },
		});
		expect(json(result.items)).toEqual([
			{ id: 3, name: 'manual_config_20250103', status: 'FAILED' },
			{ id: 2, name: 'nightly_data_20250102', status: 'SUCCESS' },
			{ id: 1, name: 'nightly_config_20250101', status: 'SUCCESS' },
		]);
		const [request] = emulator().requests;
		expect(request.query).toEqual({
			filter: 'status IN ("SUCCESS", "FAILED")',
			sort: '-id',
			fields: 'id,name,status',
		});
	});

	it('getAll with an empty result accepts "Content-Range: items */0"', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
			filters: { filter: 'status="MISSING"' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(calls(emulator())).toEqual([`GET ${BACKUPS}`]);
	});

	it('getAll with an unparsable filter: the 422 explained', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
			filters: { filter: 'status = = "SUCCESS' },
		});
		expectFailed(result, {
			httpCode: '422',
			message: 'QRadar did not accept the filter, sort or fields expression',
			description: [/Check its syntax/, /QRadar said: "Invalid filter/],
		});
	});

	it('delete: 202, the backup goes to DELETING', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'delete',
			backup: byId(1),
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 1, status: 'DELETING', deleted: true }),
		]);
		expect(calls(emulator())).toEqual([`DELETE ${BACKUPS}/1`]);
		expect(emulator().state.backups.find((b) => b.id === 1)?.status).toBe('DELETING');
	});
});

describe('backup getAll across pages (1204 backups)', () => {
	const emulator = useQradarEmulator({ backups: 1200 });

	it('Return All walks three 500-record pages', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1204);
		expect(new Set(json(result.items).map((b) => b.id)).size).toBe(1204);
		expect(emulator().requests.map((r) => header(r, 'range'))).toEqual([
			'items=0-499',
			'items=500-999',
			'items=1000-1499',
		]);
	});

	it('Limit 700 asks for 500, then only the missing 200', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: false,
			limit: 700,
		});
		expect(result.items).toHaveLength(700);
		expect(emulator().requests.map((r) => header(r, 'range'))).toEqual([
			'items=0-499',
			'items=500-699',
		]);
	});

	it('Return All stops at a page past the end answered "items */total"', async () => {
		// 1204 -> 1000: the third page asked for starts exactly at the end
		emulator().state.backups.splice(1000);
		emulator().faults.failNext(
			1,
			{ status: 200, body: '[]', contentType: 'application/json' },
			(r) => r.headers.range === 'items=1000-1499',
		);
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1000);
	});
});

describe('restore', () => {
	const emulator = useQradarEmulator();

	it('create: one POST {backup_id, groups}, a PENDING restore', async () => {
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'create',
			backup: byId(1),
			groups: ['DEPLOYMENT_CONFIG', 'INSTALLED_APPS_CONFIG', 'DEPLOYMENT_CONFIG'],
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 2, backup_id: 1, status: 'PENDING' }),
		]);
		expect(calls(emulator())).toEqual([`POST ${RESTORES}`]);
		expect(emulator().requests[0].body).toEqual({
			backup_id: 1,
			groups: ['DEPLOYMENT_CONFIG', 'INSTALLED_APPS_CONFIG'],
		});
	});

	it('start without waiting: PENDING -> REQUESTING', async () => {
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: byId(id),
			options: { waitForCompletion: false },
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining({ id, status: 'REQUESTING' })]);
		expect(calls(emulator())).toEqual([`POST ${RESTORES}/${id}`]);
		expect(emulator().requests[0].body).toEqual({ status: 'REQUESTING' });
	});

	it('start and wait: rides out the outage while services restart, outputs SUCCESS', async () => {
		emulator().switches.restorePolls = 3;
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: byId(id),
			options: { waitForCompletion: true, pollInterval: 0.1, timeout: 20 },
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining({ id, status: 'SUCCESS' })]);
		expect(calls(emulator())).toEqual([
			`POST ${RESTORES}/${id}`,
			`GET ${RESTORES}/${id}`,
			`GET ${RESTORES}/${id}`,
			`GET ${RESTORES}/${id}`,
		]);
		expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
	});

	it('start and wait: a FAILED restore is an error', async () => {
		emulator().switches.restoreFails = true;
		emulator().switches.restoreOutageMs = 0;
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: byId(id),
			options: { waitForCompletion: true, ...FAST },
		});
		expectFailed(result, {
			message: `QRadar restore ${id} of backup "nightly_config_20250101" ended with status FAILED`,
			description: [/The restore did not complete/, new RegExp(`Restore > Get \\(ID ${id}\\)`)],
		});
	});

	it('get and getAll', async () => {
		const get = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'get',
			restore: byId(1),
		});
		expect(json(get.items)).toEqual([
			expect.objectContaining({ id: 1, backup_id: 1, status: 'SUCCESS' }),
		]);
		const all = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'getAll',
			returnAll: true,
		});
		expect(json(all.items).map((r) => r.id)).toEqual([1]);
		expect(calls(emulator())).toEqual([`GET ${RESTORES}/1`, `GET ${RESTORES}`]);
		expect(header(emulator().requests[1], 'range')).toBe('items=0-499');
	});

	it('delete: 204 without a body -> {id, deleted: true}', async () => {
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'delete',
			restore: byId(id),
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([{ id, deleted: true }]);
		expect(calls(emulator())).toEqual([`DELETE ${RESTORES}/${id}`]);
		// IBM documents text/plain for this call; the emulator refuses an Accept of JSON alone
		expect(header(emulator().requests[0], 'accept')).toBe('text/plain, */*');
		expect(emulator().state.restores.map((r) => r.id)).toEqual([1]);
	});
});

describe('backup configuration', () => {
	const emulator = useQradarEmulator();

	it('get', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backupConfiguration',
			operation: 'get',
			configurationId: 1,
		});
		expect(json(result.items)).toEqual([SEED.configurations[0]]);
		expect(calls(emulator())).toEqual([`GET ${CONFIGURATIONS}/1`]);
	});

	it('getAll', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backupConfiguration',
			operation: 'getAll',
			returnAll: true,
		});
		expect(json(result.items)).toEqual([SEED.configurations[0]]);
		expect(calls(emulator())).toEqual([`GET ${CONFIGURATIONS}`]);
	});

	it('get of a configuration that does not exist: 404 with a hint', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backupConfiguration',
			operation: 'get',
			configurationId: 9,
		});
		expectFailed(result, { httpCode: '404', message: /does not exist/ });
	});
});
