/**
 * What the user reads when the Cloud Connector says no: a wrong backup password, a
 * shadow instance, a UI lock, a failing restore, a wrong credential, an HTML login page
 * where a file or JSON was expected. Every refused restore leaves the configuration as
 * it was and starts no restart; no secret (the credential password, the backup password)
 * shows in anything the user can see.
 */
import { changeConfiguration, configurationOf, createBackup } from '../emulators/sapCloudConnector';
import { createZip } from '../emulators/zip';
import {
	BACKUP_PASSWORD,
	BACKUP_PATH,
	CREDENTIAL_PASSWORD,
	VERSION_PATH,
	calls,
	createParameters,
	expectFailed,
	expectNoSecrets,
	expectNothingRestored,
	isBackupPost,
	isRestorePut,
	restoreFrom,
	restorePuts,
	runSap,
	seedBackup,
	useSapEmulator,
	visibleText,
	visibleTextOutsideParameters,
	type SapRunResult,
} from './helpers';

const emulator = useSapEmulator();

/** A changed configuration and a backup of the configuration before the change. */
async function changedWithBackup(password = BACKUP_PASSWORD) {
	const zip = await seedBackup(emulator(), password);
	const changed = changeConfiguration(emulator());
	return { zip, changed };
}

describe('restore refused by the connector: nothing changes, no restart', () => {
	it('a wrong backup password: "Wrong password or invalid backup file"', async () => {
		const { zip, changed } = await changedWithBackup('the-password-it-was-made-with');

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			httpCode: '400',
			message: 'Wrong password or invalid backup file',
			description: [
				/changed nothing/,
				/Check that the Backup Password is the one the backup was created with/,
				/INVALID_REQUEST/,
				/\(PUT \/api\/v1\/configuration\/backup\)/,
			],
		});
		expectNothingRestored(emulator(), changed);
		expect(emulator().state.lastRestore).toMatchObject({ status: 400, type: 'INVALID_REQUEST' });
		// one upload, no wait for a restart that never comes
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});

	it('a ZIP that is not a Cloud Connector backup: the same message, after the connector refused it', async () => {
		const changed = configurationOf(emulator());
		const notABackup = createZip([{ name: 'readme.txt', data: 'holiday pictures' }]);

		const result = await restoreFrom(emulator(), notABackup);

		expectFailed(result, {
			httpCode: '400',
			message: 'Wrong password or invalid backup file',
			description: [/unmodified backup of a Cloud Connector/],
		});
		expectNothingRestored(emulator(), changed);
		expect(restorePuts(emulator())).toHaveLength(1);
	});

	// the connector's own reason stays visible beside the summary
	it("a backup from a newer connector version: the connector's reason is shown", async () => {
		const zip = await createBackup(configurationOf(emulator()), BACKUP_PASSWORD, '2.18.0');
		const before = configurationOf(emulator());

		const result = await restoreFrom(emulator(), zip);

		expect(result.error?.httpCode).toBe('400');
		expect(emulator().state.lastRestore?.type).toBe('INVALID_REQUEST');
		expectNothingRestored(emulator(), before);
		const shown = `${result.error?.message} ${result.error?.description}`;
		expect(shown).toContain('created by version 2.18.0, newer than 2.17.1');
	});

	it('a shadow instance: 403 with the hint to restore on the master', async () => {
		const { zip, changed } = await changedWithBackup();
		emulator().shadow = true;

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			httpCode: '403',
			message: 'A configuration restore is not possible on a shadow instance',
			description: [/shadow instance \(run the restore against the master\)/],
		});
		expectNothingRestored(emulator(), {
			...changed,
			connector: { ...changed.connector, ha: 'shadow' },
		});
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});

	it('the restore itself fails: the 500 RUNTIME_FAILURE is shown, and not retried', async () => {
		const { zip, changed } = await changedWithBackup();
		emulator().restoreFails = true;

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			httpCode: '500',
			message: 'Restoring the configuration failed',
			description: [/RUNTIME_FAILURE/, /check its log/],
		});
		expectNothingRestored(emulator(), changed);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});

	it('the UI holds a lock: 409 with the hint to wait for it', async () => {
		const { zip, changed } = await changedWithBackup();
		emulator().uiLock = true;

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			httpCode: '409',
			message: 'The configuration is locked by another user session in the UI',
			description: [/ILLEGAL_STATE/, /holds a lock in the Cloud Connector UI/],
		});
		expectNothingRestored(emulator(), changed);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});

	it('a 503 on the upload is not retried either: a restore is never sent twice on its own', async () => {
		const { zip, changed } = await changedWithBackup();
		emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isRestorePut);

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			httpCode: '503',
			message: 'HTTP 503',
			description: [/\(PUT \/api\/v1\/configuration\/backup\)/],
		});
		expectNothingRestored(emulator(), changed);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});

	it('an HTML login page instead of the restore answer is an error, not a success', async () => {
		const { zip, changed } = await changedWithBackup();
		emulator().faults.htmlLogin = true;

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			message: 'SAP Cloud Connector answered with an HTML page instead of JSON',
		});
		expectNothingRestored(emulator(), changed);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});

	it('the initial password was never changed: 403 with that hint', async () => {
		const { zip, changed } = await changedWithBackup();
		emulator().passwordChangeRequired = true;

		const result = await restoreFrom(emulator(), zip);

		expectFailed(result, {
			httpCode: '403',
			message: 'The initial password has to be changed before the API can be used',
			description: [/initial password was never changed/],
		});
		expectNothingRestored(emulator(), changed);
	});
});

