/**
 * What users read when BlueXP refuses a call, and that no secret (refresh token, client
 * secret, JWT) ever reaches items, errors, run data or logs.
 */
import {
	FAST,
	SEED,
	byId,
	calls,
	expectFailed,
	expectNoSecrets,
	runBlueXp,
	storedAccessToken,
	useBlueXpEmulator,
	visibleText,
} from './helpers';

const emulator = useBlueXpEmulator();

describe('API errors', () => {
	it("a 404 shows BlueXP's message and a hint, sent once", async () => {
		const result = await runBlueXp(emulator(), {
			resource: 'backup',
			operation: 'getVolume',
			workingEnvironment: byId(SEED.weAws),
			volumeId: 'no-such-volume',
		});
		expectFailed(result, {
			httpCode: '404',
			message: `Volume no-such-volume not found in working environment ${SEED.weAws}`,
			description: [/check the working environment, volume/],
		});
		expect(calls(emulator())).toEqual([
			`GET v1/backup/working-environment/${SEED.weAws}/volume/no-such-volume`,
		]);
	});

	it('a 400 (backup not activated) is not retried: a POST is sent once', async () => {
		const result = await runBlueXp(emulator(), {
			resource: 'backup',
			operation: 'createAdHoc',
			workingEnvironment: byId(SEED.weOnPrem),
			volumeId: SEED.volumes.onPremHome,
			backupName: 'x',
			options: FAST,
		});
		expectFailed(result, {
			httpCode: '400',
			message: `Backup is not activated for working environment ${SEED.weOnPrem}`,
		});
		expect(calls(emulator())).toHaveLength(1);
	});

	it('a 409 on an existing policy shows the message', async () => {
		const result = await runBlueXp(emulator(), {
			resource: 'workingEnvironment',
			operation: 'createBackupPolicy',
			workingEnvironment: byId(SEED.weAws),
			policyName: SEED.policy,
			rules: { rule: [{ label: 'daily', retention: 3 }] },
		});
		expectFailed(result, { httpCode: '409', message: /already exists/ });
	});
});

describe('secrets', () => {
	it('appear nowhere in a run with renewal, a failed job, a refused call and a bad grant', async () => {
		const first = await runBlueXp(emulator(), { resource: 'backup', operation: 'getAll' });
		emulator().expireTokens();
		const renewed = await runBlueXp(
			emulator(),
			{ resource: 'job', operation: 'getAll', returnAll: true },
			{ credentialData: { accessToken: storedAccessToken(first) } },
		);
		emulator().switches.jobOutcome = 'FAILED';
		const failedJob = await runBlueXp(emulator(), {
			resource: 'catalog',
			operation: 'setup',
			workingEnvironment: byId(SEED.weAws),
			options: FAST,
		});
		const refused = await runBlueXp(emulator(), {
			resource: 'license',
			operation: 'get',
			workingEnvironment: byId('nope'),
		});
		const badSecret = await runBlueXp(
			emulator(),
			{ resource: 'backup', operation: 'getAll' },
			{
				credentialData: {
					authType: 'serviceAccount',
					clientId: SEED.serviceClientId,
					clientSecret: `${SEED.serviceClientSecret}-x`,
				},
			},
		);
		expect(renewed.error).toBeUndefined();
		expect(failedJob.error).toBeDefined();
		expect(refused.error?.httpCode).toBe('404');
		expect(badSecret.error).toBeDefined();
		const tokens = emulator().issued.map((record) => record.token);
		expect(tokens.length).toBeGreaterThanOrEqual(3);
		for (const result of [first, renewed, failedJob, refused, badSecret]) {
			expectNoSecrets(visibleText(result), [
				SEED.refreshToken,
				SEED.serviceClientSecret,
				...tokens,
			]);
		}
	});
});
