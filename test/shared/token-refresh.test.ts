/**
 * The expirable token of a credential (BlueXP's model): n8n's preAuthentication fetches
 * it when the stored one is empty, the shared client asks for a new one once when an
 * API answers 401, repeats the call once, and never loops. Tokens and the refresh token
 * never reach anything a user reads.
 */
import {
	apiCalls,
	json,
	runCore,
	secretsOf,
	seeded,
	storedAccessToken,
	timeline,
	useTokenApi,
	expectNoSecrets,
	visibleText,
} from './helpers';

const emulator = useTokenApi({ items: 23 });

const getItem = (id: string) => ({
	resource: 'item',
	operation: 'get',
	itemId: { __rl: true, mode: 'id', value: id },
});
const getMany = (extra: Record<string, unknown> = {}) => ({
	resource: 'item',
	operation: 'getAll',
	...extra,
});

describe('an expired stored token', () => {
	it('is renewed once: one token request, the call repeated once, the new token persisted', async () => {
		const stale = emulator().seedToken(undefined, true);
		const result = await runCore(emulator(), getItem('3'), { accessToken: stale });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([seeded(emulator(), 2, 3)[0]]);
		expect(timeline(emulator())).toEqual([
			'GET /items/3 (expired)',
			'POST /oauth/token',
			'GET /items/3 (accepted)',
		]);
		expect(emulator().issued).toHaveLength(1);
		const fresh = emulator().issued[0]!.token;
		const [first, , repeat] = emulator().requests;
		expect(emulator().bearerOf(first!)).toBe(stale);
		expect(emulator().bearerOf(repeat!)).toBe(fresh);
		// n8n stored the new token in the credential: the next run starts with it
		expect(storedAccessToken(result)).toBe(fresh);
		expectNoSecrets(visibleText(result), [...secretsOf(emulator()), stale]);
	});

	it('the next run uses the persisted token: no token request at all', async () => {
		const stale = emulator().seedToken(undefined, true);
		const first = await runCore(emulator(), getItem('1'), { accessToken: stale });
		const persisted = storedAccessToken(first) as string;
		expect(persisted).toBe(emulator().issued[0]!.token);
		emulator().requests.length = 0;

		const second = await runCore(emulator(), getItem('2'), { accessToken: persisted });

		expect(second.error).toBeUndefined();
		expect(json(second.items)).toEqual([seeded(emulator(), 1, 2)[0]]);
		expect(timeline(emulator())).toEqual(['GET /items/2 (accepted)']);
		expect(emulator().issued).toHaveLength(1);
	});

	it('renewed during a Get Many: later pages use the new token, one token request in all', async () => {
		const stale = emulator().seedToken(undefined, true);
		const result = await runCore(emulator(), getMany({ returnAll: true, pageSize: 10 }), {
			accessToken: stale,
		});

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(seeded(emulator()));
		expect(timeline(emulator())).toEqual([
			'GET /items (expired)',
			'POST /oauth/token',
			'GET /items (accepted)',
			'GET /items (accepted)',
			'GET /items (accepted)',
		]);
		const fresh = emulator().issued[0]!.token;
		const pages = emulator().apiRequests().slice(1);
		expect(pages.map((request) => emulator().bearerOf(request))).toEqual([fresh, fresh, fresh]);
		expect(pages.map((request) => request.headers.range)).toEqual([
			'items=0-9',
			'items=10-19',
			'items=20-29',
		]);
		expect(storedAccessToken(result)).toBe(fresh);
	});

	it('tokens that expire between pages are renewed each time: no record lost or repeated', async () => {
		emulator().expireAfterUses(2);
		const result = await runCore(emulator(), getMany({ returnAll: true, pageSize: 5 }));

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(seeded(emulator()));
		// 5 pages; a token lasts two calls: renewed before page 1, 3 and 5
		expect(emulator().tokenRequests()).toHaveLength(3);
		expect(
			emulator()
				.apiRequests()
				.map((request) => request.headers.range),
		).toEqual([
			'items=0-4',
			'items=5-9',
			'items=10-14',
			'items=10-14',
			'items=15-19',
			'items=20-24',
			'items=20-24',
		]);
		expect(storedAccessToken(result)).toBe(emulator().issued[2]!.token);
	});
});

describe('an empty stored token', () => {
	it('is fetched by n8n before the first call: one token request, no 401', async () => {
		const result = await runCore(emulator(), getItem('5'));

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([seeded(emulator(), 4, 5)[0]]);
		expect(timeline(emulator())).toEqual(['POST /oauth/token', 'GET /items/5 (accepted)']);
		expect(emulator().tokenRequests()[0]!.body).toEqual({
			refresh_token: emulator().refreshToken,
		});
		expect(storedAccessToken(result)).toBe(emulator().issued[0]!.token);
		expectNoSecrets(visibleText(result), secretsOf(emulator()));
	});
});

