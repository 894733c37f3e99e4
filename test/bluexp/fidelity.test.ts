/**
 * What NetApp's own references say the node must send and read (issue 18), each against the
 * emulator: the job outcome inside `data["multi-volume-backup"]` and `data.restore`, the
 * required fields of a restore (looked up, overridable, refused before sending), the
 * documented path for deleting a volume's backups, the policy PUT with rule[] and strings,
 * and x-agent-id set in one place.
 */
import { NetAppBlueXpApi } from '../../credentials/NetAppBlueXpApi.credentials';
import { runNode } from '../harness';
import { CREDENTIAL_TEST_TYPE, credentialTestNode } from '../harness/credential-test';
import {
	FAST,
	NO_WAIT,
	SEED,
	bluexpCredential,
	byId,
	calls,
	expectFailed,
	header,
	json,
	runBlueXp,
	useBlueXpEmulator,
} from './helpers';

const emulator = useBlueXpEmulator();
const WE = byId(SEED.weAws);
const VOL = SEED.volumes.awsData;
const BUCKET = 'netapp-backup-n8n-aws01';
const STATUS_PATH = `GET v1/backup/working-environment/${SEED.weAws}/status`;
const VOLUMES_PATH = `GET v1/backup/working-environment/${SEED.weAws}/volume`;
const newJobId = () => [...emulator().state.jobs.keys()].find((id) => id !== SEED.jobId)!;
const restoreBody = () =>
	emulator()
		.apiRequests()
		.find((r) => r.method === 'POST' && r.path.endsWith('/v3/restore'))?.body as
		{ restore: Record<string, Record<string, unknown>> } | undefined;

const restoreVolume = (extra: Record<string, unknown> = {}) => ({
	resource: 'restore',
	operation: 'restoreVolume',
	workingEnvironment: WE,
	volumeId: VOL,
	snapshotName: SEED.snapshotNames.daily2,
	targetSvm: SEED.svmAws,
	targetVolumeName: 'vol_data_restored',
	options: NO_WAIT,
	...extra,
});
const restoreFiles = (extra: Record<string, unknown> = {}) => ({
	...restoreVolume(),
	operation: 'restoreFiles',
	targetVolumeName: 'vol_data',
	files: { file: [{ path: '/data/file-001.csv', type: 'FILE', size: 1000 }] },
	...extra,
});

describe('job outcome as NetApp documents it', () => {
	const adHoc = {
		resource: 'backup',
		operation: 'createAdHoc',
		workingEnvironment: WE,
		volumeId: VOL,
		backupName: 'n8n-adhoc',
		options: FAST,
	};

	it('a COMPLETED job whose volume FAILED in multi-volume-backup is an error naming the volume and its reason', async () => {
		emulator().switches.jobOutcome = 'COMPLETED_WITH_FAILED_VOLUME';
		const result = await runBlueXp(emulator(), adHoc);
		const jobId = newJobId();
		expect(emulator().state.jobs.get(jobId)?.status).toBe('COMPLETED');
		expectFailed(result, {
			message: `BlueXP job ${jobId} (ad-hoc backup "n8n-adhoc" of volume ${VOL}) completed, but failed for volume ${VOL}`,
			description: [
				new RegExp(`BlueXP said: volume ${VOL}: "Volume ${VOL}: snapshot transfer failed"`),
				new RegExp(`Job > Get \\(ID ${jobId}\\) shows the whole record`),
			],
		});
		// the backup that failed was not added
		expect(emulator().state.backups.map((b) => b.snapshotName)).not.toContain('n8n-adhoc');
	});

	it('a COMPLETED restore whose batch FAILED is an error naming the volume (id and looked-up name) and the reason', async () => {
		emulator().switches.jobOutcome = 'COMPLETED_WITH_FAILED_BATCH';
		const result = await runBlueXp(emulator(), restoreFiles({ options: FAST }));
		const jobId = newJobId();
		expect(emulator().state.jobs.get(jobId)?.status).toBe('COMPLETED');
		expectFailed(result, {
			message: `BlueXP job ${jobId} (restore of 1 file from volume "vol_data" ("${SEED.snapshotNames.daily2}")) completed, but failed for volume "vol_data" (ID ${VOL})`,
			description: [
				new RegExp(
					`volume "vol_data" \\(ID ${VOL}\\), batch 1: "Batch 1: could not read snapshot .* \\(AccessDenied\\)"`,
				),
			],
		});
	});

	it("a FAILED restore keeps the job's error and the batch's own error", async () => {
		emulator().switches.jobOutcome = 'FAILED';
		const result = await runBlueXp(emulator(), restoreVolume({ options: FAST }));
		const jobId = newJobId();
		expectFailed(result, {
			message: `BlueXP job ${jobId} (restore of volume "vol_data" from "${SEED.snapshotNames.daily2}") failed`,
			description: [
				/BlueXP said: "RESTORE failed: the connector could not reach the object store"/,
				/batch 1: "Batch 1: could not read snapshot .*AccessDenied/,
			],
		});
	});

	it('a restore that succeeded: the job with its restore batch in the output', async () => {
		const result = await runBlueXp(emulator(), restoreVolume({ options: FAST }));
		expect(result.error).toBeUndefined();
		const [item] = json(result.items);
		expect(item!.job).toMatchObject({
			status: 'COMPLETED',
			data: { restore: { batch: [{ id: '1', status: 'SUCCESS', error: null }] } },
		});
	});
});

