/**
 * Backups and restores waited for through the shared job core: how each ends (SUCCESS, or
 * FAILED with the ID and where to look), an outage while a restore runs (ridden out, or a
 * clear "gave up" past the timeout), a console answering a login page while it restarts,
 * and a cancelled execution that stops polling without creating anything twice.
 */
import { startIbmQradarEmulator } from '../emulators/ibmQradar';
import {
	BACKUPS,
	FAST,
	RESTORES,
	byId,
	calls,
	createBackupParameters,
	expectFailed,
	json,
	posts,
	rawCall,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
} from './helpers';

const emulator = useQradarEmulator({ restoreOutageMs: 0 });

const LOGIN_PAGE =
	'<!DOCTYPE html><html><body><form action="/console/j_security_check"></form></body></html>';
const wait = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

const startRestore = (id: number, options: Record<string, unknown> = FAST) => ({
	resource: 'restore',
	operation: 'start',
	restore: byId(id),
	options: { waitForCompletion: true, ...options },
});

describe('a backup waited for', () => {
	it('ends FAILED: an error with its name, ID, status and where to look; one POST', async () => {
		emulator().switches.failingNames = ['doomed_backup'];
		const result = await runQradar(
			emulator(),
			createBackupParameters({
				name: 'doomed_backup',
				options: { waitForCompletion: true, ...FAST },
			}),
		);
		expectFailed(result, {
			message: 'QRadar backup "doomed_backup" (ID 5) ended with status FAILED',
			description: [
				/\/var\/log\/qradar\.error/,
				/Admin > Backup and Recovery/,
				/Backup > Get \(ID 5\)/,
			],
		});
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		expect(emulator().state.backups.filter((b) => b.name === 'doomed_backup')).toHaveLength(1);
	});

	it('deleted by someone else while waited for (CANCELLING): a clear error, not a success', async () => {
		emulator().switches.backupPolls = 1_000;
		const running = runQradar(
			emulator(),
			createBackupParameters({
				name: 'cancelled_on_console',
				options: { waitForCompletion: true, ...FAST },
			}),
		);
		// once it runs, an admin deletes it on the console: it goes CANCELLING
		for (let i = 0; i < 100 && !emulator().state.backups.some((b) => b.id === 5); i++)
			await wait(20);
		expect((await rawCall(emulator(), 'DELETE', `${BACKUPS}/5`)).status).toBe(202);
		const result = await running;
		expectFailed(result, {
			message: 'QRadar backup "cancelled_on_console" (ID 5) ended with status CANCELLING',
			description: [/Backup > Get \(ID 5\)/],
		});
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
	});
});

