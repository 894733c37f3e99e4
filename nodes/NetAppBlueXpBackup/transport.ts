import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { JobKind, StartedJob } from '../shared/jobs';
import type { PagingStrategy } from '../shared/paging';
import { singlePage } from '../shared/paging';
import type { ApplianceProfile, ApplianceRequest, RequestContext } from '../shared/request';
import { ApplianceClient } from '../shared/request';
import { jsonItems } from '../shared/router';
import { credentialSchemas, type CredentialField } from '../shared/validation';

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

const serviceAccount = (credentials: IDataObject) => credentials.authType === 'serviceAccount';

/**
 * What the node checks of the credential before the first call, and so before the token
 * request: the Account ID is a path segment, the Connector ID the x-agent-id header.
 */
const credentialFields: CredentialField[] = [
	{ name: 'baseUrl', label: 'Base URL', schema: credentialSchemas.optionalUrl },
	{ name: 'tokenUrl', label: 'Token URL', schema: credentialSchemas.optionalUrl },
	{ name: 'accountId', label: 'Account ID', schema: credentialSchemas.id },
	{ name: 'agentId', label: 'Connector (Agent) ID', schema: credentialSchemas.id },
	{
		name: 'refreshToken',
		label: 'Refresh Token',
		schema: credentialSchemas.secret,
		when: (credentials) => !serviceAccount(credentials),
	},
	{ name: 'clientId', label: 'Client ID', schema: credentialSchemas.id, when: serviceAccount },
	{
		name: 'clientSecret',
		label: 'Client Secret',
		schema: credentialSchemas.secret,
		when: serviceAccount,
	},
];