describe('restore: every required field, looked up or given, refused before sending', () => {
	it('looks up the working environment name and bucket (status) and the volume name (volume list)', async () => {
		const result = await runBlueXp(emulator(), restoreVolume());
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([STATUS_PATH, VOLUMES_PATH, 'POST v3/restore']);
		expect(restoreBody()!.restore.source).toEqual({
			'working-environment-id': SEED.weAws,
			'working-environment-name': 'cvo-aws-prod',
			bucket: BUCKET,
			'volume-name': 'vol_data',
			'volume-id': VOL,
			snapshot: SEED.snapshotNames.daily2,
		});
		expect(restoreBody()!.restore.target).toMatchObject({
			'working-environment-id': SEED.weAws,
			'working-environment-name': 'cvo-aws-prod',
		});
	});

	it('every looked-up value can be given instead: nothing is looked up then', async () => {
		const result = await runBlueXp(
			emulator(),
			restoreFiles({
				additionalFields: {
					sourceWorkingEnvironmentName: 'cvo-given',
					bucket: 'bucket-given',
					sourceVolumeName: 'vol-given',
					targetWorkingEnvironmentName: 'target-given',
				},
			}),
		);
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual(['POST v3/restore']);
		expect(restoreBody()!.restore.source).toMatchObject({
			'working-environment-name': 'cvo-given',
			bucket: 'bucket-given',
			'volume-name': 'vol-given',
		});
		expect(restoreBody()!.restore.target['working-environment-name']).toBe('target-given');
	});

	it("another target working environment: its name is looked up from that environment's status", async () => {
		const result = await runBlueXp(
			emulator(),
			restoreVolume({ additionalFields: { targetWorkingEnvironmentId: SEED.weOnPrem } }),
		);
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toContain(
			`GET v1/backup/working-environment/${SEED.weOnPrem}/status`,
		);
		expect(restoreBody()!.restore.target).toMatchObject({
			'working-environment-id': SEED.weOnPrem,
			'working-environment-name': 'onprem-cluster1',
		});
	});

	it('a bucket that BlueXP does not know (backup not activated) is refused naming "Bucket", and no restore is sent', async () => {
		const onPremVolume = SEED.volumes.onPremHome;
		const result = await runBlueXp(
			emulator(),
			restoreVolume({ workingEnvironment: byId(SEED.weOnPrem), volumeId: onPremVolume }),
		);
		expectFailed(result, {
			message:
				'Missing "Bucket": BlueXP requires restore.source.bucket and the node could not look it up',
			description: [/Set "Bucket" under Additional Fields/, /Nothing was restored/],
		});
		expect(calls(emulator())).not.toContain('POST v3/restore');
	});

	it('a volume BlueXP does not list is refused naming "Source Volume Name", and no restore is sent', async () => {
		const result = await runBlueXp(
			emulator(),
			restoreVolume({ volumeId: '00000000-0000-0000-0000-000000000000' }),
		);
		expectFailed(result, {
			message: /^Missing "Source Volume Name": BlueXP requires restore.source.volume-name/,
			description: [/Set "Source Volume Name" under Additional Fields/],
		});
		expect(calls(emulator())).toEqual([STATUS_PATH, VOLUMES_PATH]);
	});

	it('an unknown target working environment is refused naming "Target Working Environment Name"', async () => {
		const result = await runBlueXp(
			emulator(),
			restoreVolume({
				additionalFields: { targetWorkingEnvironmentId: 'VsaWorkingEnvironment-nope' },
			}),
		);
		expectFailed(result, {
			message: /^Missing "Target Working Environment Name"/,
			description: [/Working environment VsaWorkingEnvironment-nope not found/],
		});
		expect(calls(emulator())).not.toContain('POST v3/restore');
	});

	it('"Target Volume Name" is the one label: the field and its error', async () => {
		const result = await runBlueXp(emulator(), restoreVolume({ targetVolumeName: '  ' }));
		expectFailed(result, { message: /^Invalid parameter "Target Volume Name"/ });
		expect(calls(emulator())).toEqual([]);
		const { NetAppBlueXpBackup } =
			await import('../../nodes/NetAppBlueXpBackup/NetAppBlueXpBackup.node');
		const labels = new NetAppBlueXpBackup().description.properties
			.filter((p) => p.name === 'targetVolumeName')
			.map((p) => p.displayName);
		expect(new Set(labels)).toEqual(new Set(['Target Volume Name']));
	});
});

