/**
 * The node against a misbehaving console: each fault switch of the emulator crossed with a
 * read (Backup > Get Many), a create (Backup > Create: never sent twice) and a long wait
 * (Backup > Create and Restore > Start waited for: recovered, or a clear error, never a hang).
 */
import type { RecordedRequest } from '../emulators/ibmQradar';
import {
	BACKUPS,
	RESTORES,
	byId,
	calls,
	createBackupParameters,
	expectFailed,
	json,
	posts,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
} from './helpers';

const emulator = useQradarEmulator({ restoreOutageMs: 0 });

const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><title>IBM QRadar</title></head><body><form action="/console/j_security_check"></form></body></html>';

const isGet = (r: RecordedRequest) => r.method === 'GET';
const isPost = (r: RecordedRequest) => r.method === 'POST';
const isBackupLook = (r: RecordedRequest) => r.method === 'GET' && r.path === `${BACKUPS}/5`;

type Arm = (match: (r: RecordedRequest) => boolean) => void;

/** The switches, each armed for the requests `match` picks. */
const FAULTS: Record<string, Arm> = {
	'a 503 burst with Retry-After': (match) =>
		emulator().faults.failNext(2, { status: 503, retryAfter: 1 }, match),
	'a 429 with Retry-After': (match) =>
		emulator().faults.failNext(1, { status: 429, retryAfter: 1 }, match),
	'a dropped connection': (match) => emulator().faults.dropNext(1, match),
	'a truncated body': (match) => emulator().faults.truncateNext(1, match),
	'an HTML login page instead of JSON': (match) =>
		emulator().faults.failNext(
			1,
			{ status: 200, body: LOGIN_PAGE, contentType: 'text/html' },
			match,
		),
	'a slow answer': (match) => emulator().faults.slowNext(1, 1500, match),
};

const getMany = { resource: 'backup', operation: 'getAll', returnAll: true };
const SEEDED_IDS = [1, 2, 3, 4];

describe('a read (Backup > Get Many)', () => {
	it.each([
		['a 503 burst with Retry-After', 3],
		['a 429 with Retry-After', 2],
		['a dropped connection', 2],
		['a truncated body', 2],
		['a slow answer', 1],
	])('%s: recovered, every backup once, after %i GETs', async (fault, gets) => {
		FAULTS[fault](isGet);
		const result = await runQradar(emulator(), getMany);
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((backup) => backup.id)).toEqual(SEEDED_IDS);
		expect(calls(emulator())).toEqual(Array(gets).fill(`GET ${BACKUPS}`));
	});

	it('an HTML login page instead of JSON: a clear error, not data', async () => {
		FAULTS['an HTML login page instead of JSON'](isGet);
		const result = await runQradar(emulator(), getMany);
		expectFailed(result, {
			message: 'QRadar answered with an HTML page instead of JSON',
			description: [/login page/, /Base URL/],
		});
		expect(calls(emulator())).toEqual([`GET ${BACKUPS}`]);
	});

	it('a 502 burst longer than the retries: a clear 502 after 4 GETs', async () => {
		emulator().faults.failNext(4, { status: 502 }, isGet);
		const result = await runQradar(emulator(), getMany);
		expectFailed(result, {
			httpCode: '502',
			description: [/\(GET \/api\/backup_and_restore\/backups\)/],
		});
		expect(calls(emulator())).toEqual(Array(4).fill(`GET ${BACKUPS}`));
	});

	it('the restore outage window: bridged by the retries on refused connections', async () => {
		const restarted = emulator().restart(800);
		try {
			const result = await runQradar(emulator(), getMany);
			expect(result.error).toBeUndefined();
			expect(json(result.items).map((backup) => backup.id)).toEqual(SEEDED_IDS);
			expect(calls(emulator())).toEqual([`GET ${BACKUPS}`]);
		} finally {
			await restarted;
		}
	});
});

