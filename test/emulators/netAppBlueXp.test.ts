/**
 * Self-test of the NetApp BlueXP backup and recovery emulator with plain axios
 * (no node code): both token grants, refused grants, token expiry, the
 * x-agent-id check, one call per endpoint category, jobs that end COMPLETED,
 * FAILED and COMPLETED with a failed volume, paging of the SFR listing and the
 * fault switches.
 */
import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';

import {
	type NetAppBlueXpEmulator,
	SEED,
	TOKEN_PATH,
	startNetAppBlueXpEmulator,
} from './netAppBlueXp';

let emulator: NetAppBlueXpEmulator;
let token: string;

beforeAll(async () => {
	emulator = await startNetAppBlueXpEmulator();
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(async () => {
	emulator.reset();
	token = await refreshGrant();
});

function post(path: string, data: unknown): Promise<AxiosResponse> {
	return axios.post(`${emulator.url}${path}`, data, { validateStatus: () => true });
}

async function refreshGrant(): Promise<string> {
	const res = await post(TOKEN_PATH, {
		grant_type: 'refresh_token',
		refresh_token: SEED.refreshToken,
		client_id: SEED.refreshClientId,
		audience: SEED.audience,
	});
	expect(res.status).toBe(200);
	return res.data.access_token as string;
}

function api(
	method: string,
	path: string,
	data?: unknown,
	config: AxiosRequestConfig = {},
): Promise<AxiosResponse> {
	return axios.request({
		method,
		url: `${emulator.apiBase}/${path}`,
		data,
		validateStatus: () => true,
		...config,
		headers: {
			Authorization: `Bearer ${token}`,
			'x-agent-id': SEED.connectorId,
			...(config.headers as Record<string, string> | undefined),
		},
	});
}

/** Poll a job by id until it is terminal; returns every status seen. */
async function pollJob(id: string): Promise<{ seen: string[]; job: Record<string, unknown> }> {
	const seen: string[] = [];
	for (let i = 0; i < 10; i++) {
		const res = await api('GET', `v1/job/${id}`);
		expect(res.status).toBe(200);
		const job = res.data.job[0] as Record<string, unknown>;
		seen.push(job.status as string);
		if (job.status === 'COMPLETED' || job.status === 'FAILED') return { seen, job };
	}
	throw new Error('job never ended');
}

describe('token endpoint', () => {
	test('refresh-token grant answers a JWT-looking bearer token', async () => {
		const res = await post(TOKEN_PATH, {
			grant_type: 'refresh_token',
			refresh_token: SEED.refreshToken,
			client_id: SEED.refreshClientId,
			audience: SEED.audience,
		});
		expect(res.status).toBe(200);
		expect(res.data.token_type).toBe('Bearer');
		expect(res.data.access_token.split('.')).toHaveLength(3);
		expect(res.data.expires_in).toBe(86400);
		expect(emulator.tokensIssued).toBe(2);
	});

	test('client-credentials grant', async () => {
		const res = await post(TOKEN_PATH, {
			grant_type: 'client_credentials',
			client_id: SEED.serviceClientId,
			client_secret: SEED.serviceClientSecret,
			audience: SEED.audience,
		});
		expect(res.status).toBe(200);
		token = res.data.access_token;
		expect((await api('GET', 'v1/working-environment')).status).toBe(200);
		expect(emulator.issued[1]!.grant).toBe('client_credentials');
	});

	test('refuses a bad refresh token, a bad secret and a missing audience', async () => {
		const bad = await post(TOKEN_PATH, {
			grant_type: 'refresh_token',
			refresh_token: 'nope',
			client_id: SEED.refreshClientId,
			audience: SEED.audience,
		});
		expect(bad.status).toBe(403);
		expect(bad.data.error).toBe('invalid_grant');
		const secret = await post(TOKEN_PATH, {
			grant_type: 'client_credentials',
			client_id: SEED.serviceClientId,
			client_secret: 'wrong',
			audience: SEED.audience,
		});
		expect(secret.status).toBe(401);
		expect(secret.data.error).toBe('access_denied');
		const noAudience = await post(TOKEN_PATH, {
			grant_type: 'client_credentials',
			client_id: SEED.serviceClientId,
			client_secret: SEED.serviceClientSecret,
		});
		expect(noAudience.status).toBe(403);
		expect(emulator.tokensIssued).toBe(1);
	});

	test('expired tokens answer 401; a new token works', async () => {
		expect((await api('GET', 'v1/working-environment')).status).toBe(200);
		emulator.expireTokens();
		const res = await api('GET', 'v1/working-environment');
		expect(res.status).toBe(401);
		expect(res.data.message).toMatch(/expired/);
		token = await refreshGrant();
		expect((await api('GET', 'v1/working-environment')).status).toBe(200);
	});

	test('tokenLifetimeMs expires tokens by time', async () => {
		const short = await startNetAppBlueXpEmulator({ tokenLifetimeMs: 50, sendExpiresIn: false });
		try {
			const res = await axios.post(`${short.url}${TOKEN_PATH}`, {
				grant_type: 'refresh_token',
				refresh_token: SEED.refreshToken,
				client_id: SEED.refreshClientId,
				audience: SEED.audience,
			});
			expect(res.data.expires_in).toBeUndefined();
			await new Promise((resolve) => setTimeout(resolve, 80));
			const call = await axios.get(`${short.apiBase}/v1/working-environment`, {
				headers: {
					Authorization: `Bearer ${res.data.access_token}`,
					'x-agent-id': SEED.connectorId,
				},
				validateStatus: () => true,
			});
			expect(call.status).toBe(401);
		} finally {
			await short.close();
		}
	});
});

describe('request checks', () => {
	test('no token -> 401, wrong connector -> 403, wrong account -> 403', async () => {
		const noToken = await axios.get(`${emulator.apiBase}/v1/working-environment`, {
			headers: { 'x-agent-id': SEED.connectorId },
			validateStatus: () => true,
		});
		expect(noToken.status).toBe(401);
		const wrong = await api('GET', 'v1/working-environment', undefined, {
			headers: { 'x-agent-id': 'otherConnectorclients' },
		});
		expect(wrong.status).toBe(403);
		expect(wrong.data.message).toMatch(/otherConnectorclients/);
		const account = await axios.get(
			`${emulator.url}/account/account-other/providers/cloudmanager_cbs/api/v1/working-environment`,
			{ headers: { Authorization: `Bearer ${token}` }, validateStatus: () => true },
		);
		expect(account.status).toBe(403);
	});
});

describe('endpoints', () => {
	test('working environments, svms, volumes, policies', async () => {
		const wes = await api('GET', 'v1/working-environment');
		expect(wes.data['working-environment'].map((w: { id: string }) => w.id)).toEqual([
			SEED.weAws,
			SEED.weOnPrem,
		]);
		const svm = await api('GET', `v1/working-environment/${SEED.weAws}/svm`);
		expect(svm.data.svm[0].name).toBe(SEED.svmAws);
		const vols = await api('GET', `v1/working-environment/${SEED.weOnPrem}/volume`);
		expect(vols.data.volume[0]['file-system-id']).toBe(SEED.volumes.onPremHome);
		const created = await api('POST', `v1/working-environment/${SEED.weAws}/backup-policy`, {
			name: 'p2',
			rule: [{ label: 'hourly', retention: 24 }],
		});
		expect(created.status).toBe(200);
		const dup = await api('POST', `v1/working-environment/${SEED.weAws}/backup-policy`, {
			name: 'p2',
			rule: [{ label: 'hourly', retention: 24 }],
		});
		expect(dup.status).toBe(409);
		// NetApp's reference: rule[] required, retention and archive-after-days strings
		const noRule = await api('PUT', `v1/working-environment/${SEED.weAws}/backup-policy/p2`, {
			'archive-after-days': '90',
		});
		expect(noRule.status).toBe(400);
		expect(noRule.data.message).toMatch(/rule/);
		const numbers = await api('PUT', `v1/working-environment/${SEED.weAws}/backup-policy/p2`, {
			rule: [{ label: 'hourly', retention: 24 }],
			'archive-after-days': '90',
		});
		expect(numbers.status).toBe(400);
		expect(numbers.data.message).toMatch(/retention/);
		const days = await api('PUT', `v1/working-environment/${SEED.weAws}/backup-policy/p2`, {
			rule: [{ label: 'hourly', retention: '24' }],
			'archive-after-days': 90,
		});
		expect(days.status).toBe(400);
		expect(days.data.message).toMatch(/archive-after-days/);
		const put = await api('PUT', `v1/working-environment/${SEED.weAws}/backup-policy/p2`, {
			rule: [{ label: 'hourly', retention: '24' }],
			'archive-after-days': '90',
		});
		expect(put.status).toBe(200);
		expect(put.data['archive-after-days']).toBe('90');
		const list = await api('GET', `v1/working-environment/${SEED.weAws}/backup-policy`);
		expect(list.data['backup-policy']).toHaveLength(2);
	});

	test('backup state, volumes and snapshots', async () => {
		const all = await api('GET', 'v1/backup/working-environment');
		expect(all.data['working-environment'][0]['backup-enablement-status']).toBe('ON');
		const one = await api('GET', `v1/backup/working-environment/${SEED.weOnPrem}`);
		expect(one.data['backup-enablement-status']).toBe('OFF');
		const status = await api('GET', `v1/backup/working-environment/${SEED.weAws}/status`);
		expect(status.data['volumes-protected']).toBe(1);
		// what a restore needs (API-FACTS Restore paragraph)
		expect(status.data).toMatchObject({
			id: SEED.weAws,
			name: 'cvo-aws-prod',
			bucket: 'netapp-backup-n8n-aws01',
			provider: 'AWS',
			region: 'us-east-1',
			'backup-enablement-status': 'ON',
		});
		const vols = await api('GET', `v1/backup/working-environment/${SEED.weAws}/volume`);
		expect(vols.data.volume[0]).toMatchObject({
			name: 'vol_data',
			'file-system-id': SEED.volumes.awsData,
			'snapshot-count': 3,
		});
		const snaps = await api(
			'GET',
			`v1/backup/working-environment/${SEED.weAws}/volume/${SEED.volumes.awsData}/snapshot`,
		);
		expect(snaps.data.snapshot[0]['snapshot-name']).toBe(SEED.snapshotNames.daily1);
		const snap = await api(
			'GET',
			`v1/backup/working-environment/${SEED.weAws}/volume/${SEED.volumes.awsData}/snapshot/${SEED.backups.adhoc}`,
		);
		expect(snap.data.label).toBe('adhoc');
		const missing = await api('GET', `v1/backup/working-environment/nope`);
		expect(missing.status).toBe(404);
	});

	test('activation (v3) turns backup ON once the job completes', async () => {
		const res = await api('POST', `v3/backup/working-environment/${SEED.weOnPrem}`, {
			provider: 'AZURE',
			region: 'eastus2',
			'ip-space': 'Default',
			'auto-backup-enabled': true,
			'backup-policy': {
				'archive-after-days': 180,
				rule: [{ label: 'daily', retention: '30' }],
			},
			azure: { 'resource-group': 'rg', subscription: 'sub' },
		});
		expect(res.status).toBe(202);
		const { seen } = await pollJob(res.data['job-id']);
		expect(seen).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETED']);
		const one = await api('GET', `v1/backup/working-environment/${SEED.weOnPrem}`);
		expect(one.data['backup-enablement-status']).toBe('ON');
		expect(one.data.provider).toBe('AZURE');
		const again = await api('POST', `v1/backup/working-environment/${SEED.weOnPrem}`, {});
		expect(again.status).toBe(400);
	});

	test('ad-hoc backup job COMPLETED adds a backup; FAILED and failed-volume outcomes', async () => {
		const path = `v3/backup/working-environment/${SEED.weAws}/volume/${SEED.volumes.awsData}`;
		const details = {
			mode: 'AD_HOC',
			'adhoc-backup-details': { name: 'my-snap', snapmirrorLabel: 'daily' },
		};
		const ok = await api('POST', path, details);
		expect(ok.status).toBe(202);
		const done = await pollJob(ok.data['job-id']);
		expect(done.job).toMatchObject({
			type: 'BACKUP_ADHOC',
			status: 'COMPLETED',
			error: null,
			'working-environment-id': SEED.weAws,
		});
		expect(typeof done.job.time).toBe('number');
		expect(emulator.state.backups.some((b) => b.snapshotName === 'my-snap')).toBe(true);

		emulator.switches.jobOutcome = 'FAILED';
		const failed = await pollJob((await api('POST', path, details)).data['job-id']);
		expect(failed.job.status).toBe('FAILED');
		expect(failed.job.error).toMatch(/failed/);

		expect(failed.job.data).toEqual({
			'multi-volume-backup': {
				volume: [{ id: SEED.volumes.awsData, status: 'FAILED', error: expect.any(String) }],
			},
		});

		emulator.switches.jobOutcome = 'COMPLETED_WITH_FAILED_VOLUME';
		const partial = await pollJob((await api('POST', path, details)).data['job-id']);
		expect(partial.job.status).toBe('COMPLETED');
		expect(partial.job.data).toEqual({
			'multi-volume-backup': {
				volume: [
					{
						id: SEED.volumes.awsData,
						status: 'FAILED',
						error: expect.stringMatching(/snapshot transfer failed/),
					},
				],
			},
		});
		// the old shape is gone
		expect(done.job.data).toEqual({
			'multi-volume-backup': {
				volume: [{ id: SEED.volumes.awsData, status: 'SUCCESS', error: null }],
			},
		});

		const listed = await api('GET', 'v1/job', undefined, {
			params: { type: 'BACKUP_ADHOC', status: 'FAILED' },
		});
		expect(listed.data.job).toHaveLength(1);
		const v3Bad = await api('POST', path, {});
		expect(v3Bad.status).toBe(400);
	});

	const fileRestore = () => ({
		restore: {
			type: 'FILE',
			source: {
				'working-environment-id': SEED.weAws,
				'working-environment-name': 'cvo-aws-prod',
				bucket: 'netapp-backup-n8n-aws01',
				'volume-name': 'vol_data',
				'volume-id': SEED.volumes.awsData,
				snapshot: SEED.snapshotNames.daily2,
			} as Record<string, unknown>,
			target: {
				'working-environment-id': SEED.weAws,
				'working-environment-name': 'cvo-aws-prod',
				svm: SEED.svmAws,
				'volume-name': 'vol_data',
			} as Record<string, unknown>,
			file: [{ path: '/data/file-001.csv', type: 'FILE', size: 1000 }],
		},
	});

	test('restore (v3) and restore status', async () => {
		const res = await api('POST', 'v3/restore', fileRestore());
		expect(res.status).toBe(202);
		const done = await pollJob(res.data['job-id']);
		expect(done.job.data).toEqual({
			restore: {
				type: 'FILE',
				source: fileRestore().restore.source,
				target: fileRestore().restore.target,
				file: fileRestore().restore.file,
				batch: [
					{
						id: '1',
						status: 'SUCCESS',
						error: null,
						time: expect.any(Number),
						file: fileRestore().restore.file,
					},
				],
			},
		});
		const status = await api('GET', 'v1/restore/status');
		expect(status.data.restore[0]).toMatchObject({
			'job-id': res.data['job-id'],
			status: 'COMPLETED',
		});
		const bad = await api('POST', 'v3/restore', { restore: { type: 'VOLUME', source: {} } });
		expect(bad.status).toBe(400);
		expect(bad.data.message).toMatch(/working-environment-id/);
	});

	test.each([
		['source', 'working-environment-name'],
		['source', 'bucket'],
		['source', 'volume-name'],
		['source', 'volume-id'],
		['source', 'snapshot'],
		['target', 'working-environment-id'],
		['target', 'working-environment-name'],
	] as const)('restore without %s.%s: 400 naming it, no job', async (part, field) => {
		const body = fileRestore();
		delete body.restore[part][field];
		const res = await api('POST', 'v3/restore', body);
		expect(res.status).toBe(400);
		expect(res.data).toEqual({ message: `restore.${part}.${field} is required` });
		expect(emulator.state.restores).toHaveLength(0);
	});

	test('a restore job completes with a failed batch, or fails with the batch error', async () => {
		emulator.switches.jobOutcome = 'COMPLETED_WITH_FAILED_BATCH';
		const partial = await pollJob((await api('POST', 'v3/restore', fileRestore())).data['job-id']);
		expect(partial.job.status).toBe('COMPLETED');
		expect((partial.job.data as { restore: { batch: unknown[] } }).restore.batch).toEqual([
			expect.objectContaining({
				id: '1',
				status: 'FAILED',
				error: expect.stringMatching(/AccessDenied/),
			}),
		]);
		emulator.switches.jobOutcome = 'FAILED';
		const failed = await pollJob((await api('POST', 'v3/restore', fileRestore())).data['job-id']);
		expect(failed.job.status).toBe('FAILED');
		expect(failed.job.error).toMatch(/RESTORE failed/);
		expect((failed.job.data as { restore: { batch: unknown[] } }).restore.batch).toEqual([
			expect.objectContaining({ status: 'FAILED', error: expect.stringMatching(/AccessDenied/) }),
		]);
	});

	test('deleting all backups of a volume: DELETE .../snapshot; DELETE .../volume/{vol} is 404', async () => {
		const volume = `v1/backup/working-environment/${SEED.weAws}/volume/${SEED.volumes.awsData}`;
		const undocumented = await api('DELETE', volume);
		expect(undocumented.status).toBe(404);
		expect(emulator.state.jobs.size).toBe(1);
		const res = await api('DELETE', `${volume}/snapshot`);
		expect(res.status).toBe(202);
		const done = await pollJob(res.data['job-id']);
		expect(done.job).toMatchObject({ type: 'BACKUP_DELETE_ALL', status: 'COMPLETED' });
		expect(emulator.state.backups.filter((b) => b.volumeId === SEED.volumes.awsData)).toEqual([]);
	});

	test('htmlNext: a login page instead of JSON for the next matching request only', async () => {
		emulator.htmlNext(1);
		const page = await api('GET', 'v1/working-environment');
		expect(page.status).toBe(200);
		expect(String(page.headers['content-type'])).toMatch(/html/);
		expect(String(page.data)).toMatch(/<form/);
		const next = await api('GET', 'v1/working-environment');
		expect(next.data['working-environment']).toHaveLength(2);
	});

	test('SFR explore: start, status, paged listing', async () => {
		const vol = SEED.volumes.awsData;
		const early = await api(
			'GET',
			`v2/sfr/volume/${vol}/snapshot/${SEED.backups.daily1}/file-explore/list`,
		);
		expect(early.status).toBe(400);
		const start = await api('POST', `v2/sfr/volume/${vol}/file-explore/start`, {});
		expect(start.status).toBe(202);
		const statuses: string[] = [];
		for (let i = 0; i < 5 && statuses.at(-1) !== 'READY'; i++)
			statuses.push((await api('GET', `v2/sfr/volume/${vol}/file-explore/status`)).data.status);
		expect(statuses.at(-1)).toBe('READY');
		const names: string[] = [];
		for (let page = 1; ; page++) {
			const res = await api(
				'GET',
				`v2/sfr/volume/${vol}/snapshot/${SEED.backups.daily1}/file-explore/list`,
				undefined,
				{ params: { path: '/data', page, limit: 10 } },
			);
			expect(res.status).toBe(200);
			expect(res.data['total-count']).toBe(SEED.dataFiles);
			names.push(...res.data.file.map((f: { name: string }) => f.name));
			if (page >= res.data['total-pages']) break;
		}
		expect(names).toHaveLength(SEED.dataFiles);
		const root = await api(
			'GET',
			`v2/sfr/volume/${vol}/snapshot/${SEED.snapshotNames.daily1}/file-explore/list`,
		);
		expect(root.data.file.map((f: { name: string }) => f.name)).toContain('data');
	});

	test('catalog setup and search', async () => {
		const setup = await api('POST', `v1/catalog/working-environments/${SEED.weAws}/setup`, {});
		expect(setup.status).toBe(202);
		const search = await api('POST', 'v1/catalog/search', {
			type: 'FILE',
			workingEnvironmentId: [SEED.weAws],
			fileExtension: ['log'],
		});
		expect(search.status).toBe(200);
		expect(search.data.result.length).toBe(3); // app.log in 3 backups
		const bad = await api('POST', 'v1/catalog/search', { type: 'X' });
		expect(bad.status).toBe(400);
	});

	test('cloud, license, ransomware, StorageGRID', async () => {
		expect((await api('GET', 'v1/cloud/aws/region')).data.region[0].code).toBe('us-east-1');
		expect((await api('GET', 'v1/cloud/azure/subscription')).data.subscription).toHaveLength(1);
		expect((await api('GET', 'v1/cloud/gcp/project')).data.project).toHaveLength(1);
		const license = await api('GET', `v1/license/working-environment/${SEED.weAws}`);
		expect(license.data.license.status).toBe('VALID');
		const scan = await api(
			'POST',
			`v1/ransomware/working-environment/${SEED.weAws}/volume/${SEED.volumes.awsData}/snapshot/${SEED.backups.daily1}`,
		);
		expect(scan.status).toBe(202);
		expect((await pollJob(scan.data['job-id'])).job.data).toMatchObject({ result: 'CLEAN' });
		const sg = await api('POST', 'v1/sg', {
			name: 'sg2',
			hostname: 'sg2.example.com',
			'access-key': 'a',
			'secret-password': 'b',
		});
		expect(sg.status).toBe(200);
		expect((await api('GET', 'v1/sg')).data.sg).toHaveLength(2);
	});
});

describe('faults', () => {
	test('failNext, htmlLogin, dropNext', async () => {
		emulator.faults.failNext(1, { status: 503, retryAfter: 1 });
		const res = await api('GET', 'v1/working-environment');
		expect(res.status).toBe(503);
		expect(res.headers['retry-after']).toBe('1');
		emulator.faults.htmlLogin = true;
		const html = await api('GET', 'v1/working-environment');
		expect(html.status).toBe(200);
		expect(String(html.headers['content-type'])).toMatch(/text\/html/);
		emulator.faults.htmlLogin = false;
		emulator.faults.dropNext(1);
		await expect(axios.get(`${emulator.apiBase}/v1/working-environment`)).rejects.toThrow();
		expect((await api('GET', 'v1/working-environment')).status).toBe(200);
	});
});