describe('backup refused by the connector: no file', () => {
	it('a shadow instance: 403 with the hint to back up the master', async () => {
		emulator().shadow = true;
		const result = await runSap(emulator(), createParameters());
		expectFailed(result, {
			httpCode: '403',
			message: 'A configuration backup is not possible on a shadow instance',
			description: [/FORBIDDEN/, /on a shadow instance, run it against the master instead/],
		});
		expect(emulator().state.backupsMade).toBe(0);
		// a refusal is final: not asked again
		expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`]);
	});

	it('the UI holds a lock: 409 with the hint to wait for it', async () => {
		emulator().uiLock = true;
		const result = await runSap(emulator(), createParameters());
		expectFailed(result, {
			httpCode: '409',
			message: 'The configuration is locked by another user session in the UI',
			description: [/holds a lock in the Cloud Connector UI/],
		});
		expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`]);
	});

	it('an HTML login page instead of the file: named as such, nothing stored', async () => {
		emulator().faults.htmlLogin = true;
		const result = await runSap(emulator(), createParameters());
		expectFailed(result, {
			message:
				'SAP Cloud Connector answered the download of the configuration backup with an HTML page instead of the file',
			description: [/Nothing was stored/, /Base URL/],
		});
		expect(result.runData['SAP Cloud Connector']?.[0]?.data).toBeUndefined();
		expect(calls(emulator())).toEqual([`POST ${BACKUP_PATH}`]);
	});
});

describe('other answers that are not what was asked for', () => {
	it('getVersion answered with an HTML login page: HTML instead of JSON', async () => {
		emulator().faults.htmlLogin = true;
		const result = await runSap(emulator(), { resource: 'connector', operation: 'getVersion' });
		expectFailed(result, {
			message: 'SAP Cloud Connector answered with an HTML page instead of JSON',
			description: [/text\/html/, /\(GET \/api\/v1\/connector\/version\)/, /login page/],
		});
	});

	it('getHealth answered with an HTML login page: the same error, not a health report', async () => {
		emulator().faults.htmlLogin = true;
		const result = await runSap(emulator(), { resource: 'connector', operation: 'getHealth' });
		expectFailed(result, {
			message: 'SAP Cloud Connector answered with an HTML page instead of JSON',
		});
	});

	it('subaccount getAll answered with an HTML login page: no items', async () => {
		emulator().faults.htmlLogin = true;
		const result = await runSap(emulator(), {
			resource: 'subaccount',
			operation: 'getAll',
			returnAll: true,
		});
		expectFailed(result, {
			message: 'SAP Cloud Connector answered with an HTML page instead of JSON',
		});
	});
});

describe('a wrong credential', () => {
	const wrong = { password: 'not-the-admin-password' };
	const hint = /Check the username and password of the credential/;

	it('getVersion: 401 with the hint about username and password', async () => {
		const result = await runSap(
			emulator(),
			{ resource: 'connector', operation: 'getVersion' },
			{ credentialData: wrong },
		);
		expectFailed(result, {
			httpCode: '401',
			message: 'SAP Cloud Connector answered HTTP 401',
			description: [hint, /\(GET \/api\/v1\/connector\/version\)/],
		});
		expect(calls(emulator())).toEqual([`GET ${VERSION_PATH}`]);
		expect(visibleText(result)).not.toContain(wrong.password);
		expect(visibleText(result)).not.toContain(CREDENTIAL_PASSWORD);
	});

	it('a wrong username: the same hint', async () => {
		const result = await runSap(
			emulator(),
			{ resource: 'connector', operation: 'getConfiguration' },
			{ credentialData: { username: 'Administrat0r' } },
		);
		expectFailed(result, { httpCode: '401', message: /401/, description: [hint] });
	});

	it('create: 401, no backup made, no file', async () => {
		const result = await runSap(emulator(), createParameters(), { credentialData: wrong });
		expectFailed(result, { httpCode: '401', message: /401/, description: [hint] });
		expect(emulator().state.backupsMade).toBe(0);
		expect(emulator().requests.filter(isBackupPost)).toHaveLength(1);
	});

	it('restore: 401, nothing restored, not retried', async () => {
		const { zip, changed } = await changedWithBackup();
		const result = await restoreFrom(emulator(), zip, {}, { credentialData: wrong });
		expectFailed(result, { httpCode: '401', message: /401/, description: [hint] });
		expectNothingRestored(emulator(), changed);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
	});
});

