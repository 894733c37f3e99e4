/**
 * Every operation of the BlueXP backup and recovery node, run the way n8n runs it, against
 * the emulator: what the user gets out, and what BlueXP received (method, path, body).
 */
import {
	FAST,
	NO_WAIT,
	SEED,
	byId,
	calls,
	json,
	listSearch,
	runBlueXp,
	useBlueXpEmulator,
} from './helpers';

const emulator = useBlueXpEmulator();
const WE = byId(SEED.weAws);
const VOL = SEED.volumes.awsData;
const bodyOf = (index = 0) => emulator().apiRequests()[index]!.body;
const jobCalls = (first: string, jobId: string, polls = 2) => [
	first,
	...Array.from({ length: polls }, () => `GET v1/job/${jobId}`),
];

async function ok(parameters: Record<string, unknown>) {
	const result = await runBlueXp(emulator(), parameters);
	expect(result.error).toBeUndefined();
	return result;
}

describe('working environment', () => {
	it('getAll: GET v1/working-environment, one item per environment', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'getAll',
			returnAll: true,
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: SEED.weAws, name: 'cvo-aws-prod', type: 'VSA' }),
			expect.objectContaining({ id: SEED.weOnPrem, name: 'onprem-cluster1', type: 'ON_PREM' }),
		]);
		expect(calls(emulator())).toEqual(['GET v1/working-environment']);
	});

	it('getAll with a limit stops after that many', async () => {
		const result = await ok({ resource: 'workingEnvironment', operation: 'getAll', limit: 1 });
		expect(json(result.items).map((item) => item.id)).toEqual([SEED.weAws]);
	});

	it('get: GET v1/working-environment/{we}', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'get',
			workingEnvironment: WE,
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: SEED.weAws, region: 'us-east-1', 'svm-names': [SEED.svmAws] }),
		]);
		expect(calls(emulator())).toEqual([`GET v1/working-environment/${SEED.weAws}`]);
	});

	it('getSvms: one item per SVM', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'getSvms',
			workingEnvironment: WE,
		});
		expect(json(result.items)).toEqual([
			{ name: SEED.svmAws, 'working-environment-id': SEED.weAws },
		]);
		expect(calls(emulator())).toEqual([`GET v1/working-environment/${SEED.weAws}/svm`]);
	});

	it('getVolumes: one item per volume', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'getVolumes',
			workingEnvironment: WE,
		});
		expect(json(result.items).map((v) => [v.name, v['file-system-id']])).toEqual([
			['vol_data', SEED.volumes.awsData],
			['vol_logs', SEED.volumes.awsLogs],
		]);
		expect(calls(emulator())).toEqual([`GET v1/working-environment/${SEED.weAws}/volume`]);
	});

	it('getBackupPolicies: one item per policy', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'getBackupPolicies',
			workingEnvironment: WE,
		});
		expect(json(result.items)).toEqual([
			{
				name: SEED.policy,
				rule: [
					{ label: 'daily', retention: '30' },
					{ label: 'weekly', retention: '52' },
				],
				'archive-after-days': '180',
			},
		]);
		expect(calls(emulator())).toEqual([`GET v1/working-environment/${SEED.weAws}/backup-policy`]);
	});

	it('createBackupPolicy: POST {name, rule, archive-after-days}, the policy out', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'createBackupPolicy',
			workingEnvironment: WE,
			policyName: 'n8n-weekly',
			rules: { rule: [{ label: 'weekly', retention: 12 }] },
			additionalFields: { archiveAfterDays: 90 },
			options: FAST,
		});
		expect(calls(emulator())).toEqual([`POST v1/working-environment/${SEED.weAws}/backup-policy`]);
		expect(bodyOf()).toEqual({
			name: 'n8n-weekly',
			rule: [{ label: 'weekly', retention: '12' }],
			'archive-after-days': '90',
		});
		expect(json(result.items)).toEqual([
			{
				name: 'n8n-weekly',
				rule: [{ label: 'weekly', retention: '12' }],
				'archive-after-days': '90',
			},
		]);
		expect(emulator().state.policies[SEED.weAws]!.map((p) => p.name)).toContain('n8n-weekly');
	});

	it('updateBackupPolicy: PUT .../backup-policy/{name}', async () => {
		const result = await ok({
			resource: 'workingEnvironment',
			operation: 'updateBackupPolicy',
			workingEnvironment: WE,
			policyName: SEED.policy,
			rules: { rule: [{ label: 'daily', retention: 7 }] },
			options: FAST,
		});
		expect(calls(emulator())).toEqual([
			`PUT v1/working-environment/${SEED.weAws}/backup-policy/${SEED.policy}`,
		]);
		// the policy name is the path, not the body (API-FACTS)
		expect(bodyOf()).toEqual({ rule: [{ label: 'daily', retention: '7' }] });
		expect(json(result.items)).toEqual([
			expect.objectContaining({ name: SEED.policy, rule: [{ label: 'daily', retention: '7' }] }),
		]);
	});

	it('the working environment list search offers both environments', async () => {
		const found = await listSearch(emulator(), 'searchWorkingEnvironments', 'onprem');
		expect(found.results).toEqual([
			expect.objectContaining({ name: 'onprem-cluster1', value: SEED.weOnPrem }),
		]);
	});
});

