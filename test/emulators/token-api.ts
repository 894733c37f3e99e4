/**
 * A small loopback API with short-lived bearer tokens, for the tests of the shared
 * core (nodes/shared): a token endpoint that trades a refresh token for an access
 * token, and protected endpoints that refuse an unknown or expired token with 401.
 * Behind the tokens it has what the four appliances have in common: a collection
 * paged with QRadar's `Range: items=a-b` / `Content-Range: items a-b/total`, single
 * records, a file download (a ZIP, or a login page / JSON error posing as one) and
 * asynchronous jobs that finish after a number of polls.
 *
 *   POST /oauth/token   { refresh_token } -> { access_token, token_type, expires_in }
 *   GET  /items         Range: items=a-b  -> [ ... ]  + Content-Range: items a-b/total
 *   GET  /items/:id                       -> { id, name, ... }
 *   GET  /files/:name                     -> the file's bytes (application/zip)
 *   POST /jobs          { action }        -> 202 { id, state: 'queued' }
 *   GET  /jobs/:id                        -> { id, state, polls, result?, error? }
 *                       action 'fail' ends `failed` with `error.message`; action 'partial'
 *                       ends `completed` with one FAILED part in `result.parts`
 *
 * Switches: `expireTokens()` (every token issued so far is expired), `expireAfterUses(k)`
 * (a token is expired after k accepted calls), `refuseAllTokens` (even a fresh token is
 * refused), `echoSecrets` (error answers repeat the refused token), `fileAnswer` (what GET /files answers), `restartOnJobPoll(n, windowMs)` (an
 * outage that starts with the n-th poll of a job), and http-kit's fault switches.
 */
import * as crypto from 'node:crypto';

import {
	type FaultControls,
	type RecordedRequest,
	type Reply,
	jsonReply,
	startEmulatorServer,
} from './http-kit';

export type { RecordedRequest, RequestMatcher } from './http-kit';

export const TOKEN_PATH = '/oauth/token';
export const DEFAULT_REFRESH_TOKEN = 'rt-5f1c0e9a-test-refresh-token';

export interface TokenApiOptions {
	/** The refresh token the token endpoint accepts. Default DEFAULT_REFRESH_TOKEN. */
	refreshToken?: string;
	/** How many records GET /items serves. Default 23. */
	items?: number;
	/** Most records one page holds, whatever the Range asks. Default: no cap. */
	maxPageSize?: number;
	/** How many polls of a job answer 'running' before it is 'completed'. Default 2. */
	jobPolls?: number;
	/** Size of the file GET /files/:name serves. Default 200 000 bytes. */
	fileBytes?: number;
	/** Closes itself after this long (default 15 minutes). */
	maxLifetimeMs?: number;
}

export interface Item {
	id: number;
	name: string;
	size: number;
	created: string;
}

export interface Job {
	id: string;
	action: string;
	polls: number;
	state: 'queued' | 'running' | 'completed' | 'failed';
	result?: {
		action: string;
		items: number;
		parts?: Array<{ name: string; status: string; error?: string }>;
	};
	error?: { message: string };
}

export interface TokenRecord {
	token: string;
	expired: boolean;
	/** Calls this token was accepted for. */
	uses: number;
}

/** What GET /files/:name answers. */
export type FileAnswer =
	| { kind: 'file' }
	| { kind: 'html'; contentType?: string }
	| { kind: 'json'; contentType?: string }
	| { kind: 'other'; contentType?: string };

/** How the emulator treated the bearer token of a request to a protected endpoint. */
export type AuthOutcome = 'accepted' | 'missing' | 'unknown' | 'expired' | 'refused';

