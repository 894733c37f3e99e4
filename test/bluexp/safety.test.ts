/**
 * Secrets never leave the credential: the refresh token, the service account's client secret
 * and every access token BlueXP issued appear in no output item, error message or
 * description, run data or log line: over a successful run, a failed run, a token failure, a
 * job failure and a vendor error that echoes the token.
 */
import { SEED, type NetAppBlueXpEmulator } from '../emulators/netAppBlueXp';
import {
	FAST,
	byId,
	expectFailed,
	expectNoSecrets,
	runBlueXp,
	useBlueXpEmulator,
	visibleText,
	type BlueXpRunResult,
} from './helpers';

const emulator = useBlueXpEmulator();

const SERVICE_ACCOUNT = {
	authType: 'serviceAccount',
	clientId: SEED.serviceClientId,
	clientSecret: SEED.serviceClientSecret,
	refreshToken: '',
};

/** Every secret of the run: the credential's, and each token the emulator issued. */
function secrets(bluexp: NetAppBlueXpEmulator, extra: string[] = []): string[] {
	return [
		SEED.refreshToken,
		SEED.serviceClientSecret,
		...bluexp.issued.map((record) => record.token),
		...extra,
	];
}

function expectClean(result: BlueXpRunResult, extra: string[] = []) {
	const text = visibleText(result);
	expectNoSecrets(text, secrets(emulator(), extra));
	// the sweep really looked at something
	expect(text.length).toBeGreaterThan(20);
}

const adHoc = {
	resource: 'backup',
	operation: 'createAdHoc',
	workingEnvironment: byId(SEED.weAws),
	volumeId: SEED.volumes.awsData,
	backupName: 'n8n-safety',
	options: FAST,
};

describe.each([
	['refresh token', {}],
	['service account', SERVICE_ACCOUNT],
])('secrets sweep (%s)', (_auth, credentialData) => {
	it('a successful run: output items, run data and logs hold no secret', async () => {
		const result = await runBlueXp(emulator(), adHoc, { credentialData });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(emulator().issued.length).toBeGreaterThan(0);
		expectClean(result);
	});

	it('a failed run (404 from BlueXP): the error holds no secret', async () => {
		const result = await runBlueXp(
			emulator(),
			{ ...adHoc, workingEnvironment: byId('VsaWorkingEnvironment-missing') },
			{ credentialData },
		);
		expectFailed(result, { httpCode: '404' });
		expectClean(result);
	});

	it('a job failure: the error names the job, holds no secret', async () => {
		emulator().switches.jobOutcome = 'COMPLETED_WITH_FAILED_VOLUME';
		const result = await runBlueXp(emulator(), adHoc, { credentialData });
		expectFailed(result, { message: /completed, but failed for volume/ });
		expectClean(result);
	});

	it('a token expired in the middle of a run: the old and the new token stay hidden', async () => {
		await runBlueXp(
			emulator(),
			{ resource: 'job', operation: 'getAll', returnAll: true },
			{
				credentialData,
			},
		);
		const stored = emulator().issued[0]!.token;
		emulator().expireTokens();
		const result = await runBlueXp(emulator(), adHoc, {
			credentialData: { ...credentialData, accessToken: stored },
		});
		expect(result.error).toBeUndefined();
		expect(emulator().issued.length).toBe(2);
		expectClean(result, [stored]);
	});
});

describe('token failures', () => {
	it('a refused refresh token: the error says so, without the token', async () => {
		const wrong = 'rt-wrong-refresh-token-0000000000000';
		const result = await runBlueXp(emulator(), adHoc, { credentialData: { refreshToken: wrong } });
		expectFailed(result, { message: /Authentication with BlueXP .* failed/ });
		expectClean(result, [wrong]);
		expect(
			emulator()
				.apiRequests()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(0);
	});

	it('a refused client secret: the error says so, without the secret', async () => {
		const wrong = 'sa-wrong-secret-000000000';
		const result = await runBlueXp(emulator(), adHoc, {
			credentialData: { ...SERVICE_ACCOUNT, clientSecret: wrong },
		});
		expectFailed(result, { message: /Authentication with BlueXP .* failed/ });
		expectClean(result, [wrong]);
	});

	it('a token URL that answers an HTML page: no secret in the error', async () => {
		emulator().faults.htmlLogin = true;
		const result = await runBlueXp(emulator(), adHoc);
		expectFailed(result, {});
		expectClean(result, [SEED.refreshToken]);
	});
});

describe('vendor answers that echo a secret', () => {
	it("an error body quoting the access token is masked in the error's message and description", async () => {
		await runBlueXp(emulator(), { resource: 'job', operation: 'getAll', returnAll: true });
		const token = emulator().issued[0]!.token;
		emulator().faults.failNext(
			1,
			{
				status: 400,
				body: JSON.stringify({
					message: `Token ${token} is not valid for connector`,
					details: token,
				}),
				contentType: 'application/json',
			},
			(r) => r.method === 'POST',
		);
		const result = await runBlueXp(emulator(), adHoc, { credentialData: { accessToken: token } });
		expectFailed(result, { httpCode: '400', message: /is not valid for connector/ });
		expectClean(result, [token]);
	});

	it('a job record quoting the refresh token is masked in the output', async () => {
		emulator().switches.jobPolls = 0;
		const result = await runBlueXp(emulator(), adHoc);
		expect(result.error).toBeUndefined();
		const job = [...emulator().state.jobs.values()].find((j) => j.type === 'BACKUP_ADHOC')!;
		job.data = { ...job.data, note: `refresh with ${SEED.refreshToken}` };
		const read = await runBlueXp(emulator(), { resource: 'job', operation: 'get', jobId: job.id });
		expect(read.error).toBeUndefined();
		expectClean(read);
	});
});
