import type { IDataObject } from 'n8n-workflow';

import type { Refusals } from '../shared/errors';
import { judgeByStatus, type JobKind } from '../shared/jobs';
import { getAll, rangeHeader, type GetAllOptions } from '../shared/paging';
import type { ApplianceProfile, ApplianceRequest, RequestContext } from '../shared/request';
import { ApplianceClient } from '../shared/request';
import { credentialSchemas, z, type CredentialField } from '../shared/validation';

export const SYSTEM = 'QRadar';

/** Backups and restores. */
export const BASE_PATH = '/api/backup_and_restore';
export const BACKUPS_PATH = `${BASE_PATH}/backups`;
export const RESTORES_PATH = `${BASE_PATH}/restores`;
/** Backup configurations live in QRadar's deployed configuration, not below BASE_PATH. */
export const CONFIGURATIONS_PATH = '/api/config/backup_and_restore/scheduled_backup_configurations';

function statusHint(status: number): string {
	if (status === 401)
		return 'Check the authorized service token of the credential (Admin > Authorized Services): it may be wrong, expired or revoked.';
	if (status === 403)
		return 'The authorized service is not allowed to do this: backup and restore need a service with the Admin capability.';
	if (status === 404)
		return 'It does not exist (any more): check the ID, or list them with a Get Many operation.';
	if (status === 409)
		return 'The console is busy or in a state that does not allow this now: see the message, then try again.';
	if (status === 422) return 'QRadar refused a value that was sent: see the message.';
	if (status === 429 || status === 503) return 'The console is busy: try again later.';
	if (status >= 500)
		return 'The console could not process the call: check /var/log/qradar.error on the console, then try again.';
	return 'Check the parameters of the node.';
}

/** `https://console/`, `https://console/api` and `https://console` all mean the same console. */
export function qradarBaseUrl(credentials: IDataObject): string {
	return String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api$/, '');
}

/** What the node checks of the credential before the first call (the token is the SEC header). */
const credentialFields: CredentialField[] = [
	{ name: 'baseUrl', label: 'Base URL', schema: credentialSchemas.url },
	{ name: 'token', label: 'Authorized Service Token', schema: credentialSchemas.secret },
	{
		name: 'apiVersion',
		label: 'API Version',
		schema: z
			.string({ invalid_type_error: 'must be text' })
			.trim()
			.regex(/^$|^\d{1,3}(\.\d{1,3})?$/, 'must be empty or a version such as 26.0'),
	},
];

export const qradarProfile: ApplianceProfile = {
	credentialType: 'ibmQradarApi',
	system: SYSTEM,
	secretFields: ['token'],
	baseUrl: qradarBaseUrl,
	credentialFields,
	// SEC and Version come from the credential's `authenticate` alone: it signs every call,
	// the credential test included (Restore > Delete asks for text/plain instead)
	headers: { Accept: 'application/json' },
	parseError(_status, body) {
		// { http_response: { code, message }, code, message, description, details }
		const error = body as IDataObject | undefined;
		if (!error || typeof error !== 'object' || typeof error.message !== 'string') return undefined;
		const description = typeof error.description === 'string' ? error.description : undefined;
		return {
			message: error.message,
			code: error.code === undefined || error.code === null ? undefined : String(error.code),
			details: description || undefined,
		};
	},
	hint(status) {
		// vendor codes mean different things on different endpoints: see ENDPOINT_ERRORS
		return statusHint(status);
	},
};

/** The calls whose QRadar error codes have a meaning of their own. */
export type QradarEndpoint =
	'backupCreate' | 'backupDelete' | 'restoreCreate' | 'restoreStart' | 'restoreDelete' | 'list';

const LIST_BACKUP_CONFIGURATIONS =
	'List them with Backup Configuration > Get Many (usually ID 1, the deployed configuration).';