describe('a create (Backup > Create): never sent twice', () => {
	const create = createBackupParameters({ name: 'faulty_create' });
	const created = () => emulator().state.backups.filter((b) => b.name === 'faulty_create');

	it.each([
		['a 503 burst with Retry-After', '503'],
		['a 429 with Retry-After', '429'],
	])('%s: reported, one POST, nothing created', async (fault, httpCode) => {
		FAULTS[fault](isPost);
		const result = await runQradar(emulator(), create);
		expectFailed(result, {
			httpCode,
			description: [/\(POST \/api\/backup_and_restore\/backups\)/],
		});
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		expect(created()).toHaveLength(0);
	});

	it.each(['a dropped connection', 'a truncated body'])(
		'%s: "not repeated because it may have been carried out", one POST',
		async (fault) => {
			FAULTS[fault](isPost);
			const result = await runQradar(emulator(), create);
			expectFailed(result, {
				message: /^The connection to QRadar was lost/,
				description: [/may have been carried out/],
			});
			expect(posts(emulator(), BACKUPS)).toHaveLength(1);
			expect(created().length).toBeLessThanOrEqual(1);
		},
	);

	it('an HTML login page instead of JSON: a clear error, one POST', async () => {
		FAULTS['an HTML login page instead of JSON'](isPost);
		const result = await runQradar(emulator(), create);
		expectFailed(result, { message: 'QRadar answered with an HTML page instead of JSON' });
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
	});

	it('a slow answer: waited for, one POST, one backup', async () => {
		FAULTS['a slow answer'](isPost);
		const result = await runQradar(emulator(), create);
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining({ name: 'faulty_create' })]);
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		expect(created()).toHaveLength(1);
	});

	it('the restore outage window: refused, so nothing was sent and nothing is repeated', async () => {
		const restarted = emulator().restart(800);
		try {
			const result = await runQradar(emulator(), create);
			expectFailed(result, {
				message: /^QRadar refused the connection/,
				description: [/nothing was sent/],
			});
			expect(posts(emulator(), BACKUPS)).toHaveLength(0);
		} finally {
			await restarted;
		}
	});
});

describe('a long wait: recovered, or a clear error, never a hang', () => {
	const waited = (name: string, options: Record<string, unknown> = {}) =>
		createBackupParameters({
			name,
			options: { waitForCompletion: true, pollInterval: 0.1, timeout: 20, ...options },
		});

	describe('Backup > Create waited for', () => {
		it.each([
			'a 503 burst with Retry-After',
			'a 429 with Retry-After',
			'a dropped connection',
			'a truncated body',
			'a slow answer',
		])('%s on a look: recovered, SUCCESS, one POST', async (fault) => {
			FAULTS[fault](isBackupLook);
			const result = await runQradar(emulator(), waited('waited_backup'));
			expect(result.error).toBeUndefined();
			expect(json(result.items)).toEqual([expect.objectContaining({ id: 5, status: 'SUCCESS' })]);
			expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		});

		it('an HTML login page on a look: a clear error that says it was started', async () => {
			FAULTS['an HTML login page instead of JSON'](isBackupLook);
			const result = await runQradar(emulator(), waited('waited_backup'));
			expectFailed(result, {
				message: 'QRadar answered with an HTML page instead of JSON',
				description: [
					/The backup "waited_backup" was started as ID 5/,
					/Backup > Get \(ID 5\) before creating it again/,
				],
			});
			expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		});

		it('a slow look past the wait timeout: "Gave up waiting", one POST', async () => {
			emulator().switches.backupPolls = 1_000;
			emulator().faults.slowNext(1, 2000, isBackupLook);
			const result = await runQradar(emulator(), waited('slow_wait', { timeout: 1 }));
			expectFailed(result, {
				message: /^Gave up waiting for backup "slow_wait" \(ID 5\) after 1 s/,
				description: [/may still be running/, /Backup > Get \(ID 5\)/],
			});
			expect(posts(emulator(), BACKUPS)).toHaveLength(1);
		});
	});

	describe('Restore > Start waited for', () => {
		const start = (id: number, options: Record<string, unknown> = {}) => ({
			resource: 'restore',
			operation: 'start',
			restore: byId(id),
			options: { waitForCompletion: true, pollInterval: 0.1, timeout: 20, ...options },
		});

		it.each([
			'a 503 burst with Retry-After',
			'a 429 with Retry-After',
			'a dropped connection',
			'a truncated body',
			'an HTML login page instead of JSON',
			'a slow answer',
		])('%s on a look: recovered, SUCCESS, one start', async (fault) => {
			const id = seedPendingRestore(emulator());
			FAULTS[fault]((r) => r.method === 'GET' && r.path === `${RESTORES}/${id}`);
			const result = await runQradar(emulator(), start(id));
			expect(result.error).toBeUndefined();
			expect(json(result.items)).toEqual([expect.objectContaining({ id, status: 'SUCCESS' })]);
			expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
		});

		it('the restore outage window: ridden out, SUCCESS, one start', async () => {
			emulator().switches.restoreOutageMs = 1000;
			emulator().switches.restorePolls = 3;
			const id = seedPendingRestore(emulator());
			const result = await runQradar(emulator(), start(id));
			expect(result.error).toBeUndefined();
			expect(json(result.items)).toEqual([expect.objectContaining({ id, status: 'SUCCESS' })]);
			expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
		});

		it('a 503 on the start itself: reported, not repeated, nothing started', async () => {
			const id = seedPendingRestore(emulator());
			emulator().faults.failNext(1, { status: 503, retryAfter: 1 }, isPost);
			const result = await runQradar(emulator(), start(id));
			expectFailed(result, { httpCode: '503' });
			expect(posts(emulator(), `${RESTORES}/${id}`)).toHaveLength(1);
			expect(emulator().state.restores.find((r) => r.id === id)?.status).toBe('PENDING');
		});
	});
});
