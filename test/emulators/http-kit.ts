/**
 * Generic plumbing for the appliance emulators used by the tests: a loopback
 * HTTP(S) listener that records every request, injects faults (error bursts,
 * dropped connections, truncated bodies, slow answers, an HTML login page),
 * can "reboot" (refuse connections for a while, then listen on the same port)
 * and never keeps a test process alive.
 *
 * An emulator supplies a handler that turns a recorded request into a Reply;
 * this module owns everything on the wire. Node built-ins only.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';

/** The self-signed certificate in test/emulators/certs, for emulators that serve HTTPS. */
export function selfSignedTls(): { cert: Buffer; key: Buffer } {
	return {
		cert: fs.readFileSync(path.join(__dirname, 'certs', 'cert.pem')),
		key: fs.readFileSync(path.join(__dirname, 'certs', 'key.pem')),
	};
}

/** One request as the emulator received it. */
export interface RecordedRequest {
	method: string;
	/** Pathname exactly as received: not percent-decoded (`%3A` stays `%3A`). */
	path: string;
	/** The request target as received (path and query string). */
	rawUrl: string;
	/** Decoded query parameters; when a name repeats, the last value wins. */
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
	body: unknown;
}

export type RequestMatcher = (r: RecordedRequest) => boolean;

/**
 * How the emulator answered one recorded request (`answerOf`): kept beside the record, not
 * in it, so records compare and print as before. A soak counts what an appliance really
 * did with it (a create answered 2xx twice for one execution is a duplicate) and checks
 * the bytes a client stored against the bytes sent.
 */
export interface AnswerRecord {
	/** The status sent; 0 when the connection was dropped unanswered. */
	status: number;
	/**
	 * The fault that replaced or cut the answer, if any; `cut`: the connection closed before
	 * the whole answer left (a restart or close of the emulator, or the client going away).
	 */
	fault?: 'fail' | 'drop' | 'truncate' | 'htmlLogin' | 'cut';
	/** Bytes of the full answer body (a truncated answer delivered half of them). */
	bytes: number;
	/** SHA-256 (hex) of the full body, for answers that are not JSON or text (files). */
	sha256?: string;
}

const answers = new WeakMap<RecordedRequest, AnswerRecord>();

/** How the emulator answered `rec`; undefined while it is unanswered (or when the client left first). */
export function answerOf(rec: RecordedRequest): AnswerRecord | undefined {
	return answers.get(rec);
}

function noteAnswer(
	rec: RecordedRequest,
	reply: Reply,
	fault?: AnswerRecord['fault'],
): AnswerRecord {
	const body =
		reply.body === undefined
			? Buffer.alloc(0)
			: Buffer.isBuffer(reply.body)
				? reply.body
				: Buffer.from(reply.body, 'utf8');
	const headers = reply.headers ?? {};
	const typeKey = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
	const contentType = typeKey ? String(headers[typeKey]) : '';
	const record: AnswerRecord = { status: reply.status, bytes: body.length };
	if (fault) record.fault = fault;
	if (body.length > 0 && !/json|text|html|xml/i.test(contentType))
		record.sha256 = createHash('sha256').update(body).digest('hex');
	answers.set(rec, record);
	return record;
}

/** What a failNext() fault answers. */
export interface FaultResponse {
	status: number;
	/** Seconds, sent as a Retry-After header. */
	retryAfter?: number;
	/** Defaults to the emulator's own error body for that status. */
	body?: string;
	contentType?: string;
}

/** An answer, produced by an emulator's handler and written by this module. */
export interface Reply {
	status: number;
	headers?: Record<string, string | number | string[]>;
	body?: Buffer | string;
	/** Write the body in pieces of this many bytes (separate socket writes). */
	chunkSize?: number;
	/**
	 * Called once the whole answer has been handed to the operating system (or,
	 * at the latest, when the connection closes before that), e.g. to restart.
	 */
	afterSend?: () => void;
}

export interface FaultControls {
	/** The next `count` matching requests get this answer instead of the real one. */
	failNext(count: number, response: FaultResponse, match?: RequestMatcher): void;
	/** The next `count` matching requests get their connection destroyed, unanswered. */
	dropNext(count: number, match?: RequestMatcher): void;
	/**
	 * The next `count` matching requests get headers announcing the full
	 * Content-Length, half of the body, then a destroyed connection.
	 */
	truncateNext(count: number, match?: RequestMatcher): void;
	/** The next `count` matching requests are answered after `delayMs`. */
	slowNext(count: number, delayMs: number, match?: RequestMatcher): void;
	/** While true, requests the emulator says are affected answer 200 with an HTML login page. */
	htmlLogin: boolean;
	/** Forget every pending fault and switch htmlLogin off. */
	clear(): void;
}

