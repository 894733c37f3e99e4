import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redact, redactText, secretValuesIn, secretValuesOf } from './redaction';
import { pause } from './wait';

/** A response body read as a stream (Node's Readable; the `stream` module itself may not be imported here). */
export type ByteStream = AsyncIterable<Buffer | string> & { destroy(error?: Error): void };

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What the shared core needs to know about one appliance's API. */
export interface ApplianceProfile {
	/** Credential type name, e.g. `netAppOntapApi`. */
	credentialType: string;
	/** Name used in messages, e.g. `ONTAP`. */
	system: string;
	/** Credential fields whose values are secrets and are masked wherever they would appear. */
	secretFields: string[];
	/** Scheme, host and optional prefix that request paths are appended to. */
	baseUrl(credentials: IDataObject): string;
	headers?: IDataObject;
	/** Reads the vendor's error body; undefined when the body is not a vendor error. */
	parseError(status: number, body: unknown): VendorError | undefined;
	/** What the user should do about an error, by status and vendor code. */
	hint(status: number, vendorCode?: string): string;
}

export interface VendorError {
	message: string;
	code?: string;
	target?: string;
}

/**
 * When a failed call may be sent again:
 * - `idempotent`: sending it twice has the effect of sending it once (GET, and
 *   calls the vendor documents as idempotent), so any transient fault is retried;
 * - `notProcessed`: only faults that prove the appliance did not act on it
 *   (429, 503, connection refused) are retried, e.g. a DELETE;
 * - `never`: a POST that creates something is sent exactly once.
 */
export type RetryPolicy = 'idempotent' | 'notProcessed' | 'never';

export interface ApplianceRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL (`/api/...`), or an absolute URL on the same host. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | Buffer | ByteStream;
	headers?: IDataObject;
	/** Seconds before the call is abandoned; default 60. */
	timeout?: number;
	retry?: RetryPolicy;
	/** `json` (default) parses and checks the answer; `stream` hands back the body unread. */
	expect?: 'json' | 'stream';
	itemIndex?: number;
}

export interface ApplianceResponse<T = unknown> {
	statusCode: number;
	headers: IDataObject;
	body: T;
}

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_RETRIES = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
/** A Retry-After longer than this is reported instead of waited for. */
const RETRY_AFTER_CAP_MS = 60_000;

const RETRY_ANY_STATUS = [429, 502, 503, 504];
const NOT_PROCESSED_STATUS = [429, 503];
const NOT_SENT_CODES = ['ECONNREFUSED'];
/** The host could not be reached at all: nothing was sent. */
const UNREACHABLE_CODES = [
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
];
const DROPPED_CODES = ['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE', 'ERR_STREAM_PREMATURE_CLOSE'];

function defaultRetry(method: IHttpRequestMethods): RetryPolicy {
	if (method === 'GET' || method === 'HEAD') return 'idempotent';
	if (method === 'DELETE') return 'notProcessed';
	return 'never';
}

function shouldRetryStatus(policy: RetryPolicy, status: number): boolean {
	if (policy === 'idempotent') return RETRY_ANY_STATUS.includes(status);
	if (policy === 'notProcessed') return NOT_PROCESSED_STATUS.includes(status);
	return false;
}