describe('backup', () => {
	it('getAll: GET v1/backup/working-environment with the backup state', async () => {
		const result = await ok({ resource: 'backup', operation: 'getAll', returnAll: true });
		expect(json(result.items).map((we) => [we.id, we['backup-enablement-status']])).toEqual([
			[SEED.weAws, 'ON'],
			[SEED.weOnPrem, 'OFF'],
		]);
		expect(calls(emulator())).toEqual(['GET v1/backup/working-environment']);
	});

	it('activate: POST v3 with provider, region and policy; waits for the job; backup is ON', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'activate',
			workingEnvironment: byId(SEED.weOnPrem),
			provider: 'aws',
			region: 'eu-west-1',
			rules: { rule: [{ label: 'daily', retention: 14 }] },
			additionalFields: {
				bucket: 'my-bucket',
				ipSpace: 'Default',
				autoBackupEnabled: true,
				archiveAfterDays: 180,
			},
			options: FAST,
		});
		const [item] = json(result.items);
		const jobId = item!['job-id'] as string;
		expect(item!.job).toMatchObject({ id: jobId, status: 'COMPLETED', type: 'BACKUP_ACTIVATION' });
		expect(calls(emulator())).toEqual(
			jobCalls(`POST v3/backup/working-environment/${SEED.weOnPrem}`, jobId),
		);
		expect(bodyOf()).toEqual({
			provider: 'AWS',
			region: 'eu-west-1',
			// strings, as NetApp's provider sends them
			'backup-policy': {
				rule: [{ label: 'daily', retention: '14' }],
				'archive-after-days': '180',
			},
			bucket: 'my-bucket',
			'ip-space': 'Default',
			'auto-backup-enabled': true,
		});
		expect(emulator().state.backup[SEED.weOnPrem]).toMatchObject({
			status: 'ON',
			region: 'eu-west-1',
			bucket: 'my-bucket',
		});
	});

	it('getStatus: GET .../{we}/status', async () => {
		const result = await ok({ resource: 'backup', operation: 'getStatus', workingEnvironment: WE });
		expect(json(result.items)).toEqual([
			{
				id: SEED.weAws,
				name: 'cvo-aws-prod',
				bucket: 'netapp-backup-n8n-aws01',
				provider: 'AWS',
				region: 'us-east-1',
				'working-environment-id': SEED.weAws,
				'backup-enablement-status': 'ON',
				status: 'ACTIVE',
				'volumes-protected': 1,
				'volumes-total': 2,
			},
		]);
		expect(calls(emulator())).toEqual([`GET v1/backup/working-environment/${SEED.weAws}/status`]);
	});

	it('getVolumes: GET .../{we}/volume, one item per volume', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'getVolumes',
			workingEnvironment: WE,
		});
		expect(
			json(result.items).map((v) => [v.name, v['backup-status'], v['snapshot-count']]),
		).toEqual([
			['vol_data', 'ON', 3],
			['vol_logs', 'OFF', 0],
		]);
		expect(calls(emulator())).toEqual([`GET v1/backup/working-environment/${SEED.weAws}/volume`]);
	});

	it('getVolume: GET .../volume/{vol}', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'getVolume',
			workingEnvironment: WE,
			volumeId: VOL,
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				name: 'vol_data',
				'file-system-id': VOL,
				'policy-name': SEED.policy,
			}),
		]);
		expect(calls(emulator())).toEqual([
			`GET v1/backup/working-environment/${SEED.weAws}/volume/${VOL}`,
		]);
	});

	it('createAdHoc: POST v3 .../volume/{vol} {mode: AD_HOC}; the new backup exists after the job', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'createAdHoc',
			workingEnvironment: WE,
			volumeId: VOL,
			backupName: 'before-upgrade',
			snapmirrorLabel: 'weekly',
			options: FAST,
		});
		const [item] = json(result.items);
		const jobId = item!['job-id'] as string;
		expect(item!.job).toMatchObject({ status: 'COMPLETED', type: 'BACKUP_ADHOC' });
		expect(calls(emulator())).toEqual(
			jobCalls(`POST v3/backup/working-environment/${SEED.weAws}/volume/${VOL}`, jobId),
		);
		expect(bodyOf()).toEqual({
			mode: 'AD_HOC',
			'adhoc-backup-details': { name: 'before-upgrade', snapmirrorLabel: 'weekly' },
		});
		expect(emulator().state.backups.map((b) => b.snapshotName)).toContain('before-upgrade');
	});

	it('delete: DELETE .../volume/{vol}/snapshot, without waiting the job id at once', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'delete',
			workingEnvironment: WE,
			volumeId: VOL,
			options: NO_WAIT,
		});
		expect(calls(emulator())).toEqual([
			`DELETE v1/backup/working-environment/${SEED.weAws}/volume/${VOL}/snapshot`,
		]);
		const [item] = json(result.items);
		expect(Object.keys(item!)).toEqual(['job-id']);
		expect(emulator().state.jobs.get(item!['job-id'] as string)?.type).toBe('BACKUP_DELETE_ALL');
	});

	it('getSnapshots: GET .../volume/{vol}/snapshot, one item per backup', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'getSnapshots',
			workingEnvironment: WE,
			volumeId: VOL,
		});
		expect(json(result.items).map((s) => s.id)).toEqual([
			SEED.backups.daily1,
			SEED.backups.daily2,
			SEED.backups.adhoc,
		]);
		expect(calls(emulator())).toEqual([
			`GET v1/backup/working-environment/${SEED.weAws}/volume/${VOL}/snapshot`,
		]);
	});

	it('deleteSnapshot: DELETE .../snapshot/{name}; the backup is gone after the job', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'deleteSnapshot',
			workingEnvironment: WE,
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.daily1,
			options: FAST,
		});
		const jobId = json(result.items)[0]!['job-id'] as string;
		expect(calls(emulator())).toEqual(
			jobCalls(
				`DELETE v1/backup/working-environment/${SEED.weAws}/volume/${VOL}/snapshot/${SEED.snapshotNames.daily1}`,
				jobId,
			),
		);
		expect(emulator().state.backups.map((b) => b.id)).toEqual([
			SEED.backups.daily2,
			SEED.backups.adhoc,
		]);
	});

	it('unregister: DELETE .../{we}; backup is OFF after the job', async () => {
		const result = await ok({
			resource: 'backup',
			operation: 'unregister',
			workingEnvironment: WE,
			options: FAST,
		});
		const [item] = json(result.items);
		expect(item!.job).toMatchObject({ status: 'COMPLETED', type: 'BACKUP_UNREGISTER' });
		expect(calls(emulator())).toEqual(
			jobCalls(`DELETE v1/backup/working-environment/${SEED.weAws}`, item!['job-id'] as string),
		);
		expect(emulator().state.backup[SEED.weAws]!.status).toBe('OFF');
	});
});

