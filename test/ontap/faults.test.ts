/**
 * The node against a misbehaving cluster: each fault switch of the emulator, and
 * what the retry policy of the shared request core makes of it. A GET survives
 * bursts, drops, truncations and a restart; a POST that creates something is
 * never sent twice; a DELETE is repeated only when ONTAP provably did not act;
 * a timeout is reported, not repeated; a cancelled execution stops waiting.
 */
import { SEED, startOntapEmulator, type RecordedRequest } from '../emulators/ontap';
import { apiCalls, byId, json, runOntap, useOntapEmulator } from './helpers';

const emulator = useOntapEmulator();

const NODE1 = SEED.nodes.node1;
const SVM1 = SEED.svms.svm1;
const SETTINGS_PATH = '/api/support/configuration-backup';
const BACKUPS_PATH = '/api/support/configuration-backup/backups';
const SESSIONS_PATH = '/api/protocols/ndmp/sessions';

const isGet = (r: RecordedRequest) => r.method === 'GET';
const isPost = (r: RecordedRequest) => r.method === 'POST';
const isDelete = (r: RecordedRequest) => r.method === 'DELETE';

const settingsSeen = () => ({
	url: SEED.configBackup.url,
	username: SEED.configBackup.username,
	validate_certificate: SEED.configBackup.validate_certificate,
});

describe('GET: transient faults are retried', () => {
	it('a 503 burst of 2 with Retry-After 1 is waited out: right output, 3 GETs', async () => {
		emulator().faults.failNext(2, { status: 503, retryAfter: 1 }, isGet);
		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'get',
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0]?.json).toMatchObject(settingsSeen());
		expect(result.items[0]?.json.password).toBeUndefined();
		expect(apiCalls(emulator())).toEqual([
			`GET ${SETTINGS_PATH}`,
			`GET ${SETTINGS_PATH}`,
			`GET ${SETTINGS_PATH}`,
		]);
		// the retries are the same request
		expect(new Set(emulator().requests.map((r) => r.rawUrl)).size).toBe(1);
	});

	it('a 429 on page 2 of a Get Many is retried: every record comes out exactly once', async () => {
		emulator().addSessions(40);
		const expected = emulator().state.sessions.map((s) => `${s.uuid}/${s.id}`);
		expect(expected).toHaveLength(45);
		// page 2 is the first request that carries a continuation token
		emulator().faults.failNext(
			1,
			{ status: 429, retryAfter: 1 },
			(r) => r.query['start.token'] !== undefined,
		);

		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
		});

		expect(result.error).toBeUndefined();
		const got = json(result.items).map((s) => `${String(s.uuid)}/${String(s.id)}`);
		expect(got).toHaveLength(45);
		expect(new Set(got).size).toBe(45);
		expect([...got].sort()).toEqual([...expected].sort());
		// page 1, page 2 (429), page 2 again, page 3
		expect(apiCalls(emulator())).toEqual(Array(4).fill(`GET ${SESSIONS_PATH}`));
		const [, failed, retried, third] = emulator().requests;
		expect(retried?.rawUrl).toBe(failed?.rawUrl);
		expect(third?.rawUrl).not.toBe(retried?.rawUrl);
	});

	it('a 502 burst of 4 outlasts the 3 retries: a clear 502 error after exactly 4 GETs', async () => {
		emulator().faults.failNext(4, { status: 502 }, isGet);
		const result = await runOntap(emulator(), { resource: 'ndmp', operation: 'get' });

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.httpCode).toBe('502');
		expect(result.error?.message).toBe('Bad gateway');
		expect(result.error?.description).toContain('(GET /api/protocols/ndmp)');
		expect(result.error?.description).toMatch(/try again later/i);
		expect(apiCalls(emulator())).toEqual(Array(4).fill('GET /api/protocols/ndmp'));
	});

	it('a dropped connection is retried', async () => {
		emulator().faults.dropNext(1, isGet);
		const result = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'get',
			svm: byId(SVM1),
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0]?.json).toMatchObject({
			svm: { uuid: SVM1, name: 'svm1' },
			enabled: true,
		});
		expect(apiCalls(emulator())).toEqual([
			`GET /api/protocols/ndmp/svms/${SVM1}`,
			`GET /api/protocols/ndmp/svms/${SVM1}`,
		]);
	});

	it('a truncated answer is retried', async () => {
		emulator().faults.truncateNext(1, isGet);
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			returnAll: true,
		});

		expect(result.error).toBeUndefined();
		expect(json(result.items).map((file) => file.name)).toEqual(
			SEED.backupFiles.map((file) => file.name),
		);
		expect(apiCalls(emulator())).toEqual([`GET ${BACKUPS_PATH}`, `GET ${BACKUPS_PATH}`]);
	});

	it('a restart window is bridged by the retries on refused connections', async () => {
		const restarted = emulator().restart(800);
		try {
			const result = await runOntap(emulator(), {
				resource: 'configurationBackup',
				operation: 'get',
			});

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0]?.json).toMatchObject(settingsSeen());
			// refused attempts never reach the emulator: it saw the one that got through
			expect(apiCalls(emulator())).toEqual([`GET ${SETTINGS_PATH}`]);
		} finally {
			await restarted;
		}
	});

	it('a download cut off halfway is fetched again and the bytes are exact', async () => {
		const file = emulator().state.backupFiles[0];
		if (!file) throw new Error('the emulator has no seeded backup file');
		const downloadPath = `/backups/${encodeURIComponent(file.name)}`;
		emulator().faults.truncateNext(1, (r) => r.path === downloadPath);

		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'download',
			clusterNode: byId(file.node.uuid),
			name: file.name,
			binaryPropertyName: 'data',
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const item = result.items[0];
		if (!item) throw new Error('no output item');
		expect(item.json).toMatchObject({ name: file.name, downloaded: true });
		const bytes = await result.binaryBuffer(item, 'data');
		expect(bytes.length).toBe(file.content.length);
		expect(bytes.equals(file.content)).toBe(true);
		expect(apiCalls(emulator())).toEqual([
			`GET ${BACKUPS_PATH}/${file.node.uuid}/${encodeURIComponent(file.name)}`,
			`GET ${downloadPath}`,
			`GET ${downloadPath}`,
		]);
	});
});

