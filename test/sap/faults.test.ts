/**
 * The node against a misbehaving Cloud Connector. The backup POST stores nothing on the
 * connector, so a broken download is simply asked for again; the restore PUT restarts the
 * connector, so it is sent exactly once whatever happens, and the user is told when it
 * may have arrived. A connector that does not come back ends the wait with a clear error.
 */
import { changeConfiguration, configurationOf, readBackup } from '../emulators/sapCloudConnector';
import {
	BACKUP_PASSWORD,
	BACKUP_PATH,
	VERSION_PATH,
	calls,
	createParameters,
	isBackupPost,
	isRestorePut,
	restoreFrom,
	restorePuts,
	runSap,
	seedBackup,
	useSapEmulator,
} from './helpers';

const emulator = useSapEmulator({ restartWindowMs: 1500 });

const isVersionGet = (request: { method: string; path: string }) =>
	request.method === 'GET' && request.path === VERSION_PATH;

describe('backup download: asked for again when it breaks off, refused when it is not a ZIP', () => {
	it('a download truncated once is fetched again: exactly two POSTs, the file is whole', async () => {
		emulator().faults.truncateNext(1, isBackupPost);

		const result = await runSap(emulator(), createParameters());

		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`, `POST ${BACKUP_PATH}`]);
		const zip = await result.binaryBuffer(result.items[0], 'data');
		// the second answer, whole: as long as the connector said, and readable with the password
		expect(emulator().state.backupsMade).toBe(2);
		expect(zip.length).toBe(emulator().state.lastBackup?.bytes);
		expect(result.items[0]?.json.bytes).toBe(zip.length);
		expect((await readBackup(zip, BACKUP_PASSWORD)).configuration).toEqual(
			configurationOf(emulator()),
		);
	});

	it('a dropped backup request is sent again', async () => {
		emulator().faults.dropNext(1, isBackupPost);
		const result = await runSap(emulator(), createParameters());
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`, `POST ${BACKUP_PATH}`]);
		expect(emulator().state.backupsMade).toBe(1);
	});

	it('a 503 with Retry-After is waited out', async () => {
		emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isBackupPost);
		const result = await runSap(emulator(), createParameters());
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`, `POST ${BACKUP_PATH}`]);
		expect(emulator().state.backupsMade).toBe(1);
	});

	it('truncated on every try: a clear error after the retries, no file', async () => {
		emulator().faults.truncateNext(10, isBackupPost);
		const result = await runSap(emulator(), createParameters());
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(
			/^The connection to SAP Cloud Connector was lost after 4 attempts/,
		);
		expect(emulator().requests.filter(isBackupPost)).toHaveLength(4);
	});

	it.each([
		[
			'a JSON document',
			{ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'ok' }) },
			'a JSON document',
		],
		[
			'JSON without a JSON content type',
			{ status: 200, contentType: 'application/zip', body: '{"type":"RUNTIME_FAILURE"}' },
			'a JSON document',
		],
		[
			'data that is not a ZIP',
			{ status: 200, contentType: 'application/zip', body: 'Rar!\u001a\u0007\u0000 not a zip' },
			'data that is not a ZIP file',
		],
		[
			'an empty answer',
			{ status: 200, contentType: 'application/zip', body: '' },
			'an empty answer',
		],
	])(
		'a backup answered with %s is refused, and not asked for again',
		async (_title, answer, what) => {
			emulator().faults.failNext(1, answer, isBackupPost);

			const result = await runSap(emulator(), createParameters());

			expect(result.status).toBe('error');
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(
				`SAP Cloud Connector answered the download of the configuration backup with ${what} instead of the file`,
			);
			expect(result.error?.description).toMatch(/Nothing was stored/);
			expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`]);
		},
	);
});