type FaultRule =
	| { kind: 'fail'; remaining: number; match: RequestMatcher | undefined; response: FaultResponse }
	| { kind: 'drop'; remaining: number; match: RequestMatcher | undefined }
	| { kind: 'truncate'; remaining: number; match: RequestMatcher | undefined }
	| { kind: 'slow'; remaining: number; match: RequestMatcher | undefined; delayMs: number };

type TerminalRule = Exclude<FaultRule, { kind: 'slow' }>;

/**
 * The queue of armed faults. Rules are consumed in the order they were armed.
 * A "slow" rule only delays the answer, so one slow rule and one other rule
 * can both apply to the same request (e.g. a slow 503).
 */
export class FaultPlan implements FaultControls {
	htmlLogin = false;
	private rules: FaultRule[] = [];

	failNext(count: number, response: FaultResponse, match?: RequestMatcher): void {
		this.arm({ kind: 'fail', remaining: count, response: { ...response }, match });
	}

	dropNext(count: number, match?: RequestMatcher): void {
		this.arm({ kind: 'drop', remaining: count, match });
	}

	truncateNext(count: number, match?: RequestMatcher): void {
		this.arm({ kind: 'truncate', remaining: count, match });
	}

	slowNext(count: number, delayMs: number, match?: RequestMatcher): void {
		this.arm({ kind: 'slow', remaining: count, delayMs: Math.max(0, delayMs), match });
	}

	clear(): void {
		this.rules = [];
		this.htmlLogin = false;
	}

	/** Consume the faults that apply to this request. */
	take(rec: RecordedRequest): { delayMs: number; terminal?: TerminalRule } {
		let delayMs = 0;
		let terminal: TerminalRule | undefined;
		let slowTaken = false;
		for (const rule of this.rules) {
			if (rule.remaining <= 0) continue;
			const isSlow = rule.kind === 'slow';
			if (isSlow ? slowTaken : terminal !== undefined) continue;
			if (rule.match && !rule.match(rec)) continue;
			rule.remaining--;
			if (rule.kind === 'slow') {
				slowTaken = true;
				delayMs = rule.delayMs;
			} else {
				terminal = rule;
			}
			if (slowTaken && terminal) break;
		}
		this.rules = this.rules.filter((r) => r.remaining > 0);
		return terminal ? { delayMs, terminal } : { delayMs };
	}

	private arm(rule: FaultRule): void {
		if (!Number.isFinite(rule.remaining) || rule.remaining <= 0) return;
		rule.remaining = Math.floor(rule.remaining);
		this.rules.push(rule);
	}
}

export interface EmulatorServerOptions {
	/** Serve HTTPS with this certificate and key instead of plain HTTP. */
	tls?: { cert: string | Buffer; key: string | Buffer };
	/** Turns a request into an answer. Thrown errors become a bare 500. */
	handle(rec: RecordedRequest): Reply | Promise<Reply>;
	/** The body/content type a failNext() fault uses when it does not bring its own. */
	faultBody(status: number): { body: string; contentType: string };
	/** Which requests the htmlLogin switch affects (default: all). */
	htmlLoginApplies?: (rec: RecordedRequest) => boolean;
	/** The login page served while htmlLogin is on. */
	htmlLoginPage?: string;
	/** Close by itself after this long (default 15 minutes). */
	maxLifetimeMs?: number;
	/**
	 * Called with each request's record and raw body as soon as it is recorded,
	 * before any fault applies: it may add fields to the record or redact it.
	 */
	onRecord?: (rec: RecordedRequest, raw: Buffer) => void;
}

export interface EmulatorServer {
	readonly url: string;
	readonly port: number;
	/** Every request received, in order (including faulted and unauthorised ones). */
	readonly requests: RecordedRequest[];
	readonly faults: FaultPlan;
	/** The most requests that were open at the same time (since the start or `resetInFlight`). */
	readonly maxInFlight: number;
	resetInFlight(): void;
	/**
	 * Stop listening and cut every open connection *now* (before this returns),
	 * refuse connections for `windowMs`, then listen again on the same port.
	 * The promise settles once the server is listening again.
	 * `keepProcessAlive: false` lets the process exit during the window (for
	 * restarts nobody awaits); by default the window's timer holds it.
	 */
	restart(windowMs: number, options?: { keepProcessAlive?: boolean }): Promise<void>;
	close(): Promise<void>;
	readonly closed: boolean;
}

export const DEFAULT_LIFETIME_MS = 15 * 60 * 1000;