describe('a token that keeps being refused', () => {
	it('one refresh, one repeat, then a clear error: no loop', async () => {
		emulator().refuseAllTokens = true;
		const stored = emulator().seedToken();
		const result = await runCore(emulator(), getItem('3'), { accessToken: stored });

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'Authentication with Token API failed, even with a freshly issued token',
		);
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toContain('Check the refresh token of the credential.');
		expect(timeline(emulator())).toEqual([
			'GET /items/3 (refused)',
			'POST /oauth/token',
			'GET /items/3 (refused)',
		]);
		expectNoSecrets(visibleText(result), [...secretsOf(emulator()), stored]);
	});

	it('in a Get Many the first page fails the same way: one refresh, no further pages', async () => {
		emulator().refuseAllTokens = true;
		const result = await runCore(emulator(), getMany({ returnAll: true }));

		expect(result.error?.message).toBe(
			'Authentication with Token API failed, even with a freshly issued token',
		);
		// the empty token is fetched before the first call, then renewed once on the 401
		expect(timeline(emulator())).toEqual([
			'POST /oauth/token',
			'GET /items (refused)',
			'POST /oauth/token',
			'GET /items (refused)',
		]);
	});

	it('an API that echoes the refused token: message and description show neither token', async () => {
		emulator().refuseAllTokens = true;
		emulator().echoSecrets = true;
		const stored = emulator().seedToken();
		const result = await runCore(emulator(), getItem('3'), { accessToken: stored });

		expect(result.error?.message).toBe(
			'Authentication with Token API failed, even with a freshly issued token',
		);
		expect(emulator().issued).toHaveLength(1);
		expectNoSecrets(JSON.stringify(result.error), [...secretsOf(emulator()), stored]);
	});

	// the renewed token is a secret too: an API that echoes it must not leak it
	it('an API that echoes the refused token: the error details and logs show neither token', async () => {
		emulator().refuseAllTokens = true;
		emulator().echoSecrets = true;
		const stored = emulator().seedToken();
		const result = await runCore(emulator(), getItem('3'), { accessToken: stored });

		expect(result.error?.message).toBe(
			'Authentication with Token API failed, even with a freshly issued token',
		);
		// the emulator did echo the fresh token in the second 401
		expect(emulator().issued).toHaveLength(1);
		expectNoSecrets(visibleText(result), [...secretsOf(emulator()), stored]);
	});
});

describe('a refresh token the token endpoint refuses', () => {
	it('with an expired stored token: a clear error, the call not repeated, nothing persisted', async () => {
		const stale = emulator().seedToken(undefined, true);
		const wrong = 'rt-wrong-0123456789';
		const result = await runCore(emulator(), getItem('3'), {
			accessToken: stale,
			refreshToken: wrong,
		});

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			'Authentication with Token API failed: no new access token could be obtained',
		);
		expect(result.error?.description).toContain('Check the credential');
		// n8n-core itself asks once more when the token endpoint answers 401 (it treats the
		// token request like any call whose token expired); the node adds nothing to that
		expect(timeline(emulator())).toEqual([
			'GET /items/3 (expired)',
			'POST /oauth/token',
			'POST /oauth/token',
		]);
		expect(
			emulator()
				.tokenRequests()
				.map((request) => request.body),
		).toEqual([{ refresh_token: wrong }, { refresh_token: wrong }]);
		expect(emulator().issued).toHaveLength(0);
		expect(storedAccessToken(result)).toBe(stale);
		expectNoSecrets(visibleText(result), [wrong, stale]);
	});

	it('with no stored token: the same clear error, and the API is never called', async () => {
		const wrong = 'rt-wrong-9876543210';
		const result = await runCore(emulator(), getItem('3'), { refreshToken: wrong });

		expect(result.error?.message).toBe(
			'Authentication with Token API failed: no new access token could be obtained',
		);
		// (the second token request is n8n-core's, as above)
		expect(timeline(emulator())).toEqual(['POST /oauth/token', 'POST /oauth/token']);
		expect(storedAccessToken(result)).toBe('');
		expectNoSecrets(visibleText(result), [wrong]);
	});

	it('a token endpoint that echoes the refresh token: it is not shown', async () => {
		emulator().echoSecrets = true;
		const stale = emulator().seedToken(undefined, true);
		const wrong = 'rt-wrong-echoed-5555';
		const result = await runCore(emulator(), getItem('3'), {
			accessToken: stale,
			refreshToken: wrong,
		});

		expect(result.error?.message).toBe(
			'Authentication with Token API failed: no new access token could be obtained',
		);
		expectNoSecrets(visibleText(result), [wrong, stale]);
	});
});

describe('other answers are not mistaken for an expired token', () => {
	it('a 404 with a valid token is reported as such: no token request', async () => {
		const stored = emulator().seedToken();
		const result = await runCore(emulator(), getItem('999'), { accessToken: stored });

		expect(result.error?.message).toBe('No item has the ID 999');
		expect(result.error?.httpCode).toBe('404');
		expect(timeline(emulator())).toEqual(['GET /items/999 (accepted)']);
		expect(apiCalls(emulator())).toEqual(['GET /items/999']);
	});
});