export const bluexpProfile: ApplianceProfile = {
	credentialType: 'netAppBlueXpApi',
	system: SYSTEM,
	secretFields: ['refreshToken', 'clientSecret'],
	accessTokenField: 'accessToken',
	baseUrl: bluexpBaseUrl,
	credentialFields,
	// x-agent-id comes from the credential's authenticate, the one place every call and the
	// credential test pass through
	headers: { Accept: 'application/json' },
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

// ---- paths -----------------------------------------------------------------------------

export const BACKUP_WE_PATH = 'v1/backup/working-environment';
/** `v1/backup/working-environment/{we}` */
export const weBackupPath = (we: string) => `${BACKUP_WE_PATH}/${segment(we)}`;
/** `v1/backup/working-environment/{we}/volume/{vol}` */
export const weVolumePath = (we: string, volume: string) =>
	`${weBackupPath(we)}/volume/${segment(volume)}`;
export const WE_PATH = 'v1/working-environment';
/** `v1/working-environment/{we}` */
export const wePath = (we: string) => `${WE_PATH}/${segment(we)}`;
export const RESTORE_PATH = 'v3/restore';
export const JOB_PATH = 'v1/job';

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

/** A BlueXP job, and what the node knows about the work it does. */
export interface BlueXpJobRef {
	id: string;
	/** what the job does, e.g. `ad-hoc backup "x" of volume 4c6f…` */
	what?: string;
	/** volume id -> name, where the request knew the name (a restore looks it up) */
	volumeNames?: Record<string, string>;
}

/** The job id a 202 answer hands out (`{"job-id": ...}`), if any. */
export function jobIdOf(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const object = body as IDataObject;
	const id = object['job-id'] ?? object.jobId ?? object.job_id;
	return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The job with this id in `GET v1/job/{id}` (`{job: [...]}`); undefined while it is not listed. */
export function jobRecordOf(body: unknown, jobId: string): IDataObject | undefined {
	return recordsOf(body, ['job', 'jobs']).find((job) => String(job.id) === jobId);
}

function errorText(value: unknown): string {
	if (value === undefined || value === null || value === '') return '';
	if (typeof value === 'string') return value;
	const object = value as IDataObject;
	return typeof object.message === 'string' ? object.message : JSON.stringify(value);
}

const textOrUndefined = (value: unknown): string | undefined =>
	typeof value === 'string' && value
		? value
		: typeof value === 'number'
			? String(value)
			: undefined;

/** A field BlueXP answers as text or a number, as text ('' when it is neither). */
export const fieldText = (value: unknown): string => textOrUndefined(value) ?? '';

/** The only statuses that end a BlueXP job (NetApp's Terraform provider); any other is running. */
export const JOB_FINISHED: readonly string[] = ['COMPLETED', 'FAILED'];

/**
 * A BlueXP time: a number (epoch seconds or milliseconds, NetApp does not say which) or a
 * date string. Undefined when there is none.
 */
export function millisOf(value: unknown): number | undefined {
	let time: number;
	if (typeof value === 'number') time = value;
	else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) time = Number(value);
	else if (typeof value === 'string' && value.trim()) return Date.parse(value) || undefined;
	else return undefined;
	if (!Number.isFinite(time) || time <= 0) return undefined;
	// 1e11 seconds is the year 5138, 1e11 milliseconds 1973: below it, seconds
	return time < 1e11 ? time * 1000 : time;
}

/**
 * One failed part of a job: a volume of a backup (its `id` and, when known, `name`), or a batch
 * of a restore (the batch's `id`, and the restore's source volume).
 */
export type FailedPart = IDataObject &
	(
		| { part: 'volume'; id: string; name?: string; error: string }
		| { part: 'restoreBatch'; id: string; volumeId?: string; volumeName?: string; error: string }
	);

/** `volume "name" (ID id)`, or `volume id` when no name is known. */
function volumeLabel(id: string | undefined, name: string | undefined): string {
	if (name && id && name !== id) return `volume "${name}" (ID ${id})`;
	return `volume ${name ?? id ?? '(unknown)'}`;
}

/** Only set keys: a part says nothing it does not know. */
const known = (fields: Record<string, string | undefined>) =>
	Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<
		string,
		string
	>;

/**
 * The failed volumes and restore batches of a job, as NetApp documents them:
 * `data["multi-volume-backup"].volume[]` ({id, status: SUCCESS|FAILED, error}) and
 * `data.restore` ({type, source, target, batch[{id, status, error, time, file[]}]}).
 * `volumeNames` fills in names the job itself does not carry.
 */
export function failedPartsOf(
	job: IDataObject,
	volumeNames: Record<string, string> = {},
): FailedPart[] {
	const data = (job.data && typeof job.data === 'object' ? job.data : {}) as IDataObject;
	const failed = (entry: IDataObject) => String(entry.status ?? '').toUpperCase() === 'FAILED';
	const parts: FailedPart[] = [];
	const backup = data['multi-volume-backup'] as IDataObject | undefined;
	const volumes = Array.isArray(backup?.volume) ? (backup.volume as IDataObject[]) : [];
	for (const volume of volumes.filter(failed)) {
		const id = textOrUndefined(volume.id) ?? textOrUndefined(volume['volume-id']);
		const name =
			textOrUndefined(volume.name) ??
			textOrUndefined(volume['volume-name']) ??
			(id ? volumeNames[id] : undefined);
		parts.push({
			part: 'volume',
			id: id ?? '',
			...known({ name }),
			error: errorText(volume.error),
		});
	}
	const restore = data.restore as IDataObject | undefined;
	const batches = Array.isArray(restore?.batch) ? (restore.batch as IDataObject[]) : [];
	const source = (restore?.source ?? {}) as IDataObject;
	const volumeId = textOrUndefined(source['volume-id']);
	const volumeName =
		textOrUndefined(source['volume-name']) ?? (volumeId ? volumeNames[volumeId] : undefined);
	for (const batch of batches.filter(failed)) {
		parts.push({
			part: 'restoreBatch',
			id: textOrUndefined(batch.id) ?? '',
			...known({ volumeId, volumeName }),
			error: errorText(batch.error),
		});
	}
	return parts;
}

/** The volume a failed part is about, e.g. `volume "vol_data" (ID 4c6f…)`. */
const partVolume = (part: FailedPart) =>
	part.part === 'volume'
		? volumeLabel(part.id || undefined, part.name)
		: volumeLabel(part.volumeId, part.volumeName);

function partText(part: FailedPart): string {
	const whose =
		part.part === 'restoreBatch' && part.id
			? `${partVolume(part)}, batch ${part.id}`
			: partVolume(part);
	return `${whose}: ${part.error ? `"${part.error}"` : 'no reason given'}`;
}

/** `BlueXP job {id} (what)` */
const jobLabel = (ref: BlueXpJobRef) => `BlueXP job ${ref.id}${ref.what ? ` (${ref.what})` : ''}`;

/**
 * Every BlueXP job: started by a call that answers `202 {"job-id"}`, looked at with
 * `GET v1/job/{id}`. Only COMPLETED and FAILED end it (NetApp's Terraform provider); a
 * COMPLETED job with a failed volume or restore batch is a failure naming the volume.
 */
export const bluexpJob: JobKind<BlueXpJobRef> = {
	label: jobLabel,
	refOf: (answer) => {
		const id = jobIdOf(answer);
		return id === undefined ? undefined : { id };
	},
	look: (ref) => ({ method: 'GET', path: `${JOB_PATH}/${segment(ref.id)}` }),
	recordOf: (answer, ref) => jobRecordOf(answer, ref.id),
	judge(record, ref) {
		const state = String(record.status ?? 'unknown').toUpperCase();
		if (!JOB_FINISHED.includes(state)) return { outcome: 'running', state };
		const parts = failedPartsOf(record, ref.volumeNames);
		if (state === 'FAILED') {
			const reason = errorText(record.error);
			const said = [
				reason ? `BlueXP said: "${reason}".` : '',
				...parts.map((part) => `${partText(part)}.`),
			]
				.filter(Boolean)
				.join(' ');
			return {
				outcome: 'failed',
				state,
				failure: { message: `${jobLabel(ref)} failed`, description: said || undefined },
			};
		}
		if (!parts.length) return { outcome: 'succeeded', state };
		const volumes = [...new Set(parts.map(partVolume))];
		return {
			outcome: 'failed',
			state: `${state} with failures`,
			failure: {
				message: `${jobLabel(ref)} completed, but failed for ${volumes.join(', ')}`,
				description: `BlueXP said: ${parts.map(partText).join('; ')}.`,
			},
		};
	},
	// the connector may be unreachable for a moment while a long job runs
	outageTolerant: true,
	// a job just started may not be listed yet
	toleratedErrors: 2,
	checkWith: (ref) => `Job > Get (ID ${ref.id})`,
};

/** The job kind with what this operation's job does, for its messages. */
export function bluexpJobFor(
	what: string,
	volumeNames?: Record<string, string>,
): JobKind<BlueXpJobRef> {
	return {
		...bluexpJob,
		refOf: (answer) => {
			const ref = bluexpJob.refOf!(answer);
			return ref && { ...ref, what, ...(volumeNames ? { volumeNames } : {}) };
		},
	};
}

/** A started job as output: the answer, with the finished job when it was waited for. */
export function jobOutput(started: StartedJob<BlueXpJobRef>) {
	return jsonItems(
		started.result ? { ...started.answer, job: started.result.record } : started.answer,
	);
}