const DEFAULT_LOGIN_PAGE =
	'<!DOCTYPE html>\n<html><head><title>Login</title></head><body>' +
	'<form method="post" action="/login"><input name="username"><input name="password" type="password">' +
	'<button type="submit">Sign in</button></form></body></html>\n';

/** Listen on 127.0.0.1 (an ephemeral port) and serve `options.handle`. */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
	const requests: RecordedRequest[] = [];
	const faults = new FaultPlan();
	const sockets = new Set<Socket>();
	const lifetimeMs = options.maxLifetimeMs ?? DEFAULT_LIFETIME_MS;
	let closed = false;
	let port = 0;

	let inFlight = 0;
	let maxInFlight = 0;
	const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		res.once('close', () => inFlight--);
		void serve(req, res).catch(() => {
			// The client went away mid-answer, or the socket was destroyed on purpose.
			if (!res.destroyed) res.destroy();
		});
	};

	const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
		const raw = await readBody(req);
		const rec = recordRequest(req, raw);
		options.onRecord?.(rec, raw);
		requests.push(rec);

		const plan = faults.take(rec);
		if (plan.delayMs > 0) {
			await sleep(plan.delayMs, false);
			if (res.destroyed) return;
		}
		const rule = plan.terminal;
		if (rule?.kind === 'drop') {
			answers.set(rec, { status: 0, fault: 'drop', bytes: 0 });
			resetSocket(req.socket);
			return;
		}
		if (rule?.kind === 'fail') {
			const fallback = options.faultBody(rule.response.status);
			const headers: Record<string, string | number> = {
				'Content-Type': rule.response.contentType ?? fallback.contentType,
			};
			if (rule.response.retryAfter !== undefined)
				headers['Retry-After'] = String(rule.response.retryAfter);
			const faultReply: Reply = {
				status: rule.response.status,
				headers,
				body: rule.response.body ?? fallback.body,
			};
			noteAnswer(rec, faultReply, 'fail');
			await writeReply(res, faultReply);
			return;
		}

		let reply: Reply;
		let login = false;
		if (faults.htmlLogin && (options.htmlLoginApplies?.(rec) ?? true)) {
			login = true;
			reply = {
				status: 200,
				headers: { 'Content-Type': 'text/html; charset=utf-8' },
				body: options.htmlLoginPage ?? DEFAULT_LOGIN_PAGE,
			};
		} else {
			try {
				reply = await options.handle(rec);
			} catch (error) {
				reply = {
					status: 500,
					headers: { 'Content-Type': 'text/plain; charset=utf-8' },
					body: `emulator error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
				};
			}
		}
		const answer = noteAnswer(
			rec,
			reply,
			rule?.kind === 'truncate' ? 'truncate' : login ? 'htmlLogin' : undefined,
		);
		res.once('close', () => {
			if (!res.writableFinished && !answer.fault) answer.fault = 'cut';
		});
		await writeReply(res, reply, rule?.kind === 'truncate');
	};

	const server: http.Server = options.tls
		? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
		: http.createServer(onRequest);

	server.on('connection', (socket: Socket) => {
		// Accepted sockets must not keep the test process alive either.
		socket.unref();
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// A TLS handshake failure (e.g. a client that rejects the self-signed
	// certificate) is the client's business; keep serving.
	server.on('tlsClientError', () => undefined);

	const listen = async (wanted: number): Promise<void> => {
		if (server.listening) return; // e.g. two overlapping restarts
		// The port can linger briefly after a close; retry a few times.
		for (let attempt = 0; ; attempt++) {
			try {
				await new Promise<void>((resolve, reject) => {
					const onError = (error: Error): void => reject(error);
					server.once('error', onError);
					server.listen(wanted, '127.0.0.1', () => {
						server.off('error', onError);
						resolve();
					});
				});
				server.unref();
				port = (server.address() as AddressInfo).port;
				return;
			} catch (error) {
				if (attempt >= 20 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
				await sleep(50, true);
			}
		}
	};

	/** Stop accepting at once and cut every connection; resolves when the listener is gone. */
	const shutDown = (): Promise<void> =>
		new Promise<void>((resolve) => {
			if (!server.listening) {
				for (const socket of sockets) socket.destroy();
				resolve();
				return;
			}
			server.close(() => resolve());
			server.closeAllConnections();
			for (const socket of sockets) socket.destroy();
		});

	await listen(0);
	const scheme = options.tls ? 'https' : 'http';

	let restarting: Promise<void> | undefined;
	const lifetime = setTimeout(() => void emulator.close(), lifetimeMs);
	lifetime.unref();

	const emulator: EmulatorServer = {
		get url() {
			return `${scheme}://127.0.0.1:${port}`;
		},
		get port() {
			return port;
		},
		requests,
		faults,
		get maxInFlight() {
			return maxInFlight;
		},
		resetInFlight() {
			maxInFlight = inFlight;
		},
		get closed() {
			return closed;
		},
		restart(windowMs: number, restartOptions?: { keepProcessAlive?: boolean }): Promise<void> {
			if (closed) return Promise.reject(new Error('emulator is closed'));
			const down = shutDown(); // synchronous part: the listener is closed before we return
			restarting = (async () => {
				await down;
				// A ref'd timer by default: the caller is waiting for this window to end.
				await sleep(Math.max(0, windowMs), restartOptions?.keepProcessAlive ?? true);
				if (!closed) await listen(port);
			})().finally(() => {
				restarting = undefined;
			});
			return restarting;
		},
		async close(): Promise<void> {
			if (closed) return;
			closed = true;
			clearTimeout(lifetime);
			await shutDown();
			// A restart in progress sees `closed` and does not listen again.
			await restarting?.catch(() => undefined);
		},
	};
	return emulator;
}

