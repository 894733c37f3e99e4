/**
 * Every QRadar refusal the node explains: the message says what happened on this endpoint,
 * the description what to do, followed by QRadar's own words; the HTTP code stays.
 */
import type { QradarEmulator } from '../emulators/ibmQradar';
import {
	BACKUPS,
	RESTORES,
	byId,
	createBackupParameters,
	expectFailed,
	posts,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
	type QradarRunResult,
} from './helpers';

/** A backup running on the console (blocks restore start with 1015). */
function seedRunningConsoleBackup(emulator: QradarEmulator) {
	emulator.state.backups.push({
		...emulator.state.backups[0],
		id: emulator.state.nextBackupId++,
		name: 'running_on_console',
		status: 'IN_PROGRESS',
		time_completed: null,
	});
}

const restoreCreate = (
	emulator: QradarEmulator,
	backupId: number,
	groups = ['DEPLOYMENT_CONFIG'],
) =>
	runQradar(emulator, { resource: 'restore', operation: 'create', backup: byId(backupId), groups });

const restoreStart = (emulator: QradarEmulator, id: number) =>
	runQradar(emulator, {
		resource: 'restore',
		operation: 'start',
		restore: byId(id),
		options: { waitForCompletion: false },
	});

function expectExplained(
	result: QradarRunResult,
	httpCode: string,
	code: string,
	message: string,
	hint: RegExp,
) {
	expectFailed(result, {
		httpCode,
		message,
		description: [hint, /QRadar said: "/, new RegExp(`QRadar error ${code}\\b`)],
	});
}

describe('backup create', () => {
	const emulator = useQradarEmulator();

	it('1005: the name is taken', async () => {
		const result = await runQradar(
			emulator(),
			createBackupParameters({ name: 'nightly_config_20250101' }),
		);
		expectExplained(
			result,
			'409',
			'1005',
			'A backup with this name already exists',
			/^Backup names must be unique/,
		);
		expect(posts(emulator(), BACKUPS)).toHaveLength(1);
	});

	it('1011: undeployed changes', async () => {
		emulator().switches.pendingDeploy = true;
		const result = await runQradar(emulator(), createBackupParameters());
		expectExplained(
			result,
			'409',
			'1011',
			'QRadar has configuration changes that are not deployed yet',
			/^Deploy the staged changes first/,
		);
	});

	it('1015: a backup is already running on the host', async () => {
		const result = await runQradar(
			emulator(),
			createBackupParameters({ backupType: 'DATA', additionalFields: { hostId: 104 } }),
		);
		expectExplained(
			result,
			'409',
			'1015',
			'A backup is already running on this host',
			/^Wait until it has finished/,
		);
	});

	it('1016: a restore is running', async () => {
		seedPendingRestore(emulator(), 'IN_PROGRESS');
		const result = await runQradar(emulator(), createBackupParameters());
		expectExplained(
			result,
			'409',
			'1016',
			'A restore is running, so no backup can start',
			/^Wait until the restore has finished/,
		);
	});

	it('1007: the configuration does not exist', async () => {
		const result = await runQradar(emulator(), createBackupParameters({ configurationId: 7 }));
		expectExplained(
			result,
			'422',
			'1007',
			'The backup configuration does not exist',
			/Backup Configuration > Get Many/,
		);
	});

	it('1012: a CONFIG backup on a managed host', async () => {
		const result = await runQradar(
			emulator(),
			createBackupParameters({ additionalFields: { hostId: 104 } }),
		);
		expectExplained(
			result,
			'422',
			'1012',
			'A configuration backup can only run on the console',
			/Leave Host ID empty/,
		);
	});
});

describe('restore create', () => {
	const emulator = useQradarEmulator();

	it('1011: another restore has not finished', async () => {
		seedPendingRestore(emulator());
		expectExplained(
			await restoreCreate(emulator(), 1),
			'409',
			'1011',
			'Another restore has not finished yet',
			/^Only one restore may exist/,
		);
		expect(posts(emulator(), RESTORES)).toHaveLength(1);
	});

	it('1003: the backup does not exist', async () => {
		expectExplained(
			await restoreCreate(emulator(), 999),
			'422',
			'1003',
			'The backup to restore does not exist',
			/^Choose a backup from the list/,
		);
	});

	it('1004: not a CONFIG backup', async () => {
		expectExplained(
			await restoreCreate(emulator(), 2),
			'422',
			'1004',
			'Only configuration (CONFIG) backups can be restored through the API',
			/^Choose a backup of type CONFIG/,
		);
	});

	it('1005: the backup did not succeed', async () => {
		expectExplained(
			await restoreCreate(emulator(), 3),
			'422',
			'1005',
			'The backup did not finish successfully, so it cannot be restored',
			/^Choose a backup whose status is SUCCESS/,
		);
	});

	it('1006: the backup is not valid', async () => {
		emulator().state.backups[0].is_valid = false;
		expectExplained(
			await restoreCreate(emulator(), 1),
			'422',
			'1006',
			'The backup is not valid for this console',
			/is_valid/,
		);
	});

	it('1007: the backup is not version compatible', async () => {
		emulator().state.backups[0].is_version_compatible = false;
		expectExplained(
			await restoreCreate(emulator(), 1),
			'422',
			'1007',
			'The backup was made by a QRadar version this console cannot restore',
			/is_version_compatible/,
		);
	});

	it('1008 and 1009: explained when the console sends them (the node refuses both before sending)', async () => {
		const body = (code: number) =>
			JSON.stringify({
				http_response: { code: 422, message: 'Unprocessable Entity' },
				code,
				message: `refused ${code}`,
				description: '',
				details: {},
			});
		emulator().faults.failNext(1, {
			status: 422,
			body: body(1008),
			contentType: 'application/json',
		});
		expectExplained(
			await restoreCreate(emulator(), 1),
			'422',
			'1008',
			'No restore groups were given',
			/^Choose at least one group/,
		);
		emulator().faults.failNext(1, {
			status: 422,
			body: body(1009),
			contentType: 'application/json',
		});
		expectExplained(
			await restoreCreate(emulator(), 1),
			'422',
			'1009',
			'Installed apps and offenses can only be restored together with the deployment',
			/^Add Deployment Configuration/,
		);
	});

	it('1010: a group this console does not know (DOMAINS on an older console)', async () => {
		expectExplained(
			await restoreCreate(emulator(), 1, ['DEPLOYMENT_CONFIG', 'DOMAINS']),
			'422',
			'1010',
			'This console does not know one of the restore groups',
			/Domains needs a newer console/,
		);
	});
});

describe('restore create on a console with domains', () => {
	const emulator = useQradarEmulator({ domainsGroup: true });

	it('1019: assets and users need domains', async () => {
		expectExplained(
			await restoreCreate(emulator(), 1, ['DEPLOYMENT_CONFIG', 'USERS_CONFIG']),
			'422',
			'1019',
			'Assets and users can only be restored together with domains',
			/^Add Domains to Groups/,
		);
	});

	it('with DOMAINS it is accepted', async () => {
		const result = await restoreCreate(emulator(), 1, ['USERS_CONFIG', 'DOMAINS']);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'PENDING' });
	});
});

