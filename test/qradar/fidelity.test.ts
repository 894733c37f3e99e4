/**
 * Where IBM's own reference (and qradar4py) says the node must differ from a plain JSON
 * client: Restore > Delete asks for text/plain, the trigger does not rely on the console to
 * sort, and the API version rides on every call from one place (the credential).
 */
import { IbmQradarApi } from '../../credentials/IbmQradarApi.credentials';
import { qradarProfile } from '../../nodes/IbmQradar/transport';
import { startIbmQradarEmulator, type QradarEmulator } from '../emulators/ibmQradar';
import { runNode } from '../harness';
import { CREDENTIAL_TEST_TYPE, credentialTestNode } from '../harness/credential-test';
import {
	BACKUPS,
	FAST,
	RESTORES,
	byId,
	calls,
	createBackupParameters,
	header,
	json,
	pollTrigger,
	qradarCredential,
	rawCall,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
} from './helpers';

const emulator = useQradarEmulator({ restoreOutageMs: 0 });

describe('Restore > Delete asks for text/plain, as IBM documents', () => {
	it('the node deletes a pending restore: one DELETE with Accept text/plain, 204', async () => {
		const id = seedPendingRestore(emulator());
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'delete',
			restore: byId(id),
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([{ id, deleted: true }]);
		expect(calls(emulator())).toEqual([`DELETE ${RESTORES}/${id}`]);
		expect(header(emulator().requests[0], 'accept')).toMatch(/^text\/plain\b/);
		expect(emulator().state.restores.some((restore) => restore.id === id)).toBe(false);
	});

	it('the emulator refuses an Accept of application/json alone with 406, and the restore stays', async () => {
		const id = seedPendingRestore(emulator());
		const response = await rawCall(emulator(), 'DELETE', `${RESTORES}/${id}`, {
			Accept: 'application/json',
		});
		expect(response.status).toBe(406);
		expect(response.body).toMatchObject({
			http_response: { code: 406, message: 'Not Acceptable' },
			message: expect.stringMatching(/text\/plain/),
		});
		expect(emulator().state.restores.some((restore) => restore.id === id)).toBe(true);
	});

	it('the other calls still ask for JSON', async () => {
		await runQradar(emulator(), { resource: 'restore', operation: 'get', restore: byId(1) });
		expect(header(emulator().requests[0], 'accept')).toBe('application/json');
	});
});

describe.each([
	['ignores the sort', 'sortIgnored' as const],
	['refuses the sort (422, code 1018)', 'sortRefused' as const],
])('the trigger on a console that %s', (_title, sortSwitch) => {
	const EVENTS = ['backupSucceeded', 'backupFailed', 'restoreSucceeded', 'restoreFailed'];

	/**
	 * Stored order is not completion order: backup 1 (stored first) finished last, and the
	 * newest restore is stored last. A console that does not sort hands out neither first.
	 */
	function scrambleHistory(emu: QradarEmulator): {
		backup: number;
		restore: number;
		restoreId: number;
	} {
		const recent = Date.now() - 3_600_000;
		emu.state.backups[0].time_completed = recent;
		const restoreId = seedPendingRestore(emu, 'FAILED');
		const restore = emu.state.restores.find((r) => r.id === restoreId);
		if (!restore) throw new Error('no restore');
		restore.time_completed = recent - 60_000;
		return { backup: recent, restore: recent - 60_000, restoreId };
	}

	it('activation emits nothing; later polls emit each newly finished record exactly once', async () => {
		emulator().switches[sortSwitch] = true;
		emulator().switches.failingNames = ['bad_after'];
		const newest = scrambleHistory(emulator());

		const first = await pollTrigger(emulator(), EVENTS);
		expect(first.error).toBeUndefined();
		expect(first.data).toBeNull();
		expect(first.nodeStaticData).toEqual({
			backups: { time: newest.backup, ids: ['1'] },
			restores: { time: newest.restore, ids: [String(newest.restoreId)] },
		});

		const good = await finishedBackup(emulator(), 'good_after');
		const bad = await finishedBackup(emulator(), 'bad_after');
		const restore = finishedRestore(emulator());
		const second = await pollTrigger(emulator(), EVENTS, { staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(
			json(second.items)
				.map((item) => `${String(item.event)} ${String(item.id)}`)
				.sort(),
		).toEqual([`backupFailed ${bad}`, `backupSucceeded ${good}`, `restoreSucceeded ${restore}`]);
		// backups come oldest first even though the console did not sort them
		const backups = json(second.items).filter((item) => String(item.event).startsWith('backup'));
		expect(backups.map((item) => item.id)).toEqual([good, bad]);

		const third = await pollTrigger(emulator(), EVENTS, { staticData: second.staticData });
		expect(third.error).toBeUndefined();
		expect(third.data).toBeNull();

		const later = await finishedBackup(emulator(), 'later_one');
		const fourth = await pollTrigger(emulator(), EVENTS, { staticData: third.staticData });
		expect(json(fourth.items).map((item) => item.id)).toEqual([later]);

		// nothing the trigger sent depends on the console sorting
		const triggerReads = emulator().requests.filter(
			(r) => r.method === 'GET' && (r.path === BACKUPS || r.path === RESTORES),
		);
		expect(triggerReads.length).toBeGreaterThan(0);
		expect(triggerReads.every((r) => r.query.sort === undefined)).toBe(true);
	});

	it('a manual test run returns the newest match', async () => {
		emulator().switches[sortSwitch] = true;
		scrambleHistory(emulator());
		const result = await pollTrigger(emulator(), ['backupSucceeded'], { mode: 'manual' });
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: 1, status: 'SUCCESS', event: 'backupSucceeded' }),
		]);
	});
});

