import type { IDataObject } from 'n8n-workflow';

import { asNodeError, isTransientFailure } from '../shared/errors';
import type { ApplianceProfile, ApplianceRequest, RequestContext } from '../shared/request';
import { ApplianceClient } from '../shared/request';
import type { PollResult } from '../shared/wait';

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

export const sapProfile: ApplianceProfile = {
	credentialType: 'sapCloudConnectorApi',
	system: SYSTEM,
	secretFields: ['password'],
	baseUrl: sapBaseUrl,
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

/** What the wait for a restarting connector has seen. */
export interface RestartWatch {
	wentDown: boolean;
	downSince?: string;
	backAt?: string;
	version?: string;
}

/**
 * One look at a connector that should be restarting: it first stops answering, then
 * answers the version endpoint again. A connector that never seems to go down counts as
 * back once `graceMs` have passed (its restart was quicker than one poll).
 */
export function restartPoll(
	ctx: RequestContext,
	watch: RestartWatch,
	startedAt: number,
	graceMs: number,
): () => Promise<PollResult<RestartWatch>> {
	return async () => {
		try {
			const answer = await sapRequest<IDataObject>(ctx, {
				method: 'GET',
				path: VERSION_PATH,
				// each poll is one look: the wait itself rides out the outage
				retry: 'never',
				timeout: 10,
			});
			if (!watch.wentDown && Date.now() - startedAt < graceMs) {
				return { done: false, state: 'answering, restart not seen yet', value: watch };
			}
			watch.backAt = new Date().toISOString();
			watch.version = typeof answer.version === 'string' ? answer.version : undefined;
			return { done: true, state: 'answering again', value: watch };
		} catch (error) {
			if (!isTransientFailure(error)) throw asNodeError(ctx.getNode(), error);
			if (!watch.wentDown) {
				watch.wentDown = true;
				watch.downSince = new Date().toISOString();
			}
			return { done: false, state: 'restarting (not answering)', value: watch };
		}
	};
}
