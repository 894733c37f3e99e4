/**
 * The SEC token never leaves the credential: not in output items, error messages and
 * descriptions, run data or log lines, over a successful run, a failed run, a 401 (a wrong
 * token and one the console has revoked) and a backup that ends FAILED; not even when the
 * console echoes it back.
 */
import {
	FAST,
	RESTORES,
	TOKEN,
	byId,
	createBackupParameters,
	expectNoSecrets,
	pollTrigger,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
	visibleText,
} from './helpers';

const emulator = useQradarEmulator({ restoreOutageMs: 0 });

const WRONG_TOKEN = 'f00dfeed-0000-4bad-8bad-123456789abc';

describe('the SEC token appears nowhere a user can see', () => {
	it('a successful run: backup created and waited for, list, restore started and waited for', async () => {
		const backup = await runQradar(
			emulator(),
			createBackupParameters({ options: { waitForCompletion: true, ...FAST } }),
		);
		expect(backup.error).toBeUndefined();
		const list = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
		});
		expect(list.items.length).toBeGreaterThan(0);
		const id = seedPendingRestore(emulator());
		const restore = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: byId(id),
			options: { waitForCompletion: true, ...FAST },
		});
		expect(restore.error).toBeUndefined();
		for (const run of [backup, list, restore]) expectNoSecrets(visibleText(run), [TOKEN]);
	});

	it('a failed run: a refused restore start (1012) and an unparsable filter (422)', async () => {
		const refused = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: byId(1),
		});
		expect(refused.status).toBe('error');
		const filter = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			returnAll: true,
			filters: { filter: 'status=SUCCESS' },
		});
		expect(filter.status).toBe('error');
		for (const run of [refused, filter]) expectNoSecrets(visibleText(run), [TOKEN]);
	});

	it('a 401: a wrong token, and the right one revoked on the console', async () => {
		const wrong = await runQradar(
			emulator(),
			{ resource: 'backup', operation: 'getAll', returnAll: true },
			{ credentialData: { token: WRONG_TOKEN } },
		);
		expect(wrong.error?.httpCode).toBe('401');
		expectNoSecrets(visibleText(wrong), [WRONG_TOKEN, TOKEN]);

		emulator().switches.tokenExpired = true;
		const revoked = await runQradar(emulator(), createBackupParameters());
		expect(revoked.error?.httpCode).toBe('401');
		expect(revoked.error?.description).toMatch(/authorized service token/);
		const trigger = await pollTrigger(emulator(), ['backupFailed']);
		expect(trigger.error?.httpCode).toBe('401');
		for (const run of [revoked, trigger]) expectNoSecrets(visibleText(run), [TOKEN]);
	});

	it('a backup that ends FAILED, also under Continue On Fail', async () => {
		emulator().switches.failingNames = ['failing_secretless', 'failing_secretless_2'];
		const parameters = createBackupParameters({
			name: 'failing_secretless',
			options: { waitForCompletion: true, ...FAST },
		});
		const failed = await runQradar(emulator(), parameters);
		expect(failed.error?.message).toMatch(/ended with status FAILED/);
		const continued = await runQradar(
			emulator(),
			createBackupParameters({
				name: 'failing_secretless_2',
				options: { waitForCompletion: true, ...FAST },
			}),
			{ continueOnFail: true },
		);
		expect(continued.status).toBe('success');
		expect(continued.items[0]?.json.error).toMatch(/ended with status FAILED/);
		for (const run of [failed, continued]) expectNoSecrets(visibleText(run), [TOKEN]);
	});

	it('a console that echoes the token in a record, an error and a failed backup', async () => {
		const restore = emulator().state.restores[0];
		restore.initiated_by = `token ${TOKEN}`;
		const get = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'get',
			restore: byId(1),
		});
		expect(get.error).toBeUndefined();
		emulator().faults.failNext(1, {
			status: 500,
			body: JSON.stringify({
				http_response: { code: 500, message: 'Internal Server Error' },
				code: 1000,
				message: `failed for SEC ${TOKEN}`,
				description: `the token ${TOKEN} was rejected`,
				details: {},
			}),
			contentType: 'application/json',
		});
		const echoed = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'delete',
			restore: byId(1),
		});
		expect(echoed.status).toBe('error');
		for (const run of [get, echoed]) expectNoSecrets(visibleText(run), [TOKEN]);
		expect(emulator().requests.map((r) => r.path)).toEqual([`${RESTORES}/1`, `${RESTORES}/1`]);
	});
});