describe('a slow answer', () => {
	it('beyond options.requestTimeout (type version 1.1) is reported, not repeated', async () => {
		emulator().faults.slowNext(1, 3000, isGet);
		const result = await runOntap(
			emulator(),
			{
				resource: 'ndmpSession',
				operation: 'getAll',
				returnAll: true,
				options: { requestTimeout: 1 },
			},
			{ typeVersion: 1.1 },
		);

		expect(result.error?.message).toBe('ONTAP did not answer within 1 s');
		expect(apiCalls(emulator())).toEqual([`GET ${SESSIONS_PATH}`]);
	});

	it('beyond options.timeout (saved with type version 1) is reported, not repeated: exactly 1 request', async () => {
		emulator().faults.slowNext(1, 3000, isGet);
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
			options: { timeout: 1 },
		});

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('ONTAP did not answer within 1 s');
		expect(result.error?.description).toMatch(
			/allow more time with the node's Request Timeout option/,
		);
		expect(result.error?.description).toContain(`(GET ${SESSIONS_PATH})`);
		expect(apiCalls(emulator())).toEqual([`GET ${SESSIONS_PATH}`]);
	});
});

describe('POST create: never sent twice', () => {
	const create = {
		resource: 'configurationBackupFile',
		operation: 'create',
		clusterNode: byId(NODE1),
		name: 'before-upgrade',
		options: { pollInterval: 0.1, timeout: 30 },
	};

	it('a dropped connection is reported as "not repeated", with exactly one POST', async () => {
		const filesBefore = emulator().state.backupFiles.length;
		emulator().faults.dropNext(1, isPost);
		const result = await runOntap(emulator(), create);

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('The connection to ONTAP was lost');
		expect(result.error?.description).toMatch(
			/was not repeated because it may have been carried out/,
		);
		expect(result.error?.description).toContain(`(POST ${BACKUPS_PATH})`);
		expect(emulator().requests.filter(isPost)).toHaveLength(1);
		expect(apiCalls(emulator())).toEqual([`POST ${BACKUPS_PATH}`]);
		expect(emulator().state.backupFiles.length - filesBefore).toBeLessThanOrEqual(1);
		expect(
			emulator().state.backupFiles.filter((f) => f.name === 'before-upgrade.7z').length,
		).toBeLessThanOrEqual(1);
	});

	it('a 503 is reported, with exactly one POST', async () => {
		emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isPost);
		const result = await runOntap(emulator(), create);

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('503');
		expect(result.error?.message).toBe('Service unavailable');
		expect(result.error?.description).toContain(`(POST ${BACKUPS_PATH})`);
		expect(emulator().requests.filter(isPost)).toHaveLength(1);
		expect(apiCalls(emulator())).toEqual([`POST ${BACKUPS_PATH}`]);
		expect(emulator().state.backupFiles.some((f) => f.name === 'before-upgrade.7z')).toBe(false);
	});
});

