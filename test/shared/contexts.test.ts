/**
 * The same client from the other contexts n8n runs node code in: a polling trigger's
 * PollContext (an active workflow) and a list search's LoadOptionsContext (the editor
 * opening a resource locator). Credentials are read, applied and renewed the same way.
 */
import {
	json,
	pollCore,
	searchCore,
	secretsOf,
	seeded,
	storedAccessToken,
	timeline,
	useTokenApi,
	visibleText,
} from './helpers';

const emulator = useTokenApi({ items: 23 });

describe('a polling trigger (PollContext)', () => {
	it('with an empty stored token: the token is fetched, every record emitted, the cursor saved', async () => {
		const result = await pollCore(emulator(), { parameters: { pageSize: 10 } });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(seeded(emulator()));
		expect(result.nodeStaticData).toEqual({ lastId: 23 });
		expect(timeline(emulator())).toEqual([
			'POST /oauth/token',
			'GET /items (accepted)',
			'GET /items (accepted)',
			'GET /items (accepted)',
		]);
		expect(
			emulator()
				.apiRequests()
				.map((request) => request.headers.range),
		).toEqual(['items=0-9', 'items=10-19', 'items=20-29']);
		expect(storedAccessToken(result)).toBe(emulator().issued[0]!.token);
	});

	it('an expired stored token is renewed once there too, and persisted', async () => {
		const stale = emulator().seedToken(undefined, true);
		const result = await pollCore(emulator(), { accessToken: stale, parameters: { pageSize: 10 } });

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
		expect(storedAccessToken(result)).toBe(fresh);
		expect(emulator().bearerOf(emulator().apiRequests()[1]!)).toBe(fresh);
		expect(visibleText(result)).not.toContain(fresh);
		expect(visibleText(result)).not.toContain(stale);
	});

	it('the next poll starts from the saved cursor and token: nothing new, no token request', async () => {
		const first = await pollCore(emulator(), { parameters: { pageSize: 50 } });
		const token = storedAccessToken(first) as string;
		emulator().requests.length = 0;

		const second = await pollCore(emulator(), {
			accessToken: token,
			staticData: first.staticData,
			parameters: { pageSize: 50 },
		});

		expect(second.error).toBeUndefined();
		expect(second.data).toBeNull();
		expect(second.nodeStaticData).toEqual({ lastId: 23 });
		expect(timeline(emulator())).toEqual(['GET /items (accepted)']);
	});

	it('a token that keeps being refused: one refresh, one repeat, the clear error', async () => {
		emulator().refuseAllTokens = true;
		const stored = emulator().seedToken();
		const result = await pollCore(emulator(), { accessToken: stored });

		expect(result.data).toBeNull();
		expect(result.error?.message).toBe(
			'Authentication with Token API failed, even with a freshly issued token',
		);
		expect(timeline(emulator())).toEqual([
			'GET /items (refused)',
			'POST /oauth/token',
			'GET /items (refused)',
		]);
		// the cursor is not moved by a failed poll
		expect(result.nodeStaticData).toEqual({});
		for (const secret of [...secretsOf(emulator()), stored]) {
			expect(visibleText(result)).not.toContain(secret);
		}
	});

	it('a refresh token the token endpoint refuses: the clear error, the API never called', async () => {
		const result = await pollCore(emulator(), { refreshToken: 'rt-wrong-poll-1234' });

		expect(result.error?.message).toBe(
			'Authentication with Token API failed: no new access token could be obtained',
		);
		expect(emulator().apiRequests()).toHaveLength(0);
		expect(visibleText(result)).not.toContain('rt-wrong-poll-1234');
	});

	it('a 503 burst is retried inside one poll (a read): every record emitted once', async () => {
		emulator().faults.failNext(2, { status: 503, retryAfter: 0 }, (r) => r.path === '/items');
		const result = await pollCore(emulator(), { parameters: { pageSize: 50 } });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(seeded(emulator()));
		expect(emulator().apiRequests()).toHaveLength(3);
	});
});

describe('a list search (LoadOptionsContext)', () => {
	it('with an empty stored token: the token is fetched, the first page listed', async () => {
		const result = await searchCore(emulator());

		expect(result.results).toEqual(
			seeded(emulator(), 0, 10).map((item) => ({ name: item.name, value: String(item.id) })),
		);
		expect(result.paginationToken).toBe('10');
		expect(timeline(emulator())).toEqual(['POST /oauth/token', 'GET /items (accepted)']);
		expect(emulator().apiRequests()[0]!.headers.range).toBe('items=0-9');
	});

	it('an expired stored token is renewed once and the search repeated with the new one', async () => {
		const stale = emulator().seedToken(undefined, true);
		const result = await searchCore(emulator(), { accessToken: stale, paginationToken: '20' });

		expect(result.results).toEqual(
			seeded(emulator(), 20).map((item) => ({ name: item.name, value: String(item.id) })),
		);
		expect(result.paginationToken).toBeUndefined();
		expect(timeline(emulator())).toEqual([
			'GET /items (expired)',
			'POST /oauth/token',
			'GET /items (accepted)',
		]);
		expect(emulator().bearerOf(emulator().apiRequests()[1]!)).toBe(emulator().issued[0]!.token);
		expect(
			emulator()
				.apiRequests()
				.map((request) => request.headers.range),
		).toEqual(['items=20-29', 'items=20-29']);
	});

	it('a token that keeps being refused: the clear error, no loop', async () => {
		emulator().refuseAllTokens = true;
		const stored = emulator().seedToken();

		await expect(searchCore(emulator(), { accessToken: stored })).rejects.toThrow(
			'Authentication with Token API failed, even with a freshly issued token',
		);
		expect(emulator().tokenRequests()).toHaveLength(1);
		expect(emulator().apiRequests()).toHaveLength(2);
	});

	it('filters what the user typed', async () => {
		const result = await searchCore(emulator(), {
			accessToken: emulator().seedToken(),
			filter: 'ITEM-00',
		});

		expect(result.results.map((entry) => entry.name)).toEqual(
			seeded(emulator(), 0, 9).map((item) => item.name),
		);
	});
});
