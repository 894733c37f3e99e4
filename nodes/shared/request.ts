import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ErrorProfile, FailedCall, Refusals, RetryPolicy } from './errors';
import {
	asNodeError,
	ErrorFactory,
	mayRetryStatus,
	mayRetryTransport,
	transportCode,
} from './errors';
import { redactOutput, secretValuesIn, secretValuesOf } from './redaction';
import { checkCredentialFields, type CredentialField } from './validation';
import { pause } from './wait';

export type { RetryPolicy, VendorError } from './errors';

/** A response body read as a stream (Node's Readable; the `stream` module itself may not be imported here). */
export type ByteStream = AsyncIterable<Buffer | string> & {
	destroy(error?: Error): void;
	read(): Buffer | string | null;
	unshift(chunk: Buffer): void;
	once(event: string, listener: (...args: unknown[]) => void): unknown;
	off(event: string, listener: (...args: unknown[]) => void): unknown;
	readableEnded?: boolean;
};

/** Every n8n context a node runs requests from: a run, a list search, a polling trigger. */
export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** What the shared core needs to know about one appliance's API. */
export interface ApplianceProfile extends ErrorProfile {
	/** Credential type name, e.g. `netAppOntapApi`. */
	credentialType: string;
	/** Credential fields whose values are secrets and are masked wherever they would appear. */
	secretFields: string[];
	/** Scheme, host and optional prefix that request paths are appended to. */
	baseUrl(credentials: IDataObject): string;
	/** Headers sent with every call, fixed or built from the credential (an API version, an agent ID). */
	headers?: IDataObject | ((credentials: IDataObject) => IDataObject);
	/**
	 * The credential's hidden expirable token, refreshed by its `preAuthentication`. When set,
	 * a 401 fetches a new token once and repeats the call once.
	 */
	accessTokenField?: string;
	/**
	 * Credential fields checked before the first call (and so before any token request): a
	 * bad value is refused with an error naming the field, and nothing is sent.
	 */
	credentialFields?: CredentialField[];
}