describe('restore', () => {
	it('restoreVolume: POST v3/restore {restore: {type: VOLUME, source, target}}', async () => {
		const result = await ok({
			resource: 'restore',
			operation: 'restoreVolume',
			workingEnvironment: WE,
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.daily2,
			targetSvm: SEED.svmAws,
			targetVolumeName: 'vol_data_restored',
			additionalFields: { archiveRestorePriority: 'high' },
			options: FAST,
		});
		const [item] = json(result.items);
		expect(item!.job).toMatchObject({ status: 'COMPLETED', type: 'RESTORE' });
		// names and bucket looked up first (the node's inference), then the restore
		expect(calls(emulator())).toEqual([
			`GET v1/backup/working-environment/${SEED.weAws}/status`,
			`GET v1/backup/working-environment/${SEED.weAws}/volume`,
			...jobCalls('POST v3/restore', item!['job-id'] as string),
		]);
		expect(bodyOf(2)).toEqual({
			restore: {
				type: 'VOLUME',
				'archive-restore-priority': 'high',
				source: {
					'working-environment-id': SEED.weAws,
					'working-environment-name': 'cvo-aws-prod',
					bucket: 'netapp-backup-n8n-aws01',
					'volume-name': 'vol_data',
					'volume-id': VOL,
					snapshot: SEED.snapshotNames.daily2,
				},
				target: {
					'working-environment-id': SEED.weAws,
					'working-environment-name': 'cvo-aws-prod',
					svm: SEED.svmAws,
					'volume-name': 'vol_data_restored',
				},
			},
		});
	});

	it('restoreFiles: the files, their types and the target path in the body', async () => {
		const result = await ok({
			resource: 'restore',
			operation: 'restoreFiles',
			workingEnvironment: WE,
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.daily1,
			files: {
				file: [
					{ path: '/data/file-001.csv', type: 'FILE', size: 1000 },
					{ path: '/logs', type: 'DIRECTORY' },
				],
			},
			targetSvm: SEED.svmAws,
			targetVolumeName: 'vol_data',
			additionalFields: { targetPath: '/restored', targetWorkingEnvironmentId: SEED.weAws },
			options: NO_WAIT,
		});
		expect(calls(emulator())).toEqual([
			`GET v1/backup/working-environment/${SEED.weAws}/status`,
			`GET v1/backup/working-environment/${SEED.weAws}/volume`,
			'POST v3/restore',
		]);
		expect(bodyOf(2)).toEqual({
			restore: {
				type: 'FILE',
				source: {
					'working-environment-id': SEED.weAws,
					'working-environment-name': 'cvo-aws-prod',
					bucket: 'netapp-backup-n8n-aws01',
					'volume-name': 'vol_data',
					'volume-id': VOL,
					snapshot: SEED.snapshotNames.daily1,
				},
				target: {
					'working-environment-id': SEED.weAws,
					'working-environment-name': 'cvo-aws-prod',
					svm: SEED.svmAws,
					'volume-name': 'vol_data',
					path: '/restored',
				},
				file: [
					{ path: '/data/file-001.csv', type: 'FILE', size: 1000 },
					{ path: '/logs', type: 'DIRECTORY', size: 0 },
				],
			},
		});
		expect(json(result.items)).toEqual([{ 'job-id': emulator().state.restores[0]!.jobId }]);
	});

	it('getStatus: GET v1/restore/status lists the restores started', async () => {
		await ok({
			resource: 'restore',
			operation: 'restoreVolume',
			workingEnvironment: WE,
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.adhoc,
			targetSvm: SEED.svmAws,
			targetVolumeName: 'vol_x',
			options: NO_WAIT,
		});
		emulator().requests.length = 0;
		const result = await ok({ resource: 'restore', operation: 'getStatus' });
		expect(calls(emulator())).toEqual(['GET v1/restore/status']);
		const items = json(result.items);
		expect(JSON.stringify(items)).toContain(emulator().state.restores[0]!.jobId);
		expect(JSON.stringify(items)).toContain('"type":"VOLUME"');
	});
});