describe('DELETE: repeated only when ONTAP did not act', () => {
	it('a 503 burst is retried and the session is gone', async () => {
		const session = emulator().state.sessions[2];
		if (!session) throw new Error('no seeded session');
		emulator().faults.failNext(2, { status: 503 }, isDelete);

		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: session.uuid,
			sessionId: session.id,
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ deleted: true, ownerUuid: session.uuid, sessionId: session.id },
		]);
		const path = `${SESSIONS_PATH}/${session.uuid}/${encodeURIComponent(session.id)}`;
		expect(apiCalls(emulator())).toEqual([`DELETE ${path}`, `DELETE ${path}`, `DELETE ${path}`]);
		expect(
			emulator().state.sessions.some((s) => s.uuid === session.uuid && s.id === session.id),
		).toBe(false);
		expect(emulator().state.sessions).toHaveLength(4);
	});

	it('a dropped connection is not retried: one DELETE and a clear error', async () => {
		const session = emulator().state.sessions[1];
		if (!session) throw new Error('no seeded session');
		emulator().faults.dropNext(1, isDelete);

		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: session.uuid,
			sessionId: session.id,
		});

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('The connection to ONTAP was lost');
		expect(result.error?.description).toMatch(/closed the connection before answering/);
		expect(emulator().requests.filter(isDelete)).toHaveLength(1);
		expect(apiCalls(emulator())).toHaveLength(1);
	});
});

describe('cancellation', () => {
	it('a create waiting for a job that never ends stops when the execution is cancelled', async () => {
		const slowCluster = await startOntapEmulator({ jobPolls: 1000 });
		try {
			const result = await runOntap(
				slowCluster,
				{
					resource: 'configurationBackupFile',
					operation: 'create',
					clusterNode: byId(NODE1),
					name: 'cancel-me',
					options: { waitForCompletion: true, pollInterval: 0.2, timeout: 60 },
				},
				{ cancelAfterMs: 1000 },
			);

			const stoppedByCancel =
				result.status === 'canceled' ||
				/cancel/i.test(`${result.error?.message ?? ''} ${result.error?.description ?? ''}`);
			expect(stoppedByCancel).toBe(true);
			expect(result.items).toEqual([]);
			// the job was started once and was still running when the wait stopped
			expect(slowCluster.requests.filter(isPost)).toHaveLength(1);
			const job = slowCluster.state.jobs[0];
			expect(job?.state).toBe('running');
			expect(
				slowCluster.requests.filter((r) => r.path === `/api/cluster/jobs/${job?.uuid}`).length,
			).toBeGreaterThan(0);
		} finally {
			await slowCluster.close();
		}
	}, 20_000);
});