describe('restore upload: sent once, whatever happens', () => {
	it('a dropped upload is not sent again: exactly one PUT, and the user is told it may have arrived', async () => {
		const zip = await seedBackup(emulator());
		const changed = changeConfiguration(emulator());
		emulator().faults.dropNext(1, isRestorePut);

		const result = await restoreFrom(emulator(), zip);

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('The connection to SAP Cloud Connector was lost');
		expect(result.error?.description).toMatch(
			/^The upload may have reached the Cloud Connector: if it did, the connector is restarting/,
		);
		expect(result.error?.description).toMatch(/before restoring again/);
		expect(result.error?.description).toMatch(/was not repeated/);
		// the whole upload did arrive, once, and nothing after it
		const puts = restorePuts(emulator());
		expect(puts).toHaveLength(1);
		expect(emulator().uploadOf(puts[0])?.equals(zip)).toBe(true);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
		// the emulator dropped it before acting on it
		expect(configurationOf(emulator())).toEqual(changed);
	});

	it('a restore accepted but the connector stays down: a clear timeout that says the restore was accepted', async () => {
		const before = configurationOf(emulator());
		const zip = await seedBackup(emulator());
		changeConfiguration(emulator());
		emulator().restartWindowMs = 4000;

		const result = await restoreFrom(emulator(), zip, {
			options: { timeout: 1, pollInterval: 0.2 },
		});

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toMatch(
			/^Gave up waiting for SAP Cloud Connector to restart after 1 s \(last state: not reachable \(SAP Cloud Connector refused the connection\)\)$/,
		);
		expect(result.error?.description).toMatch(/^The restore itself was accepted\./);
		// how to check it
		expect(result.error?.description).toMatch(
			/It may still be running\. Check that the Cloud Connector is back \(Connector > Get Version, or service scc_daemon on its host\) before restoring again\./,
		);
		expect(result.error?.description).toMatch(/Raise the Timeout option/);
		// it gave up while the connector was still down, instead of hanging on
		expect(emulator().state.lastRestore?.restart?.endedAt).toBeUndefined();
		expect(emulator().restarting).toBe(true);
		// and the restore did happen
		expect(emulator().state.restores).toBe(1);
		expect(configurationOf(emulator())).toEqual(before);
		expect(restorePuts(emulator())).toHaveLength(1);
	}, 20_000);

	it('the connector comes back but refuses the credential: says the restored configuration may have another password', async () => {
		const zip = await seedBackup(emulator());
		// the first look that reaches the connector after its restart
		emulator().faults.failNext(
			1,
			{
				status: 401,
				contentType: 'text/html',
				body: '<html><body>HTTP Status 401 – Unauthorized</body></html>',
			},
			isVersionGet,
		);

		const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toMatch(
			/^The Cloud Connector came back after the restore but refused the credential/,
		);
		expect(emulator().state.restores).toBe(1);
		expect(restorePuts(emulator())).toHaveLength(1);
	});

	it('a connector that answers 503 while it starts up is still waited for', async () => {
		const zip = await seedBackup(emulator());
		emulator().faults.failNext(2, { status: 503 }, isVersionGet);

		const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });

		expect(result.error).toBeUndefined();
		expect(result.items[0]?.json).toMatchObject({ restart: 'restarted', version: '2.17.1' });
		expect(emulator().requests.filter(isVersionGet).length).toBeGreaterThanOrEqual(3);
	});
});

/**
 * Each fault switch of the emulator against a read (Connector > Get Version), the create
 * (Configuration Backup > Create) and the long wait (Restore, then the restart wait, the
 * fault hitting the first look after the upload). Each ends recovered or with a clear
 * error; never a hang, never a second backup POST or restore PUT.
 */