describe('restore start', () => {
	const emulator = useQradarEmulator();

	it('1012: only a PENDING restore can be started', async () => {
		expectExplained(
			await restoreStart(emulator(), 1),
			'422',
			'1012',
			'Only a PENDING restore can be started',
			/has been started already or has finished/,
		);
		expect(posts(emulator(), `${RESTORES}/1`)).toHaveLength(1);
	});

	it('1013: explained when the console refuses the status sent', async () => {
		const id = seedPendingRestore(emulator());
		emulator().faults.failNext(1, {
			status: 422,
			contentType: 'application/json',
			body: JSON.stringify({
				http_response: { code: 422, message: 'Unprocessable Entity' },
				code: 1013,
				message: "The 'status' parameter value must be REQUESTING.",
				description: '',
				details: {},
			}),
		});
		expectExplained(
			await restoreStart(emulator(), id),
			'422',
			'1013',
			'QRadar refused the status sent to start the restore',
			/setting its status to REQUESTING/,
		);
	});

	it('1014: rebalancing', async () => {
		emulator().switches.rebalancing = true;
		const id = seedPendingRestore(emulator());
		expectExplained(
			await restoreStart(emulator(), id),
			'409',
			'1014',
			'The console is rebalancing data, so the restore cannot start',
			/^Wait until the rebalance has finished/,
		);
	});

	it('1015: a backup is running', async () => {
		seedRunningConsoleBackup(emulator());
		const id = seedPendingRestore(emulator());
		expectExplained(
			await restoreStart(emulator(), id),
			'409',
			'1015',
			'A backup is running, so the restore cannot start',
			/^Wait until the backup has finished/,
		);
	});

	it('1016: another restore is running', async () => {
		seedPendingRestore(emulator(), 'IN_PROGRESS');
		const id = seedPendingRestore(emulator());
		expectExplained(
			await restoreStart(emulator(), id),
			'409',
			'1016',
			'Another restore is running',
			/^Wait until it has finished \(Restore > Get Many\)/,
		);
	});
});

describe('deletes', () => {
	const emulator = useQradarEmulator();

	it('backup 1017: not deletable while DELETING', async () => {
		emulator().state.backups[0].status = 'DELETING';
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'delete',
			backup: byId(1),
		});
		expectExplained(
			result,
			'422',
			'1017',
			'The backup cannot be deleted in its current state',
			/already on its way out/,
		);
	});

	it('restore 1017: a finished restore stays in the history', async () => {
		const result = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'delete',
			restore: byId(1),
		});
		expectExplained(
			result,
			'422',
			'1017',
			'The restore cannot be deleted in its current state',
			/finished ones \(SUCCESS, FAILED\) stay in the history/,
		);
	});

	it('a backup that does not exist: 404 with a hint', async () => {
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'get',
			backup: byId(404),
		});
		expectFailed(result, {
			httpCode: '404',
			message: 'The backup with id 404 does not exist.',
			description: [/Get Many/],
		});
	});
});