describe('job', () => {
	it('get: GET v1/job/{id}, the job as one item', async () => {
		const result = await ok({ resource: 'job', operation: 'get', jobId: SEED.jobId });
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				id: SEED.jobId,
				type: 'BACKUP_ACTIVATION',
				status: 'COMPLETED',
				'working-environment-id': SEED.weAws,
			}),
		]);
		expect(calls(emulator())).toEqual([`GET v1/job/${SEED.jobId}`]);
	});

	it('getAll: GET v1/job with the status and type filters as query', async () => {
		const result = await ok({
			resource: 'job',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'COMPLETED', type: 'BACKUP_ACTIVATION' },
		});
		expect(json(result.items).map((job) => job.id)).toEqual([SEED.jobId]);
		expect(calls(emulator())).toEqual(['GET v1/job']);
		expect(emulator().apiRequests()[0]!.query).toEqual({
			status: 'COMPLETED',
			type: 'BACKUP_ACTIVATION',
		});
	});
});

describe('catalog', () => {
	it('setup: POST v1/catalog/working-environments/{we}/setup', async () => {
		const result = await ok({
			resource: 'catalog',
			operation: 'setup',
			workingEnvironment: WE,
			options: FAST,
		});
		const [item] = json(result.items);
		expect(item!.job).toMatchObject({ status: 'COMPLETED', type: 'CATALOG_SETUP' });
		expect(calls(emulator())).toEqual(
			jobCalls(
				`POST v1/catalog/working-environments/${SEED.weAws}/setup`,
				item!['job-id'] as string,
			),
		);
	});

	it('search: POST v1/catalog/search with type, extensions and dates; one item per hit', async () => {
		const result = await ok({
			resource: 'catalog',
			operation: 'search',
			workingEnvironment: WE,
			searchType: 'FILE',
			filters: {
				extensions: '.csv, log',
				createdFrom: '2025-01-02T00:00:00Z',
				createdTo: '2025-01-02T23:59:59Z',
				sizeFrom: 24000,
			},
		});
		expect(calls(emulator())).toEqual(['POST v1/catalog/search']);
		expect(bodyOf()).toEqual({
			type: 'FILE',
			workingEnvironmentId: [SEED.weAws],
			fileExtension: ['csv', 'log'],
			size: { from: 24000 },
			creationDate: { from: '2025-01-02T00:00:00.000Z', to: '2025-01-02T23:59:59.000Z' },
		});
		// daily2 only: file-024.csv, file-025.csv and app.log (50 000 bytes)
		expect(json(result.items).map((hit) => [hit.name, hit['snapshot-name']])).toEqual([
			['file-024.csv', SEED.snapshotNames.daily2],
			['file-025.csv', SEED.snapshotNames.daily2],
			['app.log', SEED.snapshotNames.daily2],
		]);
	});
});

