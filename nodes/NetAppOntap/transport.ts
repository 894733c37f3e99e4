import type { IDataObject } from 'n8n-workflow';

import { getAll, halNextLink, type GetAllOptions } from '../shared/paging';
import type { ApplianceProfile, ApplianceRequest, RequestContext } from '../shared/request';
import { ApplianceClient } from '../shared/request';
import { judgeByStatus, type JobKind } from '../shared/jobs';
import { basicAuthCredentialFields } from '../shared/validation';

/** Consecutive job reads that may fail (other than an outage) before the wait gives up. */
const MAX_FAILED_POLLS = 3;

/** ONTAP error codes with a hint a storage admin can act on. */
const CODE_HINTS: Record<string, string> = {
	'4': 'The object does not exist: check the UUID or name (list them with a Get Many operation).',
	'6691623': 'The account is not allowed to run this call: give it a role with access to this API.',
	'262186': 'A query value is not valid for this field.',
	'262196': 'A field was given a value ONTAP does not accept.',
	'262197': 'This ONTAP version does not know a filter or field that was sent: remove it.',
	'39387137': 'The URL is not valid: use http://host/path or https://host/path.',
	'39387138': 'Only http:// and https:// URLs are accepted for configuration backups.',
	'39387145': 'Backup file names must end with .7z.',
	'39387146':
		'A backup file with this name already exists on that node: pick another name or delete it first.',
	'39387159': 'The node does not exist: pick one from the list.',
	'5963777': 'The configuration backup file does not exist on that node: list them with Get Many.',
	'5963792': 'HTTPS URLs need an effective cluster version of 9.7 or later.',
	'5963794':
		'Certificate validation works only with an https:// URL: change the URL or turn validation off.',
	'65601536':
		'NDMP runs in node scope: switch to SVM scope (NDMP > Update, mode svm) to use NDMP SVM operations.',
	'65601551': 'plaintext_sso cannot be combined with other authentication types.',
	'65601575': 'This platform does not support node-scope NDMP.',
	'68812800': 'Set an NDMP user on the node before enabling NDMP.',
	'68812801':
		'NDMP runs in SVM scope: node-scope NDMP calls are refused. Switch with NDMP > Update (mode node) or use NDMP SVM.',
	'68812802': 'The UUID is not valid: use the UUID shown by a Get Many operation.',
	'68812803': 'No SVM has this UUID.',
	'68812804': 'No node has this UUID.',
	'68812805': 'ONTAP could not read the NDMP mode; retry, then check the cluster health.',
	'68812806': 'Both the owner UUID and the session ID are required.',
};

function statusHint(status: number): string {
	if (status === 401)
		return 'Check the username and password of the credential; the account needs the http application.';
	if (status === 403)
		return 'The account is not allowed to run this call: give it a role with access to this API.';
	if (status === 404)
		return 'The object does not exist: check the UUID or name (list them with a Get Many operation).';
	if (status === 429 || status === 503) return 'The cluster is busy: try again later.';
	if (status >= 500)
		return 'The cluster could not process the call: try again later and check the cluster event log.';
	return 'Check the parameters of the node.';
}

/** `https://cluster/`, `https://cluster/api` and `https://cluster` all mean the same cluster. */
export function ontapBaseUrl(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api$/, '');
}

export const ontapProfile: ApplianceProfile = {
	credentialType: 'netAppOntapApi',
	system: 'ONTAP',
	secretFields: ['password'],
	baseUrl: ontapBaseUrl,
	credentialFields: basicAuthCredentialFields,
	headers: { Accept: 'application/hal+json, application/json' },
	parseError(_status, body) {
		const error = (body as { error?: IDataObject } | undefined)?.error;
		if (!error || typeof error !== 'object' || typeof error.message !== 'string') return undefined;
		return {
			message: error.message,
			code: error.code === undefined ? undefined : String(error.code),
			target: typeof error.target === 'string' ? error.target : undefined,
		};
	},
	hint(status, vendorCode) {
		// a 401 is about the credential whatever code comes with it (ONTAP sends 6691623)
		if (status === 401) return statusHint(status);
		return (vendorCode && CODE_HINTS[vendorCode]) || statusHint(status);
	},
};

export function ontapClient(ctx: RequestContext): ApplianceClient {
	return new ApplianceClient(ctx, ontapProfile);
}

export async function ontapRequest<T = IDataObject>(
	ctx: RequestContext,
	request: ApplianceRequest<T>,
): Promise<T> {
	const client = ontapClient(ctx);
	const response = await client.request<T>(request);
	return client.redact(response.body);
}

/** A path segment: ONTAP session ids such as `2000:4000` must be URL-encoded. */
export function segment(value: string): string {
	return encodeURIComponent(value);
}

/** ONTAP pages with HAL next links; `max_records` caps a page at what is still missing. */
export const ontapPaging = halNextLink({ pageSizeParam: 'max_records' });

/** A whole HAL collection, or its first `limit` records. */
export async function ontapGetAll(
	ctx: RequestContext,
	options: GetAllOptions,
): Promise<IDataObject[]> {
	return await getAll(ontapClient(ctx), ontapPaging, options);
}

/**
 * ONTAP's asynchronous calls (202 + `job`), followed on `/api/cluster/jobs/{uuid}`. A cluster
 * that is briefly unreachable counts as "still running"; like NetApp's own tooling, a few
 * failed job reads are tolerated. A job that ends in `failure` carries ONTAP's message and
 * code. `backup` names the configuration backup file the job creates, for the "check before
 * creating it again" note.
 */
export function ontapJob(backup?: string): JobKind<string> {
	return {
		label: (uuid) => `ONTAP job ${uuid}`,
		refOf(answer) {
			const job = (answer as IDataObject | undefined)?.job as IDataObject | undefined;
			return job && typeof job.uuid === 'string' ? job.uuid : undefined;
		},
		look: (uuid) => ({
			method: 'GET',
			path: `/api/cluster/jobs/${segment(uuid)}`,
			qs: { fields: '*' },
		}),
		judge: (job, uuid) =>
			judgeByStatus(String(job.state ?? 'unknown'), ['success'], ['failure'], () => {
				const code = job.code === undefined ? undefined : String(job.code);
				return {
					message: job.message ? String(job.message) : `ONTAP job ${uuid} failed`,
					description: `ONTAP job ${uuid} ended in failure${code ? ` (code ${code})` : ''}. ${
						(code && CODE_HINTS[code]) || 'See the job message and the cluster event log.'
					}`,
				};
			}),
		outageTolerant: true,
		toleratedErrors: MAX_FAILED_POLLS,
		checkWith: (uuid) => `Job > Get (job UUID ${uuid})`,
		startedNote: (uuid) =>
			backup
				? `The backup "${backup}" was requested (job ${uuid}) and may exist: check with Job > Get or Configuration Backup File > Get before creating it again.`
				: `ONTAP job ${uuid} keeps running on the cluster: check it with Job > Get (job UUID ${uuid}).`,
	};
}
