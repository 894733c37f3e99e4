import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { JobKind } from '../shared/jobs';
import type { ApplianceProfile, ApplianceRequest, RequestContext } from '../shared/request';
import { ApplianceClient } from '../shared/request';
import { basicAuthCredentialFields } from '../shared/validation';

export const SYSTEM = 'SAP Cloud Connector';

/** Error types the Cloud Connector sends in `{ type, message }`, with what to do. */
const TYPE_HINTS: Record<string, string> = {
	INVALID_REQUEST: 'The Cloud Connector refused the request as invalid: check the parameters.',
	NOT_FOUND:
		'It does not exist: check the region host and subaccount (list them with Subaccount > Get Many).',
	ILLEGAL_STATE: 'The Cloud Connector is not in a state that allows this: check its UI.',
	INVALID_CONFIGURATION: 'The Cloud Connector configuration does not allow this: check its UI.',
	RUNTIME_FAILURE:
		'The Cloud Connector failed while doing it: check its log (Log and Trace Files in its UI).',
};

function statusHint(status: number): string {
	if (status === 401)
		return 'Check the username and password of the credential: the user needs the Administrator role.';
	if (status === 403)
		return 'The Cloud Connector refused this: on a shadow instance, run it against the master instead; a new installation must have its initial password changed first.';
	if (status === 404)
		return 'It does not exist: check the region host and subaccount, or the Base URL.';
	if (status === 409)
		return 'Someone holds a lock in the Cloud Connector UI: wait until they are done, then try again.';
	if (status === 429 || status === 503) return 'The Cloud Connector is busy: try again later.';
	if (status >= 500)
		return 'The Cloud Connector could not process the call: check its log (Log and Trace Files in its UI).';
	return 'Check the parameters of the node.';
}

/** `https://scc:8443/` and `https://scc:8443` mean the same connector. */
export function sapBaseUrl(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/**
 * The connector a Base URL points at, as `scheme://host:port`: the host in lower case, the
 * port always written (the scheme's own when the Base URL names none: that is where the
 * request goes), no path, no user info, nothing secret. Two Base URLs written differently
 * for one connector (a trailing slash, an upper-case host, `:443` written or left out) give
 * the same address; undefined when it is no http(s) URL.
 */
export function connectorAddress(baseUrl: unknown): string | undefined {
	if (typeof baseUrl !== 'string') return undefined;
	let url: URL;
	try {
		url = new URL(baseUrl.trim());
	} catch {
		return undefined;
	}
	if (!/^https?:$/.test(url.protocol) || !url.hostname) return undefined;
	const host = url.hostname.toLowerCase().replace(/\.$/, '');
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	return `${url.protocol}//${host}:${port}`;
}

export const sapProfile: ApplianceProfile = {
	credentialType: 'sapCloudConnectorApi',
	system: SYSTEM,
	secretFields: ['password'],
	baseUrl: sapBaseUrl,
	credentialFields: basicAuthCredentialFields,
	headers: { Accept: 'application/json' },
	parseError(_status, body) {
		const error = body as { type?: unknown; message?: unknown } | undefined;
		if (!error || typeof error !== 'object' || typeof error.message !== 'string') return undefined;
		return {
			message: error.message,
			code: typeof error.type === 'string' ? error.type : undefined,
		};
	},
	hint(status, vendorCode) {
		// 401, 403 and 409 mean the same whatever type comes with them (the type differs by page)
		if ([401, 403, 409].includes(status)) return statusHint(status);
		return (vendorCode && TYPE_HINTS[vendorCode]) || statusHint(status);
	},
};

export function sapClient(ctx: RequestContext): ApplianceClient {
	return new ApplianceClient(ctx, sapProfile);
}

export async function sapRequest<T = IDataObject>(
	ctx: RequestContext,
	request: ApplianceRequest<T>,
): Promise<T> {
	const client = sapClient(ctx);
	const response = await client.request<T>(request);
	return client.redact(response.body);
}

/** A path segment (region hosts and subaccount IDs are used as such). */
export function segment(value: string): string {
	return encodeURIComponent(value);
}

export const VERSION_PATH = '/api/v1/connector/version';

/** A connector that answers this long after the restore without having gone down has restarted already. */
export const RESTART_GRACE_SECONDS = 30;

/**
 * The connector restarting after a restore (the ref is when the restore was accepted, ISO).
 * It first stops answering, then answers the version endpoint again: each look is sent once
 * and an outage counts as "still restarting". A connector that never seems to go down
 * counts as back once the grace period since the restore has passed (its restart was
 * quicker than one poll).
 */
export const connectorRestart: JobKind<string> = {
	label: () => `${SYSTEM} to restart`,
	// a restore answers 204 and nothing else: the restart is known by when it was accepted
	refOf: () => new Date().toISOString(),
	look: () => ({ method: 'GET', path: VERSION_PATH, timeout: 10 }),
	// the version answer is `{version}`; anything else that is not an error still means "answering"
	recordOf: (answer) =>
		answer && typeof answer === 'object' && !Array.isArray(answer)
			? (answer as IDataObject)
			: { answer: answer as IDataObject[keyof IDataObject] },
	judge(_record, _ref, watch) {
		if (watch.wentDown) return { outcome: 'succeeded', state: 'answering again' };
		if (Date.now() - watch.startedAt >= RESTART_GRACE_SECONDS * 1000)
			return { outcome: 'succeeded', state: 'answering (no downtime seen)' };
		return { outcome: 'running', state: 'answering, restart not seen yet' };
	},
	outageTolerant: true,
	checkWith: () =>
		'Connector > Get Version (or on its host: service scc_daemon and the Cloud Connector log)',
	startedNote: () =>
		'Check that the Cloud Connector is back (Connector > Get Version, or service scc_daemon on its host) before restoring again.',
	uncertainStart:
		'The upload may have reached the Cloud Connector: if it did, the connector is restarting with the restored configuration. Check whether it restarted (Connector > Get Version, or its UI) before restoring again.',
	explainWaitError: (error) =>
		error instanceof NodeApiError && error.httpCode === '401'
			? 'The Cloud Connector came back after the restore but refused the credential: the restored configuration may have another Administrator password. Update the credential.'
			: 'The restore itself was accepted.',
};