/**
 * QRadar's unique codes per endpoint (IBM's API reference): the same code means different
 * things on different calls, e.g. 1005 is "name taken" on backup create and "backup is not
 * SUCCESS" on restore create. Keyed by vendor code, or `HTTP <status>` when none is sent.
 */
const ENDPOINT_ERRORS: Record<QradarEndpoint, Refusals> = {
	backupCreate: {
		'1000': {
			message: 'QRadar failed to create the backup',
			hint: 'Check /var/log/qradar.error on the console, then try again.',
		},
		'1002': { message: 'The backup name is empty', hint: 'Set a Name.' },
		'1003': {
			message: 'The backup name is longer than 100 characters',
			hint: 'Shorten the Name.',
		},
		'1004': {
			message: 'The backup name contains characters QRadar does not allow',
			hint: 'Use only letters, digits, _, - and . in the Name.',
		},
		'1005': {
			message: 'A backup with this name already exists',
			hint: 'Backup names must be unique: choose another Name, e.g. with the date in it, or delete the old backup first.',
		},
		'1006': {
			message: 'No backup configuration was given',
			hint: `Set the Configuration ID. ${LIST_BACKUP_CONFIGURATIONS}`,
		},
		'1007': {
			message: 'The backup configuration does not exist',
			hint: `Use the ID of a deployed backup configuration. ${LIST_BACKUP_CONFIGURATIONS}`,
		},
		'1008': {
			message: 'The backup description is longer than 255 characters',
			hint: 'Shorten the Description.',
		},
		'1009': {
			message: 'The backup host does not exist',
			hint: 'Check the Host ID (Admin > System and License Management), or leave it empty for the console.',
		},
		'1010': {
			message: 'The backup host is not active',
			hint: 'Choose an active host (Admin > System and License Management), or leave Host ID empty for the console.',
		},
		'1011': {
			message: 'QRadar has configuration changes that are not deployed yet',
			hint: 'Deploy the staged changes first (Admin > Deploy Changes), then run the backup again.',
		},
		'1012': {
			message: 'A configuration backup can only run on the console',
			hint: 'Leave Host ID empty for a CONFIG backup, or choose the Data backup type for a managed host.',
		},
		'1013': {
			message: 'Data backups can only run on hosts that store Ariel data',
			hint: 'Choose a host with event or flow storage (an event or flow processor, or the console).',
		},
		'1014': {
			message: 'The host is not configured for data backups',
			hint: 'Enable event or flow data backups for this host in the backup configuration (Admin > Backup and Recovery > Configure).',
		},
		'1015': {
			message: 'A backup is already running on this host',
			hint: 'Wait until it has finished (Backup > Get Many shows it IN_PROGRESS), then run again.',
		},
		'1016': {
			message: 'A restore is running, so no backup can start',
			hint: 'Wait until the restore has finished (Restore > Get Many), then run the backup again.',
		},
	},
	backupDelete: {
		'1017': {
			message: 'The backup cannot be deleted in its current state',
			hint: 'Only backups that are INITIALIZING, IN_PROGRESS, FAILED, SUCCESS or MISSING can be deleted; one that is DELETING or CANCELLING is already on its way out.',
		},
	},
	restoreCreate: {
		'1002': { message: 'No backup was given for the restore', hint: 'Choose a Backup.' },
		'1003': {
			message: 'The backup to restore does not exist',
			hint: 'Choose a backup from the list (Backup > Get Many).',
		},
		'1004': {
			message: 'Only configuration (CONFIG) backups can be restored through the API',
			hint: 'Choose a backup of type CONFIG.',
		},
		'1005': {
			message: 'The backup did not finish successfully, so it cannot be restored',
			hint: 'Choose a backup whose status is SUCCESS.',
		},
		'1006': {
			message: 'The backup is not valid for this console',
			hint: 'Its file or manifest is damaged or missing, or it comes from another product, appliance or HA role (see is_valid in Backup > Get). Choose another backup.',
		},
		'1007': {
			message: 'The backup was made by a QRadar version this console cannot restore',
			hint: 'Choose a backup made by this QRadar version (see is_version_compatible in Backup > Get).',
		},
		'1008': { message: 'No restore groups were given', hint: 'Choose at least one group.' },
		'1009': {
			message: 'Installed apps and offenses can only be restored together with the deployment',
			hint: 'Add Deployment Configuration to Groups when restoring Installed Apps or Offenses.',
		},
		'1010': {
			message: 'This console does not know one of the restore groups',
			hint: 'Remove the groups this QRadar version does not offer (Domains needs a newer console).',
		},
		'1011': {
			message: 'Another restore has not finished yet',
			hint: 'Only one restore may exist that is not SUCCESS or FAILED: start or delete the pending one (Restore > Get Many), or wait until it has finished.',
		},
		'1019': {
			message: 'Assets and users can only be restored together with domains',
			hint: 'Add Domains to Groups when restoring Assets or Users on this console.',
		},
	},
	restoreStart: {
		'1012': {
			message: 'Only a PENDING restore can be started',
			hint: 'This restore has been started already or has finished: check it with Restore > Get, or create a new restore.',
		},
		'1013': {
			message: 'QRadar refused the status sent to start the restore',
			hint: 'A restore is started by setting its status to REQUESTING; check that no proxy rewrites the request body.',
		},
		'1014': {
			message: 'The console is rebalancing data, so the restore cannot start',
			hint: 'Wait until the rebalance has finished, then start the restore again.',
		},
		'1015': {
			message: 'A backup is running, so the restore cannot start',
			hint: 'Wait until the backup has finished (Backup > Get Many), then start the restore again.',
		},
		'1016': {
			message: 'Another restore is running',
			hint: 'Wait until it has finished (Restore > Get Many), then start this one again.',
		},
	},
	restoreDelete: {
		'1017': {
			message: 'The restore cannot be deleted in its current state',
			hint: 'Only restores that are PENDING, REQUESTING, INITIALIZING or IN_PROGRESS can be deleted; finished ones (SUCCESS, FAILED) stay in the history. Deleting a running restore does not stop it.',
		},
	},
	list: {
		'HTTP 422': {
			message: 'QRadar did not accept the filter, sort or fields expression',
			hint: 'Check its syntax, e.g. status="SUCCESS" and time_completed > 1700000000000, status IN ("FAILED"), sort -time_initiated.',
		},
	},
};

