/**
 * The wait for the connector's restart after a restore, on the shared job core
 * (nodes/shared/jobs.ts): a restart the looks see, one too quick to see (the connector
 * counts as back once the grace period since the restore has passed), a wait that gives
 * up while the connector still answers as before, and a cancelled execution, which stops
 * looking within a few looks and never sends the restore again.
 */
import { setTimeout as wait } from 'node:timers/promises';

import { RESTART_GRACE_SECONDS } from '../../nodes/SapCloudConnector/transport';
import { changeConfiguration, configurationOf } from '../emulators/sapCloudConnector';
import {
	BACKUP_PATH,
	VERSION_PATH,
	calls,
	json,
	restoreFrom,
	restorePuts,
	seedBackup,
	useSapEmulator,
} from './helpers';

const emulator = useSapEmulator({ restartWindowMs: 1500 });

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isVersionGet = (request: { method: string; path: string }) =>
	request.method === 'GET' && request.path === VERSION_PATH;
const looks = () => emulator().requests.filter(isVersionGet).length;

describe('the restart wait', () => {
	it('a restart the looks see: restarted, with when it went down and came back', async () => {
		const before = configurationOf(emulator());
		const zip = await seedBackup(emulator());
		changeConfiguration(emulator());

		const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				restored: true,
				fileName: 'scc-backup.zip',
				bytes: zip.length,
				acceptedAt: expect.stringMatching(ISO_TIME),
				restart: 'restarted',
				downSince: expect.stringMatching(ISO_TIME),
				backAt: expect.stringMatching(ISO_TIME),
				secondsUntilBack: expect.any(Number),
				version: '2.17.1',
			},
		]);
		expect(configurationOf(emulator())).toEqual(before);
		expect(calls(emulator())[0]).toBe(`PUT ${BACKUP_PATH}`);
		expect(new Set(calls(emulator()).slice(1))).toEqual(new Set([`GET ${VERSION_PATH}`]));
	});

	it(`a restart too quick to see: back once ${RESTART_GRACE_SECONDS} s since the restore have passed`, async () => {
		const zip = await seedBackup(emulator());
		emulator().restartWindowMs = 0;

		const result = await restoreFrom(emulator(), zip, {
			options: { pollInterval: 2, timeout: 120 },
		});

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				restored: true,
				fileName: 'scc-backup.zip',
				bytes: zip.length,
				acceptedAt: expect.stringMatching(ISO_TIME),
				restart: 'answering (no downtime seen)',
				downSince: null,
				backAt: expect.stringMatching(ISO_TIME),
				secondsUntilBack: expect.any(Number),
				version: '2.17.1',
			},
		]);
		// it kept looking while the grace period ran, and never sent the restore again
		expect(looks()).toBeGreaterThan(1);
		expect(restorePuts(emulator())).toHaveLength(1);
	}, 90_000);

	it('a wait shorter than the grace period, the connector never seen down: gives up and says what it saw', async () => {
		const zip = await seedBackup(emulator());
		emulator().restartWindowMs = 0;

		const result = await restoreFrom(emulator(), zip, {
			options: { pollInterval: 0.2, timeout: 1 },
		});

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'Gave up waiting for SAP Cloud Connector to restart after 1 s (last state: answering, restart not seen yet)',
		);
		expect(result.error?.description).toMatch(/^The restore itself was accepted\./);
		expect(emulator().state.restores).toBe(1);
		expect(restorePuts(emulator())).toHaveLength(1);
	});

	it('a cancelled execution stops looking within a few looks, and the restore was sent once', async () => {
		const zip = await seedBackup(emulator());
		// a restart too quick to see: every look is answered (and recorded), and the wait
		// runs on for the grace period, far longer than the run
		emulator().restartWindowMs = 0;

		const result = await restoreFrom(
			emulator(),
			zip,
			{ options: { pollInterval: 0.2, timeout: 60 } },
			{ cancelAfterMs: 1000 },
		);

		// n8n reports the cancel, or the node's own "Stopped waiting ... cancelled" error
		expect(
			result.status === 'canceled' ||
				/the execution was cancelled/.test(result.error?.message ?? ''),
		).toBe(true);
		expect(result.items).toEqual([]);
		expect(looks()).toBeGreaterThan(0);
		// the wait stopped: a loop that ignored the cancel would keep looking
		await wait(300);
		const afterCancel = looks();
		await wait(1200);
		expect(looks()).toBe(afterCancel);
		expect(restorePuts(emulator())).toHaveLength(1);
		expect(emulator().state.restores).toBe(1);
	}, 30_000);
});