describe('Backup > Delete goes where NetApp documents it', () => {
	it('DELETE .../volume/{vol}/snapshot, the backups are gone after the job, .../volume/{vol} never sent', async () => {
		const result = await runBlueXp(emulator(), {
			resource: 'backup',
			operation: 'delete',
			workingEnvironment: WE,
			volumeId: VOL,
			options: FAST,
		});
		expect(result.error).toBeUndefined();
		const jobId = newJobId();
		expect(calls(emulator())[0]).toBe(
			`DELETE v1/backup/working-environment/${SEED.weAws}/volume/${VOL}/snapshot`,
		);
		expect(calls(emulator())).not.toContain(
			`DELETE v1/backup/working-environment/${SEED.weAws}/volume/${VOL}`,
		);
		expect(json(result.items)[0]!.job).toMatchObject({ id: jobId, status: 'COMPLETED' });
		expect(emulator().state.backups.filter((b) => b.volumeId === VOL)).toEqual([]);
	});
});

describe('Update Backup Policy: rule[] always, strings', () => {
	const update = (extra: Record<string, unknown>) => ({
		resource: 'workingEnvironment',
		operation: 'updateBackupPolicy',
		workingEnvironment: WE,
		policyName: SEED.policy,
		options: FAST,
		...extra,
	});
	const putPath = `PUT v1/working-environment/${SEED.weAws}/backup-policy/${SEED.policy}`;

	it('only Archive After Days: the policy is read and sent back with the change, as strings', async () => {
		const result = await runBlueXp(
			emulator(),
			update({ additionalFields: { archiveAfterDays: 60 } }),
		);
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([
			`GET v1/working-environment/${SEED.weAws}/backup-policy`,
			putPath,
		]);
		expect(emulator().apiRequests()[1]!.body).toEqual({
			rule: [
				{ label: 'daily', retention: '30' },
				{ label: 'weekly', retention: '52' },
			],
			'archive-after-days': '60',
		});
		expect(emulator().state.policies[SEED.weAws]![0]!.archiveAfterDays).toBe('60');
	});

	it('rules and Archive After Days: no read, retention and days as strings', async () => {
		const result = await runBlueXp(
			emulator(),
			update({
				rules: { rule: [{ label: 'daily', retention: 14 }] },
				additionalFields: { archiveAfterDays: 0 },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([putPath]);
		expect(emulator().apiRequests()[0]!.body).toEqual({
			rule: [{ label: 'daily', retention: '14' }],
			'archive-after-days': '0',
		});
	});

	it('a policy that does not exist is refused naming "Policy Name", and no PUT is sent', async () => {
		const result = await runBlueXp(
			emulator(),
			update({ policyName: 'no-such-policy', additionalFields: { archiveAfterDays: 60 } }),
		);
		expectFailed(result, {
			message: `Invalid parameter "Policy Name": backup policy "no-such-policy" does not exist in working environment ${SEED.weAws}`,
		});
		expect(calls(emulator())).toEqual([`GET v1/working-environment/${SEED.weAws}/backup-policy`]);
	});
});

describe('x-agent-id is set in one place (the credential) and reaches every call', () => {
	it('the credential test sends it', async () => {
		const credentialType = new NetAppBlueXpApi();
		const result = await runNode({
			nodeType: CREDENTIAL_TEST_TYPE,
			node: credentialTestNode(credentialType),
			parameters: {},
			credentialTypes: [credentialType],
			credentials: [
				bluexpCredential(emulator(), { agentId: SEED.connectorId.replace(/clients$/, '') }),
			],
		});
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual(['GET v1/backup/working-environment']);
		expect(header(emulator().apiRequests()[0]!, 'x-agent-id')).toBe(SEED.connectorId);
	});

	it('a start call, its job looks and a restore look-up all send it, once', async () => {
		const result = await runBlueXp(emulator(), restoreVolume({ options: FAST }));
		expect(result.error).toBeUndefined();
		expect(emulator().apiRequests().length).toBeGreaterThan(3);
		for (const request of emulator().apiRequests()) {
			expect(request.headers['x-agent-id']).toBe(SEED.connectorId);
		}
	});
});