describe('the trigger across pages, unsorted', () => {
	it('reads every finished backup (two pages of 500) and starts at the newest', async () => {
		const big = await startIbmQradarEmulator({ backups: 600, restoreOutageMs: 0 });
		try {
			big.switches.sortIgnored = true;
			const first = await pollTrigger(big, ['backupSucceeded']);
			expect(first.error).toBeUndefined();
			expect(first.data).toBeNull();
			const newest = big.state.backups.find((backup) => backup.id === 604);
			expect(first.nodeStaticData).toEqual({
				backups: { time: newest?.time_completed, ids: ['604'] },
			});
			expect(big.requests.map((r) => header(r, 'range'))).toEqual(['items=0-499', 'items=500-999']);
			const next = await pollTrigger(big, ['backupSucceeded'], { staticData: first.staticData });
			expect(next.data).toBeNull();
		} finally {
			await big.close();
		}
	});
});

describe('the Version header is set in one place: the credential', () => {
	it('the transport profile does not set it', () => {
		const headers = qradarProfile.headers as Record<string, unknown>;
		expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('version');
	});

	it('every call of a node run carries SEC and Version once', async () => {
		const result = await runQradar(
			emulator(),
			createBackupParameters({ options: { waitForCompletion: true, ...FAST } }),
		);
		expect(result.error).toBeUndefined();
		expect(emulator().requests.length).toBeGreaterThan(1);
		for (const request of emulator().requests) {
			expect(header(request, 'version')).toBe('26.0');
			expect(request.authorized).toBe(true);
		}
	});

	it('the trigger and the credential test send it too; without a version none is sent', async () => {
		await pollTrigger(emulator(), ['backupSucceeded']);
		const credentialType = new IbmQradarApi();
		const tested = await runNode({
			nodeType: CREDENTIAL_TEST_TYPE,
			node: credentialTestNode(credentialType),
			parameters: {},
			credentialTypes: [credentialType],
			credentials: [qradarCredential(emulator())],
		});
		expect(tested.error).toBeUndefined();
		expect(emulator().requests.map((request) => header(request, 'version'))).toEqual([
			'26.0',
			'26.0',
		]);

		emulator().requests.length = 0;
		const unversioned = await runQradar(
			emulator(),
			{ resource: 'backup', operation: 'get', backup: byId(1) },
			{ credentialData: { apiVersion: '' } },
		);
		expect(unversioned.error).toBeUndefined();
		expect(header(emulator().requests[0], 'version')).toBeUndefined();
	});
});

/** A backup created by the node and moved to its end by the emulator. */
async function finishedBackup(emu: QradarEmulator, name: string): Promise<number> {
	const result = await runQradar(emu, createBackupParameters({ name }));
	const id = Number(result.items[0]?.json.id);
	emu.advanceBackup(id);
	return id;
}

/** A restore of backup 1 that has just finished. */
function finishedRestore(emu: QradarEmulator): number {
	const id = seedPendingRestore(emu);
	const restore = emu.state.restores.find((r) => r.id === id);
	if (!restore) throw new Error('no restore');
	restore.status = 'SUCCESS';
	restore.time_completed = Date.now();
	return id;
}