describe('secrets never show', () => {
	/** The two secrets of a backup run: neither may appear in what the user sees. */
	function expectNoBackupSecrets(result: SapRunResult) {
		// the credential password appears nowhere, not even in n8n's copy of the node
		expectNoSecrets(visibleText(result), [CREDENTIAL_PASSWORD]);
		// the backup password is a node parameter: n8n keeps its own copy of those in a
		// failed run; everything else (items, message, description, error body, logs) is checked
		expectNoSecrets(visibleTextOutsideParameters(result), [BACKUP_PASSWORD, CREDENTIAL_PASSWORD]);
	}

	/** A connector answer that echoes both secrets back, as some servers do. */
	const echo = (type: string, message: string) =>
		JSON.stringify({
			type,
			message: `${message}: backup password "${BACKUP_PASSWORD}" rejected for Administrator:${CREDENTIAL_PASSWORD}`,
		});

	it('after a successful backup and restore', async () => {
		const created = await runSap(emulator(), createParameters());
		expect(created.error).toBeUndefined();
		const zip = await created.binaryBuffer(created.items[0], 'data');
		const restored = await restoreFrom(emulator(), zip, { options: { waitForRestart: false } });
		expect(restored.error).toBeUndefined();
		expectNoBackupSecrets(created);
		expectNoBackupSecrets(restored);
		// the parameters are n8n's copy only when a node fails: a success shows none at all
		expect(visibleText(created)).not.toContain(BACKUP_PASSWORD);
		expect(visibleText(restored)).not.toContain(BACKUP_PASSWORD);
	});

	it('after a restore with the wrong backup password', async () => {
		const zip = await seedBackup(emulator(), 'another-backup-password');
		const result = await restoreFrom(emulator(), zip);
		expect(result.error?.message).toBe('Wrong password or invalid backup file');
		expectNoBackupSecrets(result);
	});

	it('after a restore that failed with a 500', async () => {
		const zip = await seedBackup(emulator());
		emulator().restoreFails = true;
		const result = await restoreFrom(emulator(), zip);
		expect(result.error?.httpCode).toBe('500');
		expectNoBackupSecrets(result);
	});

	it('a 400 to the restore that echoes both passwords shows neither', async () => {
		const zip = await seedBackup(emulator());
		emulator().faults.failNext(
			1,
			{ status: 400, body: echo('INVALID_REQUEST', 'Incorrect password') },
			isRestorePut,
		);
		const result = await restoreFrom(emulator(), zip);
		expect(result.error?.message).toBe('Wrong password or invalid backup file');
		expect(result.error?.description).toMatch(/INVALID_REQUEST/);
		expectNoBackupSecrets(result);
	});

	it('a 500 to the restore that echoes both passwords shows neither, yet keeps the message', async () => {
		const zip = await seedBackup(emulator());
		emulator().faults.failNext(
			1,
			{ status: 500, body: echo('RUNTIME_FAILURE', 'Restoring failed') },
			isRestorePut,
		);
		const result = await restoreFrom(emulator(), zip);
		expect(result.error?.httpCode).toBe('500');
		expect(result.error?.message).toMatch(/^Restoring failed: backup password "\*\*hidden\*\*"/);
		expectNoBackupSecrets(result);
	});

	it('a 400 to the backup that echoes both passwords shows neither', async () => {
		emulator().faults.failNext(
			1,
			{ status: 400, body: echo('INVALID_REQUEST', 'Backup refused') },
			isBackupPost,
		);
		const result = await runSap(emulator(), createParameters());
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.message).toMatch(/^Backup refused/);
		expectNoBackupSecrets(result);
	});

	it('a wrong credential password shows in nothing either', async () => {
		const attempted = 'Attempted-Pa55';
		const result = await runSap(emulator(), createParameters(), {
			credentialData: { password: attempted },
		});
		expect(result.error?.httpCode).toBe('401');
		expect(visibleText(result)).not.toContain(attempted);
		expectNoBackupSecrets(result);
	});
});
