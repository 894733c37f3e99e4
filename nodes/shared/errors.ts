import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redact, redactText } from './redaction';

/**
 * When a failed call may be sent again:
 * - `idempotent`: sending it twice has the effect of sending it once (GET, and
 *   calls the vendor documents as idempotent), so any transient fault is retried;
 * - `notProcessed`: only faults that prove the appliance did not act on it
 *   (429, 503, connection refused) are retried, e.g. a DELETE;
 * - `never`: a POST that creates something, or a body that can be read only once.
 */
export type RetryPolicy = 'idempotent' | 'notProcessed' | 'never';

/** A vendor's error body, read by the system's profile: any system's code, message and details. */
export interface VendorError {
	message: string;
	code?: string;
	/** the field or object the error is about (ONTAP's `target`) */
	target?: string;
	/** further text the vendor gives (QRadar's `description`, BlueXP's `details`) */
	details?: string;
}

/** 502, 503, 504: a gateway or the appliance itself is (re)starting or overloaded. */
export const TRANSIENT_STATUS = [502, 503, 504];
/** The connection was refused, reset or closed before the whole answer came. */
export const TRANSIENT_CODES = [
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ERR_BAD_RESPONSE',
	'ERR_STREAM_PREMATURE_CLOSE',
];
/** Codes that prove nothing reached the appliance. */
export const NOT_SENT_CODES = ['ECONNREFUSED'];
/** The host could not be reached at all: nothing was sent. */
const UNREACHABLE_CODES = [
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_INVALID_URL',
];

/** Network-level cause of a failed call: the Node.js / axios error code, if any. */
export function transportCode(error: unknown): string | undefined {
	const timedOut = (code: string, message: unknown) =>
		(code === 'ERR_BAD_RESPONSE' || code === 'ECONNABORTED') &&
		typeof message === 'string' &&
		/timeout/i.test(message);
	let fromHttpCode: string | undefined;
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, message, httpCode } = current as {
			code?: unknown;
			message?: unknown;
			httpCode?: unknown;
		};
		if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{3,}$/.test(code)) {
			// axios reports a timeout as a generic bad response or an abort
			return timedOut(code, message) ? 'ETIMEDOUT' : code;
		}
		if (typeof message === 'string' && /^(aborted|socket hang up)$/i.test(message)) {
			return 'ECONNRESET';
		}
		// n8n 1.x keeps no cause on the NodeApiError it makes of a network error: the Node.js
		// code survives only as its httpCode (e.g. "ECONNREFUSED", "DEPTH_ZERO_SELF_SIGNED_CERT"); used
		// when nothing deeper says
		if (!fromHttpCode && typeof httpCode === 'string' && /^[A-Z][A-Z0-9_]{3,}$/.test(httpCode)) {
			fromHttpCode = timedOut(httpCode, message) ? 'ETIMEDOUT' : httpCode;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return fromHttpCode;
}

/**
 * The one predicate for "this may clear up by itself": refused or reset connections, a
 * socket closed mid-answer, 502/503/504. Request retries and outage-tolerant waits use it.
 * Works on raw transport errors and on the errors the client throws.
 */
export function isTransientFailure(error: unknown): boolean {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const transport = error.context?.transport;
		if (typeof transport === 'string') return TRANSIENT_CODES.includes(transport);
		const status = Number((error as NodeApiError).httpCode);
		return TRANSIENT_STATUS.includes(status);
	}
	const code = transportCode(error);
	return code !== undefined && TRANSIENT_CODES.includes(code);
}

/** Whether a call that got no answer may still have reached the appliance (not refused, not unreachable, not TLS). */
export function mayHaveArrived(error: unknown): boolean {
	const code =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error.context?.transport
			: transportCode(error);
	if (typeof code !== 'string') return false;
	return (
		!NOT_SENT_CODES.includes(code) &&
		!UNREACHABLE_CODES.includes(code) &&
		!/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)
	);
}

/** Whether a failed answer may be sent again under `policy`. 429 counts too: the appliance asked for it. */
export function mayRetryStatus(policy: RetryPolicy, status: number): boolean {
	if (policy === 'idempotent') return status === 429 || TRANSIENT_STATUS.includes(status);
	if (policy === 'notProcessed') return status === 429 || status === 503;
	return false;
}

/** Whether a failed connection may be tried again under `policy` (never after a timeout). */
export function mayRetryTransport(policy: RetryPolicy, code: string | undefined): boolean {
	if (!code || code === 'ETIMEDOUT' || policy === 'never') return false;
	if (NOT_SENT_CODES.includes(code)) return true;
	return policy === 'idempotent' && TRANSIENT_CODES.includes(code);
}

/** What one documented refusal means on one call: said instead of the generic status hint. */
export interface Refusal {
	/** replaces the vendor's message (which then follows in the description) */
	message?: string;
	hint: string;
}