describe('every fault switch against a read, the create and the restart wait', () => {
	const getVersion = { resource: 'connector', operation: 'getVersion' };
	const LOGIN_PAGE = {
		status: 200,
		contentType: 'text/html;charset=utf-8',
		body: '<!DOCTYPE html><html><head><title>SAP Cloud Connector</title></head><body><form action="j_security_check"></form></body></html>',
	};

	/** Runs `action` when the first look at the version arrives (before it is answered). */
	function atFirstLook(action: () => void) {
		let done = false;
		emulator().faults.slowNext(1, 0, (request) => {
			if (!done && isVersionGet(request)) {
				done = true;
				action();
			}
			return false;
		});
	}

	type Arm = () => void;
	const recovering: Array<[string, Arm, Arm]> = [
		// [title, arm for a read or the create, arm at the first look of the wait]
		[
			'a 503 with Retry-After',
			() => emulator().faults.failNext(1, { status: 503, retryAfter: 1 }),
			() => emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isVersionGet),
		],
		[
			'a dropped connection',
			() => emulator().faults.dropNext(1),
			() => emulator().faults.dropNext(1, isVersionGet),
		],
		[
			'a truncated answer',
			() => emulator().faults.truncateNext(1),
			() => emulator().faults.truncateNext(1, isVersionGet),
		],
		[
			'a slow answer',
			() => emulator().faults.slowNext(1, 700),
			() => emulator().faults.slowNext(1, 700, isVersionGet),
		],
	];

	describe.each(recovering)('%s', (_title, arm, armAtLook) => {
		it('a read recovers: asked again at most once more, the version is output', async () => {
			arm();
			const result = await runSap(emulator(), getVersion);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ version: '2.17.1' }]);
			expect(emulator().requests.filter(isVersionGet).length).toBeLessThanOrEqual(2);
		});

		it('the create recovers: one file, the POST asked again at most once', async () => {
			arm();
			const result = await runSap(emulator(), createParameters());
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			// the connector stores nothing for a backup POST: a second one after a broken
			// answer makes no second backup anywhere (it only builds the archive again)
			expect(emulator().requests.filter(isBackupPost).length).toBeLessThanOrEqual(2);
			expect(emulator().state.lastBackup?.bytes).toBe(result.items[0]?.json.bytes);
		});

		it('the restart wait rides it out: restarted, the restore sent once', async () => {
			const zip = await seedBackup(emulator());
			armAtLook();
			const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });
			expect(result.error).toBeUndefined();
			expect(result.items[0]?.json).toMatchObject({ restored: true, restart: 'restarted' });
			expect(restorePuts(emulator())).toHaveLength(1);
			expect(emulator().state.restores).toBe(1);
		});
	});

	describe('an HTML login page instead of JSON', () => {
		// a read and the create are in errors.test.ts
		it('at the first look of the restart wait: a clear error that says the restore was accepted', async () => {
			const zip = await seedBackup(emulator());
			emulator().faults.failNext(1, LOGIN_PAGE, isVersionGet);
			const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });
			expect(result.status).toBe('error');
			expect(result.items).toEqual([]);
			expect(result.error?.message).toMatch(/HTML/);
			expect(result.error?.description).toMatch(/^The restore itself was accepted\./);
			expect(result.error?.description).toMatch(/before restoring again/);
			expect(restorePuts(emulator())).toHaveLength(1);
			expect(emulator().state.restores).toBe(1);
		});
	});

	describe('a restart in progress (connections refused for a while)', () => {
		it('a read sent meanwhile is asked again until the connector answers', async () => {
			const down = emulator().restart(600);
			const result = await runSap(emulator(), getVersion);
			await down;
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ version: '2.17.1' }]);
		});

		it('the create sent meanwhile reaches the connector once it is back: one backup', async () => {
			const down = emulator().restart(600);
			const result = await runSap(emulator(), createParameters());
			await down;
			expect(result.error).toBeUndefined();
			expect(emulator().state.backupsMade).toBe(1);
			expect(emulator().requests.filter(isBackupPost)).toHaveLength(1);
		});
		// the restart wait against a restart that outlasts it: "restore accepted but the connector stays down" above
	});

	describe('the initial password was never changed (every API call answers 403)', () => {
		const hint = /initial password/;

		it('a read fails with the hint, asked once', async () => {
			emulator().passwordChangeRequired = true;
			const result = await runSap(emulator(), getVersion);
			expect(result.status).toBe('error');
			expect(result.error?.httpCode).toBe('403');
			expect(result.error?.description).toMatch(hint);
			expect(emulator().requests.filter(isVersionGet)).toHaveLength(1);
		});

		it('the create fails with the hint: no backup, no file', async () => {
			emulator().passwordChangeRequired = true;
			const result = await runSap(emulator(), createParameters());
			expect(result.status).toBe('error');
			expect(result.items).toEqual([]);
			expect(result.error?.httpCode).toBe('403');
			expect(result.error?.description).toMatch(hint);
			expect(emulator().state.backupsMade).toBe(0);
		});

		it('switched on by the restored configuration: the wait fails clearly, the restore was accepted', async () => {
			const zip = await seedBackup(emulator());
			atFirstLook(() => (emulator().passwordChangeRequired = true));
			const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });
			expect(result.status).toBe('error');
			expect(result.error?.httpCode).toBe('403');
			expect(result.error?.description).toMatch(/^The restore itself was accepted\./);
			expect(result.error?.description).toMatch(hint);
			expect(restorePuts(emulator())).toHaveLength(1);
		});
	});

	describe.each([
		['the UI holds a lock', () => (emulator().uiLock = true)],
		['it is a shadow instance', () => (emulator().shadow = true)],
	])('%s (backup and restore refused: errors.test.ts)', (_title, arm) => {
		it('a read still answers', async () => {
			arm();
			const result = await runSap(emulator(), getVersion);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ version: '2.17.1' }]);
		});

		it('switched on during the restart wait: the version still answers, the wait ends', async () => {
			const zip = await seedBackup(emulator());
			atFirstLook(arm);
			const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });
			expect(result.error).toBeUndefined();
			expect(result.items[0]?.json).toMatchObject({ restored: true, restart: 'restarted' });
			expect(restorePuts(emulator())).toHaveLength(1);
		});
	});
});
