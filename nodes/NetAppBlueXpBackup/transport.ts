import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { bluexpAgentId } from '../../credentials/NetAppBlueXpApi.credentials';
import { asNodeError } from '../shared/errors';
import type { PagingStrategy } from '../shared/paging';
import { singlePage } from '../shared/paging';
import type { ApplianceProfile, ApplianceRequest, RequestContext } from '../shared/request';
import { ApplianceClient } from '../shared/request';
import { jsonItems } from '../shared/router';
import type { WaitSettings } from '../shared/wait';
import { waitForCompletion } from '../shared/wait';

export const SYSTEM = 'BlueXP backup and recovery';

export const DEFAULT_HOST = 'https://api.bluexp.netapp.com';

/** `https://api.bluexp.netapp.com/account/{accountId}/providers/cloudmanager_cbs/api` */
export function bluexpBaseUrl(credentials: IDataObject): string {
	const host = String(credentials.baseUrl || DEFAULT_HOST)
		.trim()
		.replace(/\/+$/, '');
	const account = encodeURIComponent(String(credentials.accountId ?? '').trim());
	return `${host}/account/${account}/providers/cloudmanager_cbs/api`;
}

function statusHint(status: number): string {
	if (status === 400) return 'BlueXP refused the request as malformed: check the parameters.';
	if (status === 401)
		return 'Check the credential: the refresh token or service account may have been revoked.';
	if (status === 403)
		return 'The user or service account lacks permission here, or the Account ID or Connector ID of the credential is wrong.';
	if (status === 404)
		return 'It does not exist: check the working environment, volume, snapshot or job ID, and the Account ID of the credential.';
	if (status === 429 || status === 503) return 'BlueXP is busy: try again later.';
	if (status >= 500)
		return 'BlueXP or the Connector could not process the call: check that the Connector is running, then try again.';
	return 'Check the parameters of the node.';
}

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

export const bluexpProfile: ApplianceProfile = {
	credentialType: 'netAppBlueXpApi',
	system: SYSTEM,
	secretFields: ['refreshToken', 'clientSecret'],
	accessTokenField: 'accessToken',
	baseUrl: bluexpBaseUrl,
	headers: (credentials) => ({
		Accept: 'application/json',
		'x-agent-id': bluexpAgentId(credentials),
	}),
	/** BlueXP answers `{message}` (sometimes with `code`, `error`, `details`), or plain text. */
	parseError(_status, body) {
		if (typeof body === 'string') {
			const text = body.trim();
			return text && !text.startsWith('<') ? { message: text.slice(0, 500) } : undefined;
		}
		if (!body || typeof body !== 'object') return undefined;
		const error = body as IDataObject;
		const nested =
			error.error && typeof error.error === 'object' ? (error.error as IDataObject) : undefined;
		const message =
			textOf(error.message) ??
			textOf(nested?.message) ??
			textOf(error.error) ??
			textOf(error.errorMessage);
		if (!message) return undefined;
		const code = error.code ?? nested?.code ?? error.errorCode;
		const details = error.details ?? error.causeMessage;
		return {
			message,
			code: code === undefined || code === null ? undefined : String(code),
			details:
				typeof details === 'string'
					? details
					: details
						? JSON.stringify(details).slice(0, 500)
						: undefined,
		};
	},
	hint: (status) => statusHint(status),
};

export function bluexpClient(ctx: RequestContext): ApplianceClient {
	return new ApplianceClient(ctx, bluexpProfile);
}

export async function bluexpRequest<T = IDataObject>(
	ctx: RequestContext,
	request: ApplianceRequest<T>,
): Promise<T> {
	const client = bluexpClient(ctx);
	const response = await client.request<T>(request);
	return client.redact(response.body);
}

/** A path segment (IDs and names are used as such). */
export function segment(value: string): string {
	return encodeURIComponent(value);
}

/**
 * The records of a BlueXP list answer: the body itself when it is an array, else the first
 * array under one of `keys` (BlueXP names lists by their item, `{volume: [...]}`).
 */
export function recordsOf(body: unknown, keys: string[]): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (!body || typeof body !== 'object') return [];
	const object = body as IDataObject;
	for (const key of keys) {
		if (Array.isArray(object[key])) return object[key] as IDataObject[];
	}
	const arrays = Object.values(object).filter(Array.isArray);
	if (arrays.length === 1) return arrays[0] as IDataObject[];
	return Object.keys(object).length ? [object] : [];
}

/** A BlueXP list that comes whole, its records under one of `keys`. */
export function wholeList(keys: string[]): PagingStrategy {
	return singlePage({ records: (body) => recordsOf(body, keys) });
}

/** The GET of one resource, its answer as one item (a list answer as one item per record). */
export async function getItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	listKeys?: string[],
	qs?: IDataObject,
) {
	const body = await bluexpRequest<unknown>(ctx, { method: 'GET', path, qs, itemIndex });
	if (listKeys) return jsonItems(recordsOf(body, listKeys));
	return jsonItems((body && typeof body === 'object' ? body : { result: body }) as IDataObject);
}

// ---- jobs ----------------------------------------------------------------------------

export const JOB_PATH = 'v1/job';

const TERMINAL = ['COMPLETED', 'FAILED'];