/** Network-level cause of a failed call: the Node.js / axios error code, if any. */
function transportCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, message } = current as { code?: unknown; message?: unknown };
		if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{3,}$/.test(code)) {
			// axios reports a truncated body as a generic bad response with "aborted"
			if (code === 'ERR_BAD_RESPONSE' || code === 'ECONNABORTED') {
				if (typeof message === 'string' && /timeout/i.test(message)) return 'ETIMEDOUT';
			}
			return code;
		}
		if (typeof message === 'string' && /^(aborted|socket hang up)$/i.test(message)) {
			return 'ECONNRESET';
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function shouldRetryTransport(policy: RetryPolicy, code: string | undefined): boolean {
	if (!code || policy === 'never') return false;
	if (NOT_SENT_CODES.includes(code)) return true;
	return policy === 'idempotent' && DROPPED_CODES.includes(code);
}

/** Retry-After in milliseconds (seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const raw = headers?.['retry-after'];
	if (raw === undefined || raw === null) return undefined;
	const text = String(raw).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoffMs(attempt: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	// "equal jitter": at least half the ceiling, so retries never stampede at once
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

function isCancelled(ctx: RequestContext): boolean {
	return 'getExecutionCancelSignal' in ctx && ctx.getExecutionCancelSignal()?.aborted === true;
}

function headerText(headers: IDataObject, name: string): string {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return typeof value === 'string' ? value : '';
}

async function readSome(stream: ByteStream, limit = 64 * 1024): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
			chunks.push(buffer);
			size += buffer.length;
			if (size >= limit) break;
		}
	} catch {
		// the body of an error answer is best effort
	}
	stream.destroy();
	return Buffer.concat(chunks).toString('utf8');
}

export class ApplianceClient {
	private secrets: string[] = [];

	constructor(
		private readonly ctx: RequestContext,
		readonly profile: ApplianceProfile,
	) {}

	async credentials(): Promise<IDataObject> {
		const credentials = (await this.ctx.getCredentials(this.profile.credentialType)) as IDataObject;
		this.secrets = secretValuesOf(credentials, this.profile.secretFields);
		return credentials;
	}

	/**
	 * Output items: secret-named fields are hidden. Credential values are not searched
	 * for in output, so that a short password can never mangle real data (a node named
	 * like the password); error texts, where vendors echo input, are masked by value too.
	 */
	redact<T>(value: T, keepFields?: string[]): T {
		return redact(value, [], keepFields);
	}

	/** Errors: secret-named fields hidden and every known secret value masked. */
	private redactError<T>(value: T): T {
		return redact(value, this.secrets);
	}

	private node() {
		return this.ctx.getNode();
	}

	/** An error the user reads: vendor message, code, target and what to do; no secrets. */
	apiError(
		status: number,
		body: unknown,
		request: ApplianceRequest,
		overrideMessage?: string,
	): NodeApiError {
		const vendor = this.profile.parseError(status, body);
		const message =
			overrideMessage ?? vendor?.message ?? `${this.profile.system} answered HTTP ${status}`;
		const details = [
			vendor?.code ? `${this.profile.system} error ${vendor.code}` : `HTTP ${status}`,
			vendor?.target ? `on "${vendor.target}"` : '',
		]
			.filter(Boolean)
			.join(' ');
		const description = `${details} (${request.method} ${this.pathOnly(request.path)}). ${this.profile.hint(status, vendor?.code)}`;
		const response: JsonObject = {
			httpCode: String(status),
			vendorCode: vendor?.code ?? null,
			target: vendor?.target ?? null,
			body: (typeof body === 'string' ? body.slice(0, 2000) : body) as JsonObject,
		};
		return new NodeApiError(this.node(), this.redactError(response), {
			message: redactText(message, this.secrets),
			description: redactText(description, this.secrets),
			httpCode: String(status),
			itemIndex: request.itemIndex,
		});
	}

	private pathOnly(path: string): string {
		try {
			return new URL(path, 'http://placeholder').pathname;
		} catch {
			return path;
		}
	}

	private transportError(
		code: string | undefined,
		request: ApplianceRequest,
		url: string,
		timeoutSeconds: number,
		attempts: number,
	) {
		const host = (() => {
			try {
				return new URL(url).host;
			} catch {
				return url;
			}
		})();
		const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
		let message: string;
		let hint: string;
		if (code === 'ETIMEDOUT') {
			message = `${this.profile.system} did not answer within ${timeoutSeconds} s`;
			hint =
				request.method === 'GET'
					? `The appliance at ${host} is slow or unreachable: check its load, or allow more time where the node offers a Timeout option.`
					: `The appliance at ${host} did not confirm the request, which may still have been carried out: check the appliance before running it again.`;
		} else if (code && UNREACHABLE_CODES.includes(code)) {
			message = `${this.profile.system} could not be reached at ${host}`;
			hint = `Nothing was sent (${code}): check the credential's Base URL (host name, DNS) and that n8n can route to it.`;
		} else if (code === 'ECONNREFUSED') {
			message = `${this.profile.system} refused the connection${tried}`;
			hint = `Nothing accepted the connection at ${host}: check the credential's Base URL and port, and that the service is running.`;
		} else if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
			message = `${this.profile.system}'s TLS certificate was not accepted (${code})`;
			hint = `The certificate at ${host} is not trusted by n8n. Install the CA in n8n, or enable "Ignore SSL Issues" in the credential if you accept the risk.`;
		} else {
			message = `The connection to ${this.profile.system} was lost${tried}`;
			hint = `${host} closed the connection before answering (${code ?? 'unknown cause'}). ${
				request.retry === 'never' || (!request.retry && request.method === 'POST')
					? 'The request was not repeated because it may have been carried out: check the appliance before running it again.'
					: 'Try again later.'
			}`;
		}
		return new NodeApiError(
			this.node(),
			{ transport: code ?? 'unknown', method: request.method, path: this.pathOnly(request.path) },
			{
				message: redactText(message, this.secrets),
				description: redactText(
					`${hint} (${request.method} ${this.pathOnly(request.path)})`,
					this.secrets,
				),
				itemIndex: request.itemIndex,
			},
		);
	}

	private cancelledError(request: ApplianceRequest) {
		return new NodeOperationError(this.node(), 'The execution was cancelled', {
			description: `Stopped before ${request.method} ${this.pathOnly(request.path)} completed.`,
			itemIndex: request.itemIndex,
		});
	}

	/**
	 * One call to the appliance: auth from the credential (through n8n's helper, so
	 * proxies and TLS settings apply), timeout, retries by policy, and vendor errors
	 * turned into NodeApiError. Answers 2xx only.
	 */
	async request<T = IDataObject>(request: ApplianceRequest): Promise<ApplianceResponse<T>> {
		const credentials = await this.credentials();
		// a password being set travels in the body: the appliance may echo it in an error
		this.secrets.push(...secretValuesIn(request.body));
		const base = this.profile.baseUrl(credentials);
		const url = this.targetUrl(base, request);
		const timeoutSeconds = request.timeout ?? DEFAULT_TIMEOUT_SECONDS;
		const policy = request.retry ?? defaultRetry(request.method);
		const expect = request.expect ?? 'json';

		for (let attempt = 0; ; attempt++) {
			if (isCancelled(this.ctx)) throw this.cancelledError(request);
			const options: IHttpRequestOptions = {
				method: request.method,
				url,
				qs: request.qs,
				headers: { ...(this.profile.headers ?? {}), ...(request.headers ?? {}) },
				body: request.body as IHttpRequestOptions['body'],
				json: expect === 'json',
				timeout: timeoutSeconds * 1000,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				skipSslCertificateValidation: credentials.ignoreSslIssues === true,
				encoding: expect === 'stream' ? 'stream' : undefined,
			};
			let response: IN8nHttpFullResponse;
			try {
				response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					this.profile.credentialType,
					options,
				)) as IN8nHttpFullResponse;
			} catch (error) {
				if (isCancelled(this.ctx)) throw this.cancelledError(request);
				const code = transportCode(error);
				if (attempt < MAX_RETRIES && code !== 'ETIMEDOUT' && shouldRetryTransport(policy, code)) {
					if (!(await pause(this.ctx, backoffMs(attempt)))) throw this.cancelledError(request);
					continue;
				}
				throw this.transportError(code, request, url, timeoutSeconds, attempt + 1);
			}

			const status = response.statusCode;
			const headers = (response.headers ?? {}) as IDataObject;
			if (status >= 200 && status < 300) {
				if (expect === 'stream') return { statusCode: status, headers, body: response.body as T };
				return {
					statusCode: status,
					headers,
					body: this.parseJson(response.body, headers, status, request) as T,
				};
			}

			const errorBody =
				expect === 'stream'
					? this.tryJson(await readSome(response.body as ByteStream))
					: this.tryJson(response.body);
			if (attempt < MAX_RETRIES && shouldRetryStatus(policy, status)) {
				const asked = retryAfterMs(headers);
				if (asked === undefined || asked <= RETRY_AFTER_CAP_MS) {
					if (!(await pause(this.ctx, Math.max(asked ?? 0, backoffMs(attempt))))) {
						throw this.cancelledError(request);
					}
					continue;
				}
			}
			throw this.apiError(status, errorBody, request);
		}
	}

	/**
	 * The URL to call: a path below the base URL, or an absolute URL the appliance handed
	 * out (a next link, a download link) on the very same origin. The credential is never
	 * sent anywhere else, whatever a response or a parameter says.
	 */
	private targetUrl(base: string, request: ApplianceRequest): string {
		let origin: string;
		try {
			const parsed = new URL(base);
			if (!/^https?:$/.test(parsed.protocol)) throw new Error('scheme');
			origin = parsed.origin;
		} catch {
			throw new NodeOperationError(
				this.node(),
				`The credential's Base URL "${redactText(base, this.secrets)}" is not a valid http(s) URL`,
				{
					description: `Set it to the ${this.profile.system} address, starting with https:// (or http://).`,
					itemIndex: request.itemIndex,
				},
			);
		}
		if (!/^[a-z][a-z0-9+.-]*:/i.test(request.path)) {
			return `${base}${request.path.startsWith('/') ? '' : '/'}${request.path}`;
		}
		let target: URL | undefined;
		try {
			target = new URL(request.path);
		} catch {
			target = undefined;
		}
		if (!target || target.origin !== origin) {
			throw new NodeOperationError(this.node(), `Refused to send the credential to another host`, {
				description: `${this.profile.system} pointed at "${this.pathOnly(request.path)}" on a host other than the credential's Base URL (${origin}); nothing was sent.`,
				itemIndex: request.itemIndex,
			});
		}
		return target.toString();
	}

	private tryJson(body: unknown): unknown {
		if (typeof body !== 'string') return body;
		try {
			return JSON.parse(body);
		} catch {
			return body;
		}
	}

	/** A 2xx answer must be JSON: an HTML login page or a proxy's text is an error, not data. */
	private parseJson(
		body: unknown,
		headers: IDataObject,
		status: number,
		request: ApplianceRequest,
	): unknown {
		if (body === undefined || body === null || body === '') return {};
		if (typeof body === 'object' && !Buffer.isBuffer(body)) return body;
		const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
		const contentType = headerText(headers, 'content-type');
		if (!/html/i.test(contentType) && !/^\s*</.test(text)) {
			try {
				return JSON.parse(text);
			} catch {
				// fall through to the error below
			}
		}
		const isHtml = /html/i.test(contentType) || /^\s*</.test(text);
		throw new NodeApiError(
			this.node(),
			{ contentType, body: redactText(text.slice(0, 500), this.secrets) },
			{
				message: isHtml
					? `${this.profile.system} answered with an HTML page instead of JSON`
					: `${this.profile.system} answered with something that is not JSON`,
				description: `HTTP ${status} ${contentType || 'without content type'} (${request.method} ${this.pathOnly(
					request.path,
				)}). This is usually a login page, a proxy or a wrong Base URL: check that the credential's Base URL points at the ${this.profile.system} API itself.`,
				httpCode: String(status),
				itemIndex: request.itemIndex,
			},
		);
	}
}