export function qradarClient(ctx: RequestContext): ApplianceClient {
	return new ApplianceClient(ctx, qradarProfile);
}

/** One call; with `endpoint`, its documented refusals are explained for that call. */
export async function qradarRequest<T = IDataObject>(
	ctx: RequestContext,
	request: ApplianceRequest<T>,
	endpoint?: QradarEndpoint,
): Promise<T> {
	const client = qradarClient(ctx);
	const refusals = endpoint ? ENDPOINT_ERRORS[endpoint] : undefined;
	const response = await client.request<T>({ ...request, refusals });
	return client.redact(response.body);
}

/** `Range: items=a-b` paging; Limit never asks for more than is still missing. */
export const qradarPaging = rangeHeader({ pageSize: 500 });

/** A whole QRadar collection, or its first `limit` records. */
export async function qradarGetAll(
	ctx: RequestContext,
	options: GetAllOptions,
): Promise<IDataObject[]> {
	return await getAll(qradarClient(ctx), qradarPaging, {
		...options,
		refusals: ENDPOINT_ERRORS.list,
	});
}

/** The path of one backup or restore: ids are numbers, anything else never reaches the URL. */
export function itemPath(collectionPath: string, id: string): string {
	return `${collectionPath}/${encodeURIComponent(id)}`;
}