export interface TokenApiEmulator {
	url: string;
	port: number;
	/** Every request received, in order, including faulted and unauthorised ones. */
	requests: RecordedRequest[];
	faults: FaultControls;
	/** The refresh token the token endpoint accepts. */
	readonly refreshToken: string;
	/** The seeded records of GET /items, in order. */
	readonly items: Item[];
	/** The bytes of every file GET /files/:name serves (a ZIP signature, then data). */
	readonly file: Buffer;
	readonly jobs: Map<string, Job>;
	/** Every access token the token endpoint issued, oldest first. */
	readonly issued: TokenRecord[];
	/** Registers a token as if it had been issued before the test (not counted in `issued`). */
	seedToken(token?: string, expired?: boolean): string;
	/** Every token known so far is expired from now on. */
	expireTokens(): void;
	/** Tokens are expired after `uses` accepted calls (undefined: never). */
	expireAfterUses(uses: number | undefined): void;
	/** While true, every protected call answers 401, even with a freshly issued token. */
	refuseAllTokens: boolean;
	/** While true, error answers repeat the token or refresh token they refuse (as careless APIs do). */
	echoSecrets: boolean;
	/** What GET /files/:name answers; reset() sets it back to the file. */
	fileAnswer: FileAnswer;
	/** The `poll`-th GET of a job (1-based, counted per job) cuts the connection and starts an outage of `windowMs`. */
	restartOnJobPoll(poll: number, windowMs: number): void;
	/** Settles when an outage started by restartOnJobPoll is over (at once when there is none). */
	outageOver(): Promise<void>;
	/** The token endpoint's requests. */
	tokenRequests(): RecordedRequest[];
	/** Requests to protected endpoints (everything but the token endpoint). */
	apiRequests(): RecordedRequest[];
	/** The bearer token a request carried, or undefined. */
	bearerOf(request: RecordedRequest): string | undefined;
	/** How a request's token was treated (undefined for faulted requests and the token endpoint). */
	authOutcome(request: RecordedRequest): AuthOutcome | undefined;
	restart(windowMs: number): Promise<void>;
	/** Back to the seeded state: no tokens, no jobs, no requests, no faults. */
	reset(): void;
	close(): Promise<void>;
}

const JSON_TYPE = 'application/json';

function errorReply(status: number, code: string, message: string): Reply {
	return jsonReply(status, { code, message });
}

function seededItems(count: number): Item[] {
	return Array.from({ length: count }, (_, index) => ({
		id: index + 1,
		name: `item-${String(index + 1).padStart(3, '0')}`,
		size: (index + 1) * 1024,
		created: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
	}));
}

/** A ZIP local-file-header signature followed by deterministic, incompressible-looking bytes. */
function seededFile(size: number): Buffer {
	const file = Buffer.alloc(Math.max(size, 8));
	let state = 0x2545f491;
	for (let index = 0; index < file.length; index++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		file[index] = state & 0xff;
	}
	Buffer.from([0x50, 0x4b, 0x03, 0x04]).copy(file, 0);
	return file;
}

const LOGIN_PAGE =
	'<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form method="post" action="/login">' +
	'<input name="username"><input name="password" type="password"></form></body></html>\n';

/** `Range: items=a-b` -> [a, b], or undefined when absent or unreadable. */
function parseRange(header: string | string[] | undefined): [number, number] | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	const match = /^\s*items=(\d+)-(\d+)\s*$/.exec(value ?? '');
	if (!match) return undefined;
	return [Number(match[1]), Number(match[2])];
}