/** Write an answer: Content-Length always set; optionally chunked writes or a deliberate truncation. */
async function writeReply(res: http.ServerResponse, reply: Reply, truncate = false): Promise<void> {
	if (reply.afterSend) {
		const afterSend = reply.afterSend;
		let called = false;
		const once = (): void => {
			if (called) return;
			called = true;
			afterSend();
		};
		if (res.destroyed || res.writableFinished) {
			queueMicrotask(once);
		} else {
			res.once('finish', once);
			res.once('close', once);
		}
	}
	if (res.destroyed || res.writableEnded) return;
	const body =
		reply.body === undefined
			? Buffer.alloc(0)
			: Buffer.isBuffer(reply.body)
				? reply.body
				: Buffer.from(reply.body, 'utf8');
	res.writeHead(reply.status, { ...reply.headers, 'Content-Length': body.length });

	if (truncate) {
		// Promise the whole body, deliver half, then hang up: the client sees a premature close.
		const half = body.subarray(0, Math.floor(body.length / 2));
		res.write(half, () => res.socket?.destroy());
		return;
	}

	const size =
		reply.chunkSize && reply.chunkSize > 0 ? Math.floor(reply.chunkSize) : Math.max(body.length, 1);
	for (let offset = 0; offset < body.length; offset += size) {
		if (res.destroyed) return;
		if (!res.write(body.subarray(offset, offset + size))) await drained(res);
		// Yield between pieces so they leave as separate writes.
		if (offset + size < body.length) await new Promise<void>((resolve) => setImmediate(resolve));
	}
	if (!res.destroyed) res.end();
}

function drained(res: http.ServerResponse): Promise<void> {
	return new Promise<void>((resolve) => {
		const done = (): void => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

/** Destroy a connection without answering; a TCP reset where the platform allows it. */
function resetSocket(socket: Socket): void {
	const resettable = socket as Socket & { resetAndDestroy?: () => Socket };
	try {
		if (typeof resettable.resetAndDestroy === 'function' && !('encrypted' in socket)) {
			resettable.resetAndDestroy();
			return;
		}
	} catch {
		// fall through to a plain destroy
	}
	socket.destroy();
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function recordRequest(req: http.IncomingMessage, raw: Buffer): RecordedRequest {
	const rawUrl = req.url ?? '/';
	const queryStart = rawUrl.indexOf('?');
	const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
	const query: Record<string, string> = {};
	if (queryStart !== -1) {
		for (const [key, value] of new URLSearchParams(rawUrl.slice(queryStart + 1)))
			query[key] = value;
	}
	let body: unknown;
	if (raw.length > 0) {
		const text = raw.toString('utf8');
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
	}
	return { method: req.method ?? 'GET', path, rawUrl, query, headers: { ...req.headers }, body };
}

/**
 * Resolves after `ms`. Unref'd timers do not keep the process alive (used for
 * slow answers, where the waiting client already does).
 */
export function sleep(ms: number, ref: boolean): Promise<void> {
	return new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		if (!ref) timer.unref();
	});
}

/** The user and password of a Basic Authorization header, or undefined. */
export function parseBasicAuth(
	header: string | string[] | undefined,
): { user: string; password: string } | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value ?? '');
	if (!match?.[1]) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A JSON answer. */
export function jsonReply(
	status: number,
	body: unknown,
	contentType = 'application/json',
	headers: Record<string, string | number | string[]> = {},
): Reply {
	return {
		status,
		headers: { 'Content-Type': contentType, ...headers },
		body: JSON.stringify(body),
	};
}
