/**
 * The BlueXP token life cycle as n8n runs it: preAuthentication fetches a JWT when the stored
 * one is empty, n8n persists it, later runs reuse it, and a 401 renews it once.
 */
import {
	FAST,
	SEED,
	bearerOf,
	byId,
	calls,
	expectFailed,
	expectNoSecrets,
	header,
	json,
	runBlueXp,
	storedAccessToken,
	timeline,
	useBlueXpEmulator,
	visibleText,
} from './helpers';

const emulator = useBlueXpEmulator();
const VOL = SEED.volumes.awsData;
const getVolume = {
	resource: 'backup',
	operation: 'getVolume',
	workingEnvironment: byId(SEED.weAws),
	volumeId: VOL,
};
const volumePath = `GET v1/backup/working-environment/${SEED.weAws}/volume/${VOL}`;
const threeItems = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];

describe('an empty stored token', () => {
	it('one token request serves every call of a run of several items', async () => {
		const result = await runBlueXp(emulator(), getVolume, { inputItems: threeItems });

		expect(result.error).toBeUndefined();
		expect(json(result.items).map((v) => v.name)).toEqual(['vol_data', 'vol_data', 'vol_data']);
		expect(timeline(emulator())).toEqual(['TOKEN', volumePath, volumePath, volumePath]);
		const token = emulator().issued[0]!.token;
		expect(emulator().apiRequests().map(bearerOf)).toEqual([token, token, token]);
		expect(emulator().tokenRequests()[0]!.body).toEqual({
			grant_type: 'refresh_token',
			refresh_token: SEED.refreshToken,
			client_id: SEED.refreshClientId,
			audience: SEED.audience,
		});
		expect(storedAccessToken(result)).toBe(token);
	});

	it('one token request for an operation that polls a job', async () => {
		const result = await runBlueXp(emulator(), {
			resource: 'catalog',
			operation: 'setup',
			workingEnvironment: byId(SEED.weAws),
			options: FAST,
		});
		expect(result.error).toBeUndefined();
		expect(emulator().tokenRequests()).toHaveLength(1);
		expect(calls(emulator())).toHaveLength(3);
		expect(new Set(emulator().apiRequests().map(bearerOf))).toEqual(
			new Set([emulator().issued[0]!.token]),
		);
	});

	it('the persisted token is reused by the next run: no token request', async () => {
		const first = await runBlueXp(emulator(), getVolume);
		const persisted = storedAccessToken(first);
		expect(persisted).toBe(emulator().issued[0]!.token);
		emulator().requests.length = 0;

		const second = await runBlueXp(emulator(), getVolume, {
			credentialData: { accessToken: persisted },
			inputItems: threeItems,
		});

		expect(second.error).toBeUndefined();
		expect(timeline(emulator())).toEqual([volumePath, volumePath, volumePath]);
		expect(emulator().issued).toHaveLength(1);
	});
});

describe('an expired token', () => {
	it('is renewed once: one new token request, the call repeated once, the new token persisted', async () => {
		const first = await runBlueXp(emulator(), getVolume);
		const stale = storedAccessToken(first)!;
		emulator().expireTokens();
		emulator().requests.length = 0;

		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: { accessToken: stale },
			inputItems: threeItems,
		});

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toHaveLength(3);
		expect(timeline(emulator())).toEqual([volumePath, 'TOKEN', volumePath, volumePath, volumePath]);
		expect(emulator().issued).toHaveLength(2);
		const fresh = emulator().issued[1]!.token;
		expect(emulator().apiRequests().map(bearerOf)).toEqual([stale, fresh, fresh, fresh]);
		expect(storedAccessToken(result)).toBe(fresh);
	});

	it('renewed in the middle of a job wait: the poll is repeated, the job still finishes', async () => {
		emulator().switches.jobPolls = 2;
		const first = await runBlueXp(emulator(), getVolume);
		const token = storedAccessToken(first)!;
		emulator().requests.length = 0;
		// expire the token as soon as the job has started
		const started = emulator().requests;
		const originalPush = started.push.bind(started);
		let expired = false;
		started.push = (...records) => {
			const length = originalPush(...records);
			if (!expired && records.some((r) => r.method === 'GET' && r.path.includes('/v1/job/'))) {
				expired = true;
				emulator().expireTokens();
			}
			return length;
		};
		try {
			const result = await runBlueXp(
				emulator(),
				{
					resource: 'catalog',
					operation: 'setup',
					workingEnvironment: byId(SEED.weAws),
					options: FAST,
				},
				{ credentialData: { accessToken: token } },
			);
			expect(result.error).toBeUndefined();
			expect(json(result.items)[0]!.job).toMatchObject({ status: 'COMPLETED' });
		} finally {
			delete (started as { push?: unknown }).push;
		}
		expect(emulator().tokenRequests()).toHaveLength(1);
		expect(emulator().issued).toHaveLength(2);
	});

	it('an unknown stored token is refused, renewed once and the call repeated', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: { accessToken: 'not-a-token-the-emulator-issued' },
		});
		// the bogus token is refused, a new one fetched, the call repeated once and accepted
		expect(result.error).toBeUndefined();
		expect(timeline(emulator())).toEqual([volumePath, 'TOKEN', volumePath]);
	});
});