export async function startTokenApiEmulator(
	options: TokenApiOptions = {},
): Promise<TokenApiEmulator> {
	const refreshToken = options.refreshToken ?? DEFAULT_REFRESH_TOKEN;
	const items = seededItems(options.items ?? 23);
	const file = seededFile(options.fileBytes ?? 200_000);
	const jobPolls = options.jobPolls ?? 2;

	const tokens = new Map<string, TokenRecord>();
	const issued: TokenRecord[] = [];
	const jobs = new Map<string, Job>();
	const outcomes = new WeakMap<RecordedRequest, AuthOutcome>();
	let maxUses: number | undefined;
	let outageAt: { poll: number; windowMs: number } | undefined;
	let outage: Promise<void> | undefined;
	let jobCounter = 0;

	const bearerOf = (request: RecordedRequest): string | undefined => {
		const header = request.headers.authorization;
		const value = Array.isArray(header) ? header[0] : header;
		const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
		return match?.[1];
	};

	/** The auth check of every protected endpoint: undefined when the call may go on. */
	const checkToken = (request: RecordedRequest): Reply | undefined => {
		const token = bearerOf(request);
		const record = token === undefined ? undefined : tokens.get(token);
		let outcome: AuthOutcome;
		if (token === undefined) outcome = 'missing';
		else if (!record) outcome = 'unknown';
		else if (record.expired || (maxUses !== undefined && record.uses >= maxUses))
			outcome = 'expired';
		else if (emulator.refuseAllTokens) outcome = 'refused';
		else outcome = 'accepted';
		outcomes.set(request, outcome);
		if (outcome === 'accepted') {
			record!.uses++;
			return undefined;
		}
		// a careless API repeats the token it refuses: the node must not show it to anyone
		const shown = emulator.echoSecrets ? ` ${token}` : '';
		const message = {
			missing: 'No bearer token was sent',
			unknown: `The access token${shown} is not known`,
			expired: `The access token${shown} has expired`,
			refused: `The access token${shown} is not valid for this API`,
		}[outcome];
		return {
			...errorReply(401, 'invalid_token', message),
			headers: {
				'Content-Type': JSON_TYPE,
				'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"`,
			},
		};
	};

	const issueToken = (): TokenRecord => {
		const record: TokenRecord = {
			token: `at-${crypto.randomBytes(16).toString('hex')}`,
			expired: false,
			uses: 0,
		};
		tokens.set(record.token, record);
		issued.push(record);
		return record;
	};

	const tokenEndpoint = (request: RecordedRequest): Reply => {
		if (request.method !== 'POST') return errorReply(405, 'method_not_allowed', 'Use POST');
		const body = request.body as { refresh_token?: unknown } | undefined;
		if (typeof body?.refresh_token !== 'string' || body.refresh_token === '') {
			return jsonReply(400, {
				error: 'invalid_request',
				error_description: 'refresh_token is required',
			});
		}
		if (body.refresh_token !== refreshToken) {
			return jsonReply(401, {
				error: 'invalid_grant',
				error_description: `The refresh token${emulator.echoSecrets ? ` ${body.refresh_token}` : ''} is not valid or has been revoked`,
			});
		}
		const record = issueToken();
		return jsonReply(200, { access_token: record.token, token_type: 'Bearer', expires_in: 300 });
	};

	const listItems = (request: RecordedRequest): Reply => {
		const total = items.length;
		const range = parseRange(request.headers.range);
		if (request.headers.range !== undefined && !range) {
			return errorReply(422, 'invalid_range', 'The Range header must look like items=0-49');
		}
		let [from, to] = range ?? [0, Math.max(total - 1, 0)];
		if (to < from) return errorReply(422, 'invalid_range', 'The Range end is before its start');
		if (options.maxPageSize !== undefined) to = Math.min(to, from + options.maxPageSize - 1);
		const page = items.slice(from, Math.min(to, total - 1) + 1);
		const contentRange =
			page.length === 0 ? `items */${total}` : `items ${from}-${from + page.length - 1}/${total}`;
		return jsonReply(200, page, JSON_TYPE, { 'Content-Range': contentRange });
	};

	const getItem = (id: string): Reply => {
		const item = items.find((candidate) => String(candidate.id) === id);
		return item ? jsonReply(200, item) : errorReply(404, 'not_found', `No item has the ID ${id}`);
	};

	const getFile = (name: string): Reply => {
		const answer = emulator.fileAnswer;
		if (answer.kind === 'html') {
			return {
				status: 200,
				headers: { 'Content-Type': answer.contentType ?? 'text/html; charset=utf-8' },
				body: LOGIN_PAGE,
			};
		}
		if (answer.kind === 'json') {
			return jsonReply(
				200,
				{ code: 'maintenance', message: 'Downloads are disabled during maintenance' },
				answer.contentType ?? JSON_TYPE,
			);
		}
		if (answer.kind === 'other') {
			const seven = Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), file]);
			return {
				status: 200,
				headers: { 'Content-Type': answer.contentType ?? 'application/octet-stream' },
				body: seven,
			};
		}
		return {
			status: 200,
			headers: {
				'Content-Type': 'application/zip',
				'Content-Disposition': `attachment; filename="${name}"`,
			},
			body: file,
			chunkSize: 16 * 1024,
		};
	};

	const createJob = (request: RecordedRequest): Reply => {
		const action = String((request.body as { action?: unknown } | undefined)?.action ?? 'backup');
		const job: Job = { id: `job-${++jobCounter}`, action, polls: 0, state: 'queued' };
		jobs.set(job.id, job);
		return jsonReply(202, { id: job.id, state: job.state });
	};

	const pollJob = (id: string): Reply => {
		const job = jobs.get(id);
		if (!job) return errorReply(404, 'not_found', `No job has the ID ${id}`);
		job.polls++;
		if (outageAt && job.polls === outageAt.poll) {
			// the connection of this very poll is cut, then the API is down for the window
			const { windowMs } = outageAt;
			outageAt = undefined;
			outage = server.restart(windowMs);
			return errorReply(503, 'restarting', 'restarting');
		}
		if (job.polls > jobPolls && job.action === 'fail') {
			// a job that fails carries the reason in its own record
			job.state = 'failed';
			job.error = { message: 'The target is full' };
		} else if (job.polls > jobPolls) {
			job.state = 'completed';
			job.result = { action: job.action, items: items.length };
			// "completed", yet one of its parts failed: only the record's parts say so
			if (job.action === 'partial') {
				job.result.parts = [
					{ name: 'vol1', status: 'SUCCESS' },
					{ name: 'vol2', status: 'FAILED', error: 'Snapshot limit reached' },
				];
			}
		} else {
			job.state = 'running';
		}
		return jsonReply(200, { ...job });
	};

	const handle = (request: RecordedRequest): Reply => {
		if (request.path === TOKEN_PATH) return tokenEndpoint(request);
		const refused = checkToken(request);
		if (refused) return refused;
		const segments = request.path.split('/').filter(Boolean).map(decodeURIComponent);
		const [collection, id, extra] = segments;
		if (extra !== undefined) return errorReply(404, 'not_found', `No route for ${request.path}`);
		if (collection === 'items' && request.method === 'GET') {
			return id === undefined ? listItems(request) : getItem(id);
		}
		if (collection === 'files' && request.method === 'GET' && id !== undefined) {
			return getFile(id);
		}
		if (collection === 'jobs' && request.method === 'POST' && id === undefined) {
			return createJob(request);
		}
		if (collection === 'jobs' && request.method === 'GET' && id !== undefined) {
			return pollJob(id);
		}
		return errorReply(404, 'not_found', `No route for ${request.method} ${request.path}`);
	};

	const server = await startEmulatorServer({
		handle,
		faultBody: (status) => ({
			body: JSON.stringify({
				code: status === 503 ? 'unavailable' : `http_${status}`,
				message: status === 503 ? 'The service is temporarily unavailable' : `HTTP ${status}`,
			}),
			contentType: JSON_TYPE,
		}),
		maxLifetimeMs: options.maxLifetimeMs,
	});

	const emulator: TokenApiEmulator = {
		get url() {
			return server.url;
		},
		get port() {
			return server.port;
		},
		requests: server.requests,
		faults: server.faults,
		refreshToken,
		items,
		file,
		jobs,
		issued,
		refuseAllTokens: false,
		echoSecrets: false,
		fileAnswer: { kind: 'file' },
		seedToken(token = `at-seeded-${crypto.randomBytes(8).toString('hex')}`, expired = false) {
			tokens.set(token, { token, expired, uses: 0 });
			return token;
		},
		expireTokens() {
			for (const record of tokens.values()) record.expired = true;
		},
		expireAfterUses(uses) {
			maxUses = uses;
		},
		restartOnJobPoll(poll, windowMs) {
			outageAt = { poll, windowMs };
		},
		async outageOver() {
			await outage;
		},
		tokenRequests: () => server.requests.filter((request) => request.path === TOKEN_PATH),
		apiRequests: () => server.requests.filter((request) => request.path !== TOKEN_PATH),
		bearerOf,
		authOutcome: (request) => outcomes.get(request),
		restart: (windowMs) => server.restart(windowMs),
		reset() {
			server.requests.length = 0;
			server.faults.clear();
			tokens.clear();
			issued.length = 0;
			jobs.clear();
			maxUses = undefined;
			outageAt = undefined;
			jobCounter = 0;
			emulator.refuseAllTokens = false;
			emulator.echoSecrets = false;
			emulator.fileAnswer = { kind: 'file' };
		},
		close: () => server.close(),
	};
	return emulator;
}