describe('a restore waited for', () => {
	it('ends FAILED: an error with its ID, backup and where to look', async () => {
		emulator().switches.restoreFails = true;
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), startRestore(id));
		expectFailed(result, {
			message: `QRadar restore ${id} of backup "nightly_config_20250101" ended with status FAILED`,
			description: [/\/var\/log\/qradar\.error/, new RegExp(`Restore > Get \\(ID ${id}\\)`)],
		});
		expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
	});

	it('rides out the outage while services restart and outputs the finished restore', async () => {
		emulator().switches.restorePolls = 3;
		emulator().switches.restoreOutageMs = 1200;
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), startRestore(id));
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id, status: 'SUCCESS', time_completed: expect.any(Number) }),
		]);
		expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
		// refused looks never reach the console: it saw the start and the answered looks
		expect(calls(emulator())).toEqual([
			`POST ${RESTORES}/${id}`,
			`GET ${RESTORES}/${id}`,
			`GET ${RESTORES}/${id}`,
			`GET ${RESTORES}/${id}`,
		]);
	});

	it('an outage past the timeout: "Gave up waiting", it may still be running, Restore > Get with the ID', async () => {
		emulator().switches.restorePolls = 3;
		emulator().switches.restoreOutageMs = 2500;
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), startRestore(id, { pollInterval: 0.1, timeout: 1 }));
		expectFailed(result, {
			message: new RegExp(
				`^Gave up waiting for restore ${id} of backup "nightly_config_20250101" after 1 s \\(last state: not reachable`,
			),
			description: [/may still be running/, new RegExp(`Restore > Get \\(ID ${id}\\)`)],
		});
		expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
	});

	it('a login page or a bare error while the console restarts is tolerated a few times', async () => {
		emulator().switches.restorePolls = 2;
		const id = seedPendingRestore(emulator());
		const isLook = (r: { method: string; path: string }) =>
			r.method === 'GET' && r.path === `${RESTORES}/${id}`;
		emulator().faults.failNext(
			2,
			{ status: 200, body: LOGIN_PAGE, contentType: 'text/html' },
			isLook,
		);
		emulator().faults.failNext(1, { status: 500 }, isLook);
		const result = await runQradar(emulator(), startRestore(id));
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining({ id, status: 'SUCCESS' })]);
		expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
	});

	it('a login page that never goes away: the error says the restore was started and how to check', async () => {
		const id = seedPendingRestore(emulator());
		emulator().faults.failNext(
			10,
			{ status: 200, body: LOGIN_PAGE, contentType: 'text/html' },
			(r) => r.method === 'GET',
		);
		const result = await runQradar(emulator(), startRestore(id));
		expectFailed(result, {
			message: 'QRadar answered with an HTML page instead of JSON',
			description: [
				new RegExp(`The restore \\(ID ${id}\\) was started`),
				new RegExp(`Restore > Get \\(ID ${id}\\)`),
				/do not start it again/,
			],
		});
		// three tolerated, the fourth fails the wait
		expect(calls(emulator()).filter((call) => call.startsWith('GET'))).toHaveLength(4);
		expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
	});

	it('without waiting: the REQUESTING restore is output at once', async () => {
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), startRestore(id, { waitForCompletion: false }));
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining({ id, status: 'REQUESTING' })]);
		expect(calls(emulator())).toEqual([`POST ${RESTORES}/${id}`]);
	});
});

describe('a cancelled execution during a wait', () => {
	it('a backup: stops within a few polls, never creates a second backup', async () => {
		const slow = await startIbmQradarEmulator({ backupPolls: 1_000_000 });
		try {
			const result = await runQradar(
				slow,
				createBackupParameters({
					name: 'cancel_me',
					options: { waitForCompletion: true, pollInterval: 0.2, timeout: 60 },
				}),
				{ cancelAfterMs: 800 },
			);
			expect(result.status === 'canceled' || /cancelled/.test(result.error?.message ?? '')).toBe(
				true,
			);
			expect(result.items).toEqual([]);
			await wait(300);
			const seen = slow.requests.length;
			await wait(1200);
			expect(slow.requests.length).toBe(seen);
			expect(posts(slow, BACKUPS)).toHaveLength(1);
			expect(slow.state.backups.filter((b) => b.name === 'cancel_me')).toHaveLength(1);
			// a few looks at most: 800 ms at one look every 200 ms
			expect(slow.requests.filter((r) => r.method === 'GET').length).toBeLessThanOrEqual(8);
		} finally {
			await slow.close();
		}
	});

	it('a restore through its outage: stops, the restore is started once', async () => {
		const slow = await startIbmQradarEmulator({ restorePolls: 1_000_000, restoreOutageMs: 0 });
		try {
			const id = seedPendingRestore(slow);
			const result = await runQradar(slow, startRestore(id, { pollInterval: 0.2, timeout: 60 }), {
				cancelAfterMs: 800,
			});
			expect(result.status === 'canceled' || /cancelled/.test(result.error?.message ?? '')).toBe(
				true,
			);
			await wait(300);
			const seen = slow.requests.length;
			await wait(1200);
			expect(slow.requests.length).toBe(seen);
			expect(posts(slow, `${RESTORES}/${id}`)).toHaveLength(1);
			expect(slow.state.restores.find((r) => r.id === id)?.status).toBe('IN_PROGRESS');
		} finally {
			await slow.close();
		}
	});
});