describe('single file restore', () => {
	it('startExplore: POST v2/sfr/volume/{vol}/file-explore/start, waits, explore READY', async () => {
		const result = await ok({
			resource: 'sfr',
			operation: 'startExplore',
			workingEnvironment: WE,
			volumeId: VOL,
			options: FAST,
		});
		const [item] = json(result.items);
		expect(item!.job).toMatchObject({ status: 'COMPLETED', type: 'SFR_FILE_EXPLORE' });
		expect(calls(emulator())).toEqual(
			jobCalls(`POST v2/sfr/volume/${VOL}/file-explore/start`, item!['job-id'] as string),
		);
		expect(bodyOf()).toEqual({ 'working-environment-id': SEED.weAws });
		expect(emulator().state.sfr.get(VOL)?.status).toBe('READY');
	});

	it('getExploreStatus: GET v2/sfr/volume/{vol}/file-explore/status', async () => {
		const result = await ok({ resource: 'sfr', operation: 'getExploreStatus', volumeId: VOL });
		expect(json(result.items)).toEqual([
			{ 'volume-id': VOL, status: 'NOT_STARTED', 'job-id': null },
		]);
		expect(calls(emulator())).toEqual([`GET v2/sfr/volume/${VOL}/file-explore/status`]);
	});

	it('listFiles: every page of a folder with Return All', async () => {
		emulator().state.sfr.set(VOL, { status: 'READY', jobId: SEED.jobId });
		const result = await ok({
			resource: 'sfr',
			operation: 'listFiles',
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.daily1,
			path: '/data',
			returnAll: true,
		});
		expect(json(result.items)).toHaveLength(SEED.dataFiles);
		expect(json(result.items)[0]).toMatchObject({
			name: 'file-001.csv',
			path: '/data/file-001.csv',
		});
		const listPath = `GET v2/sfr/volume/${VOL}/snapshot/${SEED.snapshotNames.daily1}/file-explore/list`;
		expect(new Set(calls(emulator()))).toEqual(new Set([listPath]));
		expect(emulator().apiRequests()[0]!.query).toMatchObject({ path: '/data' });
	});

	it('listFiles with a limit returns that many', async () => {
		emulator().state.sfr.set(VOL, { status: 'READY', jobId: SEED.jobId });
		const result = await ok({
			resource: 'sfr',
			operation: 'listFiles',
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.daily1,
			path: '/data',
			limit: 7,
		});
		expect(json(result.items).map((file) => file.name)).toEqual(
			Array.from({ length: 7 }, (_, i) => `file-00${i + 1}.csv`),
		);
	});
});