/** Statuses in which a backup will not change any more (besides disappearing). */
export const BACKUP_FINAL = ['SUCCESS', 'FAILED', 'CANCELLING', 'DELETING', 'MISSING'];
export const RESTORE_FINAL = ['SUCCESS', 'FAILED'];

/** A backup being made: its ID, and its name when the answer gave one. */
export interface BackupRef {
	id: string;
	name?: string;
}

/** A restore being run: its ID, and the name of the backup it restores. */
export interface RestoreRef {
	id: string;
	backupName?: string;
}

const idIn = (answer: unknown): string | undefined => {
	const id = (answer as IDataObject | undefined)?.id;
	return id === undefined || id === null || id === '' ? undefined : String(id);
};

const nameIn = (answer: unknown, key: string): string | undefined => {
	const name = (answer as IDataObject | undefined)?.[key];
	return typeof name === 'string' && name ? name : undefined;
};

/**
 * A backup (POST /backups answers it with its ID): SUCCESS succeeds; FAILED, CANCELLING,
 * DELETING and MISSING end it without one. The console keeps answering while it runs.
 */
export const backupJob: JobKind<BackupRef> = {
	label: ({ id, name }) => (name ? `backup "${name}" (ID ${id})` : `backup ${id}`),
	refOf(answer) {
		const id = idIn(answer);
		return id === undefined ? undefined : { id, name: nameIn(answer, 'name') };
	},
	look: ({ id }) => ({ method: 'GET', path: itemPath(BACKUPS_PATH, id) }),
	judge: (record, ref) =>
		judgeByStatus(String(record.status ?? 'unknown'), ['SUCCESS'], BACKUP_FINAL, (state) => ({
			message: `QRadar ${backupJob.label(ref)} ended with status ${state}`,
			description:
				'The backup did not complete. Check Admin > Backup and Recovery and /var/log/qradar.error on the console for the cause; there may be too little space in the backup directory, or the backup timed out (see the time limit in Backup Configuration > Get).',
		})),
	checkWith: ({ id }) => `Backup > Get (ID ${id})`,
	startedNote: ({ id, name }) =>
		`The backup${name ? ` "${name}"` : ''} was started as ID ${id} and may still be running: check it with Backup > Get (ID ${id}) before creating it again.`,
};

/**
 * A restore (POST /restores/{id} with REQUESTING answers the restore): SUCCESS or FAILED.
 * Every service stops while it runs, so an unreachable console means "still running"; a
 * console restarting may also answer a login page or a bare error for a while.
 */
export const restoreJob: JobKind<RestoreRef> = {
	label: ({ id, backupName }) =>
		backupName ? `restore ${id} of backup "${backupName}"` : `restore ${id}`,
	refOf(answer) {
		const id = idIn(answer);
		return id === undefined ? undefined : { id, backupName: nameIn(answer, 'backup_name') };
	},
	look: ({ id }) => ({ method: 'GET', path: itemPath(RESTORES_PATH, id) }),
	judge: (record, ref) =>
		judgeByStatus(String(record.status ?? 'unknown'), ['SUCCESS'], RESTORE_FINAL, (state) => ({
			message: `QRadar ${restoreJob.label(ref)} ended with status ${state}`,
			description:
				'The restore did not complete. Check /var/log/qradar.error and the restore log on the console; the console may need its services restarted.',
		})),
	outageTolerant: true,
	toleratedErrors: 3,
	checkWith: ({ id }) => `Restore > Get (ID ${id})`,
	startedNote: ({ id }) =>
		`The restore (ID ${id}) was started and may still be running: check it with Restore > Get (ID ${id}), and do not start it again.`,
};

/** The call that starts a backup or a restore, with the refusals documented for it. */
export function startRequest(
	request: ApplianceRequest,
	endpoint: 'backupCreate' | 'restoreStart',
): ApplianceRequest {
	// creating or starting twice would make two backups or restart a restore: sent once
	return { ...request, retry: 'never', refusals: ENDPOINT_ERRORS[endpoint] };
}
