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
	expectNothingRestored,
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
			/^Gave up waiting for the SAP Cloud Connector to restart after 1 s \(last state: restarting \(not answering\)\)/,
		);
		expect(result.error?.description).toMatch(/^The restore itself was accepted\./);
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
