/**
 * A record-and-replay front for the ONTAP and QRadar emulators (bench only).
 *
 * The emulator rebuilds, filters and sorts the whole collection for every page it serves
 * (for 100,000 sessions that is a large share of a second per page), which would add the
 * same big constant to both sides of every ratio. The bench therefore asks the emulator
 * once per distinct request (method + URL + key headers: Authorization; for QRadar SEC and
 * Range) and replays its exact answer (status, content type and kept headers such as
 * Content-Range, body bytes) from memory afterwards, so the appliance costs the same small
 * amount for ours and for the baseline. Only 2xx GET answers are kept.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

interface Cached {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}

export interface ReplayProxy {
	url: string;
	/** Answers served from memory / forwarded to the emulator. */
	stats: { hits: number; misses: number };
	close(): Promise<void>;
}

/**
 * method, path and the decoded query in order of names (so `*` and `%2A` are one key), and the
 * request headers that select the answer (Authorization; QRadar: SEC and Range).
 */
function cacheKey(req: http.IncomingMessage, keyHeaders: readonly string[]): string {
	const url = new URL(req.url ?? '/', 'http://replay');
	const query = [...url.searchParams.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([name, value]) => `${name}=${value}`)
		.join('&');
	const selectors = keyHeaders.map((name) => `${name}=${String(req.headers[name] ?? '')}`);
	return `${req.method} ${url.pathname}?${query} ${selectors.join(' ')}`;
}

const KEEP_HEADERS = ['content-type', 'cache-control', 'www-authenticate', 'retry-after'];

export interface ReplayOptions {
	maxLifetimeMs?: number;
	/** Request headers (lower case) that are part of the cache key. Default: authorization. */
	keyHeaders?: string[];
	/** Response headers (lower case) replayed besides KEEP_HEADERS, e.g. content-range. */
	keepHeaders?: string[];
}

export async function startReplayProxy(
	upstreamUrl: string,
	options: ReplayOptions = {},
): Promise<ReplayProxy> {
	const maxLifetimeMs = options.maxLifetimeMs ?? 15 * 60_000;
	const keyHeaders = options.keyHeaders ?? ['authorization'];
	const keepHeaders = [...KEEP_HEADERS, ...(options.keepHeaders ?? [])];
	const upstream = new URL(upstreamUrl);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
	const cache = new Map<string, Cached>();
	const stats = { hits: 0, misses: 0 };
	const sockets = new Set<Socket>();

	const forward = async (req: http.IncomingMessage, body: Buffer): Promise<Cached> =>
		await new Promise<Cached>((resolve, reject) => {
			const headers = { ...req.headers, host: upstream.host };
			const out = http.request(
				{
					host: upstream.hostname,
					port: upstream.port,
					method: req.method,
					path: req.url,
					headers,
					agent,
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () => {
						const kept: Record<string, string> = {};
						for (const name of keepHeaders) {
							const value = res.headers[name];
							if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
						}
						resolve({ status: res.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
					});
					res.on('error', reject);
				},
			);
			out.on('error', reject);
			out.end(body);
		});

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const key = cacheKey(req, keyHeaders);
				let answer = req.method === 'GET' ? cache.get(key) : undefined;
				if (answer) {
					stats.hits++;
				} else {
					stats.misses++;
					answer = await forward(req, Buffer.concat(chunks));
					if (req.method === 'GET' && answer.status >= 200 && answer.status < 300)
						cache.set(key, answer);
				}
				res.writeHead(answer.status, {
					...answer.headers,
					'content-length': String(answer.body.length),
				});
				res.end(answer.body);
			})().catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`replay proxy: ${String(error)}`);
			});
		});
	});
	server.keepAliveTimeout = 30_000;
	server.on('connection', (socket: Socket) => {
		socket.unref();
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	server.unref();
	const port = (server.address() as AddressInfo).port;

	let closed = false;
	const close = async (): Promise<void> => {
		if (closed) return;
		closed = true;
		clearTimeout(lifetime);
		for (const socket of sockets) socket.destroy();
		agent.destroy();
		cache.clear();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	const lifetime = setTimeout(() => void close(), maxLifetimeMs);
	lifetime.unref();

	return { url: `http://127.0.0.1:${port}`, stats, close };
}