describe('credential problems', () => {
	it('a bad refresh token: the run stops at the token request, no API call', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: { refreshToken: 'rt-revoked-0000000000000000' },
		});

		expectFailed(result, { message: /Authentication with BlueXP .* failed/ });
		expect(result.error?.description).toMatch(/refresh token/i);
		expect(emulator().apiRequests()).toHaveLength(0);
		expect(emulator().tokenRequests()).toHaveLength(1);
		expect(visibleText(result)).not.toContain('rt-revoked-0000000000000000');
	});

	// the credential's own words (which field to fix, what BlueXP said) reach the user
	it('a bad refresh token: the error names the field to fix and what BlueXP said', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: { refreshToken: 'rt-revoked-0000000000000000' },
		});
		const text = `${result.error?.message} ${result.error?.description ?? ''}`;
		expect(text).toContain('"Refresh Token"');
		expect(text).toContain('invalid_grant');
	});

	it('a bad service-account secret: the run stops at the token request, no API call', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: {
				authType: 'serviceAccount',
				clientId: SEED.serviceClientId,
				clientSecret: 'wrong-secret-123456',
			},
		});
		expectFailed(result, { message: /Authentication with BlueXP .* failed/ });
		expect(emulator().apiRequests()).toHaveLength(0);
		expect(emulator().tokenRequests()[0]!.body).toMatchObject({ grant_type: 'client_credentials' });
		expect(visibleText(result)).not.toContain('wrong-secret-123456');
	});

	// for a service account too
	it('a bad service-account secret: the error names "Client Secret"', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: {
				authType: 'serviceAccount',
				clientId: SEED.serviceClientId,
				clientSecret: 'wrong-secret-123456',
			},
		});
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain(
			'"Client Secret"',
		);
	});

	it('a wrong connector: a clear 403 error about the connector', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: { agentId: 'someOtherConnector0000clients' },
		});
		expectFailed(result, { httpCode: '403' });
		const text = `${result.error?.message} ${result.error?.description ?? ''}`;
		expect(text).toMatch(/Connector someOtherConnector0000clients is not a connector/);
		expect(text).toMatch(/Connector ID/);
		// refused once: a 403 is not a token problem, so no renewal and no repeat
		expect(timeline(emulator())).toEqual(['TOKEN', volumePath]);
	});

	it('the service-account grant works', async () => {
		const result = await runBlueXp(emulator(), getVolume, {
			credentialData: {
				authType: 'serviceAccount',
				clientId: SEED.serviceClientId,
				clientSecret: SEED.serviceClientSecret,
				refreshToken: undefined,
			},
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)[0]).toMatchObject({ name: 'vol_data' });
		expect(emulator().tokenRequests()[0]!.body).toEqual({
			grant_type: 'client_credentials',
			client_id: SEED.serviceClientId,
			client_secret: SEED.serviceClientSecret,
			audience: SEED.audience,
		});
		expect(emulator().issued[0]!.grant).toBe('client_credentials');
		expect(storedAccessToken(result)).toBe(emulator().issued[0]!.token);
	});

	it('an agent ID without the "clients" suffix gets it appended in x-agent-id', async () => {
		const bare = SEED.connectorId.replace(/clients$/, '');
		const result = await runBlueXp(emulator(), getVolume, { credentialData: { agentId: bare } });
		expect(result.error).toBeUndefined();
		expect(header(emulator().apiRequests()[0]!, 'x-agent-id')).toBe(SEED.connectorId);
		expect(bearerOf(emulator().apiRequests()[0]!)).toBe(emulator().issued[0]!.token);
	});

	it('no secret of the credential nor the JWT in items, errors, run data or logs', async () => {
		const ok = await runBlueXp(emulator(), getVolume, { inputItems: threeItems });
		const forbidden = await runBlueXp(emulator(), getVolume, {
			credentialData: { agentId: 'someOtherConnector0000clients' },
		});
		const sa = await runBlueXp(emulator(), getVolume, {
			credentialData: {
				authType: 'serviceAccount',
				clientId: SEED.serviceClientId,
				clientSecret: SEED.serviceClientSecret,
			},
		});
		const tokens = emulator().issued.map((record) => record.token);
		expect(tokens.length).toBe(3);
		for (const result of [ok, forbidden, sa]) {
			expectNoSecrets(visibleText(result), [
				SEED.refreshToken,
				SEED.serviceClientSecret,
				...tokens,
			]);
		}
	});
});