describe('license, ransomware scan, StorageGRID, cloud', () => {
	it('license get: GET v1/license/working-environment/{we}', async () => {
		const result = await ok({ resource: 'license', operation: 'get', workingEnvironment: WE });
		expect(json(result.items)).toEqual([
			{
				license: expect.objectContaining({ 'working-environment-id': SEED.weAws, status: 'VALID' }),
			},
		]);
		expect(calls(emulator())).toEqual([`GET v1/license/working-environment/${SEED.weAws}`]);
	});

	it('ransomwareScan start: POST .../snapshot/{snap}; the finished scan carries its result', async () => {
		const result = await ok({
			resource: 'ransomwareScan',
			operation: 'start',
			workingEnvironment: WE,
			volumeId: VOL,
			snapshotName: SEED.snapshotNames.adhoc,
			options: FAST,
		});
		const [item] = json(result.items);
		expect(item!.job).toMatchObject({
			status: 'COMPLETED',
			type: 'RANSOMWARE_SCAN',
			data: expect.objectContaining({ result: 'CLEAN' }),
		});
		expect(calls(emulator())).toEqual(
			jobCalls(
				`POST v1/ransomware/working-environment/${SEED.weAws}/volume/${VOL}/snapshot/${SEED.snapshotNames.adhoc}`,
				item!['job-id'] as string,
			),
		);
	});

	it('storageGrid getAll: GET v1/sg', async () => {
		const result = await ok({ resource: 'storageGrid', operation: 'getAll', returnAll: true });
		expect(json(result.items)).toEqual([
			{ id: SEED.sgId, name: 'sg-dc1', hostname: 'sg.dc1.example.com', port: 443 },
		]);
		expect(calls(emulator())).toEqual(['GET v1/sg']);
	});

	it('storageGrid create: POST v1/sg with the keys; the secret key stays out of the output', async () => {
		const result = await ok({
			resource: 'storageGrid',
			operation: 'create',
			name: 'sg-dc2',
			host: 'sg.dc2.example.com',
			port: 8082,
			accessKey: 'AKIA-N8N-TEST',
			secretKey: 'sg-secret-key-Zq93xKd1',
			options: FAST,
		});
		expect(calls(emulator())).toEqual(['POST v1/sg']);
		expect(bodyOf()).toEqual({
			name: 'sg-dc2',
			hostname: 'sg.dc2.example.com',
			port: 8082,
			'access-key': 'AKIA-N8N-TEST',
			'secret-password': 'sg-secret-key-Zq93xKd1',
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({ name: 'sg-dc2', hostname: 'sg.dc2.example.com', port: 8082 }),
		]);
		expect(JSON.stringify(result.items)).not.toContain('sg-secret-key-Zq93xKd1');
	});

	it.each([
		['getRegions', 'aws', 'v1/cloud/aws/region', ['us-east-1', 'eu-west-1'], 'code'],
		['getRegions', 'gcp', 'v1/cloud/gcp/region', ['us-central1', 'europe-west1'], 'code'],
		[
			'getSubscriptions',
			'azure',
			'v1/cloud/azure/subscription',
			['3beb4dd0-25d4-464f-9bb0-303d7cf5c0c2'],
			'id',
		],
		['getProjects', 'gcp', 'v1/cloud/gcp/project', ['n8n-backup-project'], 'id'],
	])('cloud %s (%s): GET %s', async (operation, provider, path, ids, key) => {
		const result = await ok({ resource: 'cloud', operation, provider });
		expect(json(result.items).map((record) => record[key])).toEqual(ids);
		expect(calls(emulator())).toEqual([`GET ${path}`]);
	});
});