/** A call's documented refusals, by vendor code or by `HTTP <status>`. */
export type Refusals = Record<string, Refusal>;

/** What errors need to know about the call that failed. */
export interface FailedCall {
	method: string;
	path: string;
	retry: RetryPolicy;
	itemIndex?: number;
	refusals?: Refusals;
}

/** What errors need to know about the system. */
export interface ErrorProfile {
	system: string;
	parseError(status: number, body: unknown): VendorError | undefined;
	hint(status: number, vendorCode?: string): string;
}

export function pathOnly(path: string): string {
	try {
		return new URL(path, 'http://placeholder').pathname;
	} catch {
		return path;
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** What to check after a call that may or may not have reached the appliance. */
function uncertainOutcome(call: FailedCall, host: string): string {
	if (call.retry === 'idempotent')
		return `It was tried again as far as is safe for a read: try again later, and check ${host} if it keeps happening.`;
	return `The request was not repeated because it may have been carried out: check ${host} before running it again.`;
}

/**
 * The message of the error that started it all: n8n wraps what a credential's
 * `preAuthentication` throws in a generic "Forbidden - perhaps check your credentials?",
 * while the credential's own words say which field to fix.
 */
function originalMessage(error: unknown): string {
	let message = error instanceof Error ? error.message : String(error);
	let current: unknown = error;
	for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
		const next: unknown =
			(current as { cause?: unknown }).cause ??
			(current as { errorResponse?: unknown }).errorResponse;
		if (next instanceof Error && next.message) message = next.message;
		current = next;
	}
	return message.replace(/[.\s]+$/, '');
}

/** Builds the errors a user reads; every text is masked with the secrets it is given. */
export class ErrorFactory {
	constructor(
		readonly node: INode,
		private readonly profile: ErrorProfile,
		private readonly secrets: () => string[],
	) {}

	private mask(text: string): string {
		return redactText(text, this.secrets());
	}

	/** An answer outside 2xx: the vendor's message, code, target and details, and what to do. */
	api(status: number, body: unknown, call: FailedCall, overrideMessage?: string): NodeApiError {
		const { system } = this.profile;
		const vendor = this.profile.parseError(status, body);
		const message = overrideMessage ?? vendor?.message ?? `${system} answered HTTP ${status}`;
		const where = [
			vendor?.code ? `${system} error ${vendor.code}` : `HTTP ${status}`,
			vendor?.target ? `on "${vendor.target}"` : '',
		]
			.filter(Boolean)
			.join(' ');
		const details = vendor?.details && vendor.details !== message ? ` ${vendor.details}.` : '';
		const context = `${where} (${call.method} ${pathOnly(call.path)}).${details}`;
		const refusal =
			(vendor?.code !== undefined ? call.refusals?.[vendor.code] : undefined) ??
			call.refusals?.[`HTTP ${status}`];
		let shown = message;
		let description = `${context} ${this.profile.hint(status, vendor?.code)}`;
		if (refusal && overrideMessage === undefined) {
			// the call's own meaning first, then the vendor's words, code and call
			const said = (vendor?.message ?? `${system} answered HTTP ${status}`).replace(/[.\s]+$/, '');
			shown = refusal.message ?? message;
			description = `${refusal.hint} ${system} said: "${said}". ${context}`;
		}
		const response: JsonObject = {
			httpCode: String(status),
			vendorCode: vendor?.code ?? null,
			target: vendor?.target ?? null,
			body: (typeof body === 'string' ? body.slice(0, 2000) : body) as JsonObject,
		};
		return new NodeApiError(this.node, redact(response, this.secrets()), {
			message: this.mask(shown),
			description: this.mask(description),
			httpCode: String(status),
			itemIndex: call.itemIndex,
		});
	}

	/** A call that got no answer: the hint follows the retry policy that actually applied. */
	transport(
		code: string | undefined,
		call: FailedCall,
		url: string,
		timeoutSeconds: number,
		attempts: number,
	): NodeApiError {
		const { system } = this.profile;
		const host = hostOf(url);
		const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
		let message: string;
		let hint: string;
		if (code === 'ETIMEDOUT') {
			message = `${system} did not answer within ${timeoutSeconds} s`;
			hint =
				call.method === 'GET'
					? `The appliance at ${host} is slow or unreachable: check its load, or allow more time with the node's Request Timeout option.`
					: `The appliance at ${host} did not confirm the request, which may still have been carried out: check the appliance before running it again.`;
		} else if (code && UNREACHABLE_CODES.includes(code)) {
			message = `${system} could not be reached at ${host}`;
			hint = `Nothing was sent (${code}): check the credential's Base URL (host name, DNS) and that n8n can route to it.`;
		} else if (code === 'ECONNREFUSED') {
			message = `${system} refused the connection${tried}`;
			hint = `Nothing accepted the connection at ${host}, so nothing was sent: check the credential's Base URL and port, and that the service is running.`;
		} else if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
			message = `${system}'s TLS certificate was not accepted (${code})`;
			hint = `The certificate at ${host} is not trusted by n8n. Install the CA in n8n, or enable "Ignore SSL Issues" in the credential if you accept the risk.`;
		} else {
			message = `The connection to ${system} was lost${tried}`;
			hint = `${host} closed the connection before answering (${code ?? 'unknown cause'}). ${uncertainOutcome(call, host)}`;
		}
		const error = new NodeApiError(
			this.node,
			{ transport: code ?? 'unknown', method: call.method, path: pathOnly(call.path) },
			{
				message: this.mask(message),
				description: this.mask(`${hint} (${call.method} ${pathOnly(call.path)})`),
				itemIndex: call.itemIndex,
			},
		);
		// what `isTransientFailure` reads
		error.context.transport = code ?? 'unknown';
		return error;
	}

	/** A 2xx answer that is not what was asked for: an HTML login page, a proxy's text. */
	notJson(body: string, contentType: string, status: number, call: FailedCall): NodeApiError {
		const { system } = this.profile;
		const isHtml = /html/i.test(contentType) || /^\s*</.test(body);
		return new NodeApiError(
			this.node,
			{ contentType, body: this.mask(body.slice(0, 500)) },
			{
				message: isHtml
					? `${system} answered with an HTML page instead of JSON`
					: `${system} answered with something that is not JSON`,
				description: `HTTP ${status} ${contentType || 'without content type'} (${call.method} ${pathOnly(
					call.path,
				)}). This is usually a login page, a proxy or a wrong Base URL: check that the credential's Base URL points at the ${system} API itself.`,
				httpCode: String(status),
				itemIndex: call.itemIndex,
			},
		);
	}

	/** A redirect is never followed: it is reported with where it pointed (host and path only). */
	redirected(status: number, location: string, call: FailedCall): NodeApiError {
		const target = (() => {
			try {
				const url = new URL(location, 'http://placeholder');
				return url.host === 'placeholder' ? url.pathname : `${url.host}${url.pathname}`;
			} catch {
				return 'an unreadable location';
			}
		})();
		return new NodeApiError(
			this.node,
			{ httpCode: String(status), location: this.mask(target) },
			{
				message: `${this.profile.system} answered with a redirect (HTTP ${status}) to ${this.mask(target)}`,
				description: `Redirects are not followed, so neither the credential nor any data went there (${call.method} ${pathOnly(call.path)}). Check the credential's Base URL (https:// and port) and whether a proxy or load balancer stands in front of the appliance.`,
				httpCode: String(status),
				itemIndex: call.itemIndex,
			},
		);
	}

	/** A second 401 right after a fresh token: the credential itself is wrong. */
	authenticationFailed(status: number, body: unknown, call: FailedCall): NodeApiError {
		return this.api(
			status,
			body,
			call,
			`Authentication with ${this.profile.system} failed, even with a freshly issued token`,
		);
	}

	/** The token could not be obtained at all. */
	tokenRefreshFailed(cause: unknown, call: FailedCall): NodeApiError {
		const reason = originalMessage(cause);
		return new NodeApiError(
			this.node,
			{ method: call.method, path: pathOnly(call.path) },
			{
				message: `Authentication with ${this.profile.system} failed: no new access token could be obtained`,
				description: this.mask(
					`${reason}. Check the credential (refresh token, client ID and secret, token URL), then run again. (${call.method} ${pathOnly(call.path)})`,
				),
				httpCode: '401',
				itemIndex: call.itemIndex,
			},
		);
	}

	cancelled(call: FailedCall): NodeOperationError {
		return new NodeOperationError(this.node, 'The execution was cancelled', {
			description: `Stopped before ${call.method} ${pathOnly(call.path)} completed.`,
			itemIndex: call.itemIndex,
		});
	}

	refusedOrigin(target: string, origin: string, itemIndex?: number): NodeOperationError {
		return new NodeOperationError(this.node, 'Refused to send the credential to another host', {
			description: `${this.profile.system} pointed at "${pathOnly(target)}" on a host other than the credential's Base URL (${origin}); nothing was sent.`,
			itemIndex,
		});
	}

	invalidBaseUrl(base: string, itemIndex?: number): NodeOperationError {
		return new NodeOperationError(
			this.node,
			`The credential's Base URL "${this.mask(base)}" is not a valid http(s) URL`,
			{
				description: `Credential field "baseUrl" was refused before anything was sent to the appliance. Set it to the ${this.profile.system} address, starting with https:// (or http://).`,
				itemIndex,
			},
		);
	}
}

/** Rethrows n8n errors unchanged and wraps anything else, so callers see one kind of error. */
export function asNodeError(node: INode, error: unknown, itemIndex?: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}