/** The job id a 202 answer hands out (`{"job-id": ...}`), if any. */
export function jobIdOf(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const object = body as IDataObject;
	const id = object['job-id'] ?? object.jobId ?? object.job_id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** One job of `GET v1/job/{id}` (`{job: [...]}`): the one with this id, else the first. */
export function jobRecordOf(body: unknown, jobId: string): IDataObject | undefined {
	const jobs = recordsOf(body, ['job', 'jobs']);
	return jobs.find((job) => String(job.id) === jobId) ?? jobs[0];
}

const FAILED_VOLUME = /^(FAILED|FAILURE|ERROR|ABORTED|CANCELLED|CANCELED)$/i;

/** Volumes that a job's `data.volume[]` reports as failed: a COMPLETED job may carry them. */
export function failedVolumesOf(job: IDataObject): IDataObject[] {
	const data = job.data as IDataObject | undefined;
	const volumes = data && Array.isArray(data.volume) ? (data.volume as IDataObject[]) : [];
	return volumes.filter(
		(volume) =>
			(typeof volume.status === 'string' && FAILED_VOLUME.test(volume.status)) ||
			(volume.error !== undefined &&
				volume.error !== null &&
				volume.error !== '' &&
				!(
					typeof volume.status === 'string' &&
					/^(COMPLETED|SUCCESS|SUCCEEDED)$/i.test(volume.status)
				)),
	);
}

function volumeName(volume: IDataObject): string {
	return String(
		volume.name ?? volume['volume-name'] ?? volume.id ?? volume['volume-id'] ?? 'unnamed',
	);
}

function errorText(value: unknown): string {
	if (value === undefined || value === null || value === '') return '';
	if (typeof value === 'string') return value;
	const object = value as IDataObject;
	return typeof object.message === 'string' ? object.message : JSON.stringify(value);
}

/**
 * Polls `GET v1/job/{jobId}` until its status is COMPLETED or FAILED (anything else is
 * still running). FAILED, and a COMPLETED job with a failed volume, are errors.
 */
export async function waitForJob(
	ctx: IExecuteFunctions,
	itemIndex: number,
	jobId: string,
	what: string,
	settings: WaitSettings,
): Promise<IDataObject> {
	const client = bluexpClient(ctx);
	let job: IDataObject;
	try {
		job = await waitForCompletion<IDataObject>(ctx, {
			what: `${what} (job ${jobId})`,
			timeoutSeconds: settings.timeout,
			pollIntervalSeconds: settings.pollInterval,
			itemIndex,
			outageTolerant: true,
			// a job just started may not be visible yet
			toleratedErrors: 2,
			hintOnTimeout: `The job keeps running in BlueXP: check it with Job > Get (ID ${jobId}).`,
			poll: async () => {
				const response = await client.request<unknown>({
					method: 'GET',
					path: `${JOB_PATH}/${segment(jobId)}`,
					itemIndex,
					timeout: 30,
				});
				const record = jobRecordOf(response.body, jobId);
				const state = String(record?.status ?? 'unknown').toUpperCase();
				return { done: TERMINAL.includes(state), state, value: client.redact(record ?? {}) };
			},
		});
	} catch (error) {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) {
			error.description =
				`${error.description ?? ''} The ${what} was started as job ${jobId}: check it with Job > Get before starting it again.`.trim();
		}
		throw asNodeError(ctx.getNode(), error, itemIndex);
	}
	const status = String(job.status).toUpperCase();
	if (status === 'FAILED') {
		const reason = errorText(job.error);
		throw new NodeOperationError(ctx.getNode(), `BlueXP job ${jobId} (${what}) failed`, {
			description: `${reason ? `BlueXP said: "${reason}". ` : ''}Job > Get (ID ${jobId}) shows the whole record.`,
			itemIndex,
		});
	}
	const failed = failedVolumesOf(job);
	if (failed.length) {
		const names = failed.map(volumeName);
		const reasons = failed
			.map((volume) => {
				const reason = errorText(volume.error);
				return reason ? `${volumeName(volume)}: ${reason}` : '';
			})
			.filter(Boolean)
			.join('; ');
		throw new NodeOperationError(
			ctx.getNode(),
			`BlueXP job ${jobId} (${what}) completed, but failed for volume${names.length > 1 ? 's' : ''} ${names.map((name) => `"${name}"`).join(', ')}`,
			{
				description: `${reasons ? `${reasons}. ` : ''}Job > Get (ID ${jobId}) shows the whole record.`,
				itemIndex,
			},
		);
	}
	return job;
}

/**
 * A call that may start a job: sent once (never repeated unless `retry` says so); with
 * Wait for Completion and a `job-id` in the answer, the finished job is added to the output.
 */
export async function startAndWait(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: ApplianceRequest<IDataObject>,
	what: string,
	settings: WaitSettings,
) {
	const answer = await bluexpRequest<IDataObject>(ctx, { ...request, itemIndex });
	const started = (answer && typeof answer === 'object' ? answer : {}) as IDataObject;
	const jobId = jobIdOf(started);
	if (!settings.waitForCompletion || !jobId) return jsonItems(started);
	const job = await waitForJob(ctx, itemIndex, jobId, what, settings);
	return jsonItems({ ...started, job });
}