export interface ApplianceRequest<T = unknown> {
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
	/**
	 * With `expect: 'stream'`: reads the body inside the retry loop, so a transfer that
	 * breaks off is fetched again under the same retry policy and budget.
	 */
	consume?: (body: ByteStream, headers: IDataObject) => Promise<T>;
	/** what this call's documented refusals mean (vendor codes mean different things per call) */
	refusals?: Refusals;
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

function defaultRetry(method: IHttpRequestMethods): RetryPolicy {
	if (method === 'GET' || method === 'HEAD') return 'idempotent';
	if (method === 'DELETE') return 'notProcessed';
	return 'never';
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

/** The HTTP status inside an error n8n threw, e.g. from a credential's token request. */
function httpStatusOf(error: unknown): number | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { response, httpCode } = current as {
			response?: { status?: unknown };
			httpCode?: unknown;
		};
		if (typeof response?.status === 'number') return response.status;
		if (typeof httpCode === 'string' && /^\d{3}$/.test(httpCode)) return Number(httpCode);
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The URL of the request an error (or its cause) is about, as the HTTP client saw it. */
function requestUrlOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const url = (current as { config?: { url?: unknown } }).config?.url;
		if (typeof url === 'string') return url;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function isStream(body: unknown): body is ByteStream {
	return (
		body !== null &&
		typeof body === 'object' &&
		!Buffer.isBuffer(body) &&
		typeof (body as { pipe?: unknown }).pipe === 'function'
	);
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

function tryJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/**
 * The one HTTP client of every node: auth from the credential through n8n's helper (so
 * proxies and TLS settings apply), a token refreshed once on 401, timeouts, retries by
 * policy, vendor errors as NodeApiError and no secret in anything a user reads. It works
 * the same from a run, a list search and a polling trigger.
 */
export class ApplianceClient {
	private secrets: string[] = [];
	private cached: IDataObject | undefined;
	private checked = false;
	readonly errors: ErrorFactory;

	constructor(
		private readonly ctx: RequestContext,
		readonly profile: ApplianceProfile,
	) {
		this.errors = new ErrorFactory(ctx.getNode(), profile, () => this.secrets);
	}

	/** Credential fields whose values are secrets: the profile's, and the token it renews. */
	private tokenFields(): string[] {
		const { secretFields, accessTokenField } = this.profile;
		return accessTokenField ? [...secretFields, accessTokenField] : secretFields;
	}

	/** The credential, read once per client (n8n decrypts it on every read). */
	async credentials(itemIndex?: number): Promise<IDataObject> {
		if (!this.cached) {
			const read = this.ctx.getCredentials as (type: string, itemIndex?: number) => Promise<object>;
			const credentials = (await read.call(
				this.ctx,
				this.profile.credentialType,
				'getInputData' in this.ctx ? (itemIndex ?? 0) : undefined,
			)) as IDataObject;
			this.secrets = [...this.secrets, ...secretValuesOf(credentials, this.tokenFields())];
			this.cached = credentials;
		}
		return this.cached;
	}

	/** Values this client must mask wherever they would appear, e.g. a password inside a multipart body. */
	maskAlso(...values: string[]): void {
		this.secrets.push(...values.filter((value) => value.length >= 4));
	}

	/**
	 * Output items: secret-named fields are hidden, and long secret values (tokens) masked
	 * where a vendor echoes them. Short values such as a password are not searched for in
	 * output, so they can never mangle real data (a node named like the password); error
	 * texts, where vendors echo input, are masked by every value.
	 */
	redact<T>(value: T, keepFields?: string[]): T {
		return redactOutput(value, keepFields, this.secrets);
	}

	/** A call (2xx answers only), its body read as JSON or handed to `consume`. */
	async request<T = IDataObject>(request: ApplianceRequest<T>): Promise<ApplianceResponse<T>> {
		const credentials = await this.credentials(request.itemIndex);
		// a password being set travels in the body: the appliance may echo it in an error
		if (request.body && !Buffer.isBuffer(request.body) && !isStream(request.body)) {
			this.secrets.push(...secretValuesIn(request.body));
		}
		const base = this.profile.baseUrl(credentials);
		const url = this.targetUrl(base, request);
		if (!this.checked) {
			const fields = this.profile.credentialFields ?? [];
			checkCredentialFields(this.ctx.getNode(), credentials, fields, request.itemIndex);
			this.checked = true;
		}
		const timeoutSeconds = request.timeout ?? DEFAULT_TIMEOUT_SECONDS;
		const policy =
			request.retry ?? (isStream(request.body) ? 'never' : defaultRetry(request.method));
		const call: FailedCall = {
			method: request.method,
			path: request.path,
			retry: policy,
			itemIndex: request.itemIndex,
			refusals: request.refusals,
		};
		const expect = request.expect ?? 'json';
		const fixedHeaders =
			typeof this.profile.headers === 'function'
				? this.profile.headers(credentials)
				: this.profile.headers;
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			qs: request.qs,
			headers: { ...fixedHeaders, ...request.headers },
			body: request.body as IHttpRequestOptions['body'],
			json: expect === 'json',
			timeout: timeoutSeconds * 1000,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			encoding: expect === 'stream' ? 'stream' : undefined,
			// a redirect would carry the credential (and a body) somewhere the user never named,
			// and n8n would buffer a streamed body to be able to resend it
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		let refreshed = false;

		for (let attempt = 0; ; attempt++) {
			if (isCancelled(this.ctx)) throw this.errors.cancelled(call);
			let response: IN8nHttpFullResponse;
			try {
				const current = await this.credentials(request.itemIndex);
				response = await this.send(options, current, refreshed && attempt === 0);
			} catch (error) {
				if (isCancelled(this.ctx)) throw this.errors.cancelled(call);
				// our own call ignores HTTP errors: a status here comes from the credential's token
				// request, unless the error is about our own URL (an answer cut off mid-body)
				if (
					this.profile.accessTokenField &&
					httpStatusOf(error) !== undefined &&
					requestUrlOf(error) !== url
				) {
					throw this.errors.tokenRefreshFailed(error, call);
				}
				const code = transportCode(error);
				if (attempt < MAX_RETRIES && mayRetryTransport(policy, code)) {
					if (!(await pause(this.ctx, backoffMs(attempt)))) throw this.errors.cancelled(call);
					continue;
				}
				throw this.errors.transport(code, call, url, timeoutSeconds, attempt + 1);
			}

			const status = response.statusCode;
			const headers = (response.headers ?? {}) as IDataObject;
			if (status >= 200 && status < 300) {
				if (expect === 'json') {
					return { statusCode: status, headers, body: this.parseJson(response, call) as T };
				}
				const stream = response.body as ByteStream;
				if (!request.consume) return { statusCode: status, headers, body: stream as T };
				try {
					return { statusCode: status, headers, body: await request.consume(stream, headers) };
				} catch (error) {
					stream.destroy();
					// a refusal by the reader (a login page posing as the file) is final
					if (error instanceof NodeApiError || error instanceof NodeOperationError) {
						throw asNodeError(this.ctx.getNode(), error);
					}
					const code = transportCode(error) ?? 'ERR_STREAM_PREMATURE_CLOSE';
					if (attempt < MAX_RETRIES && mayRetryTransport(policy, code)) {
						if (!(await pause(this.ctx, backoffMs(attempt)))) throw this.errors.cancelled(call);
						continue;
					}
					throw this.errors.transport(code, call, url, timeoutSeconds, attempt + 1);
				}
			}

			const errorBody =
				expect === 'stream'
					? tryJson(await readSome(response.body as ByteStream))
					: tryJson(response.body);
			if (status >= 300 && status < 400) {
				throw this.errors.redirected(status, headerText(headers, 'location'), call);
			}
			if (status === 401 && this.profile.accessTokenField) {
				if (refreshed || isStream(request.body)) {
					throw this.errors.authenticationFailed(status, errorBody, call);
				}
				// the token may have expired: n8n fetches a new one when the stored one is empty
				refreshed = true;
				attempt = -1;
				continue;
			}
			if (attempt < MAX_RETRIES && mayRetryStatus(policy, status)) {
				const asked = retryAfterMs(headers);
				if (asked === undefined || asked <= RETRY_AFTER_CAP_MS) {
					if (!(await pause(this.ctx, Math.max(asked ?? 0, backoffMs(attempt))))) {
						throw this.errors.cancelled(call);
					}
					continue;
				}
			}
			throw this.errors.api(status, errorBody, call);
		}
	}

	/**
	 * One HTTP exchange through n8n, handing it the credential this client already read
	 * (n8n would otherwise decrypt it once more for every call). With `expired`, the token
	 * is emptied: that is how n8n recognises a token to renew, so it runs the credential's
	 * `preAuthentication` first and stores the new token.
	 */
	private async send(
		options: IHttpRequestOptions,
		credentials: IDataObject,
		expired: boolean,
	): Promise<IN8nHttpFullResponse> {
		const tokenField = this.profile.accessTokenField;
		const ref = this.ctx.getNode().credentials?.[this.profile.credentialType];
		const data = expired && tokenField ? { ...credentials, [tokenField]: '' } : credentials;
		const additional: IAdditionalCredentialOptions = {
			credentialsDecrypted: {
				id: ref?.id ?? '',
				name: ref?.name ?? '',
				type: this.profile.credentialType,
				data: data as ICredentialDataDecryptedObject,
			},
		};
		try {
			return (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.profile.credentialType,
				{ ...options },
				additional,
			)) as IN8nHttpFullResponse;
		} finally {
			// n8n wrote the renewed token into `data`: later calls use it, and errors mask it
			if (expired) {
				this.cached = data;
				this.secrets.push(...secretValuesOf(data, this.tokenFields()));
			}
		}
	}

	/**
	 * The URL to call: a path below the base URL, or an absolute URL the appliance handed
	 * out (a next link, a download link) on the very same origin. The credential is never
	 * sent anywhere else, whatever a response or a parameter says.
	 */
	private targetUrl(base: string, request: ApplianceRequest<unknown>): string {
		let origin: string;
		try {
			const parsed = new URL(base);
			if (!/^https?:$/.test(parsed.protocol)) throw new Error('scheme');
			origin = parsed.origin;
		} catch {
			throw this.errors.invalidBaseUrl(base, request.itemIndex);
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
			throw this.errors.refusedOrigin(request.path, origin, request.itemIndex);
		}
		return target.toString();
	}

	/** A 2xx answer must be JSON: an HTML login page or a proxy's text is an error, not data. */
	private parseJson(response: IN8nHttpFullResponse, call: FailedCall): unknown {
		const body: unknown = response.body;
		if (body === undefined || body === null || body === '') return {};
		if (typeof body === 'object' && !Buffer.isBuffer(body)) return body;
		const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
		const contentType = headerText((response.headers ?? {}) as IDataObject, 'content-type');
		if (!/html/i.test(contentType) && !/^\s*</.test(text)) {
			try {
				return JSON.parse(text);
			} catch {
				// fall through to the error below
			}
		}
		throw this.errors.notJson(text, contentType, response.statusCode, call);
	}
}
