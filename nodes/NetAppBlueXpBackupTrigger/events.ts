import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import {
	BACKUP_WE_PATH,
	bluexpClient,
	fieldText,
	JOB_FINISHED,
	millisOf,
	failedPartsOf,
	type FailedPart,
	JOB_PATH,
	weBackupPath,
	weVolumePath,
	wholeList,
} from '../NetAppBlueXpBackup/transport';
import { pollStreams, type EventSource, type Watch } from '../shared/cursor';
import {
	OVERDUE_EVENT,
	overdueWatch,
	readOverdueAfterHours,
	type OverdueSubject,
} from '../shared/overdue';
import { getAll } from '../shared/paging';
import { collection, z } from '../shared/validation';

export const JOB_EVENTS = ['jobCompleted', 'jobCompletedWithFailures', 'jobFailed'] as const;
export const EVENTS = [...JOB_EVENTS, OVERDUE_EVENT] as const;
export type TriggerEvent = (typeof EVENTS)[number];
type JobEvent = (typeof JOB_EVENTS)[number];

const statusOf = (job: IDataObject) => fieldText(job.status).toUpperCase();

// ---- options ---------------------------------------------------------------------------

const jobTypePattern = /^[A-Za-z0-9_ -]+$/;

/** `BACKUP_ADHOC, restore` -> ['BACKUP_ADHOC', 'RESTORE'] */
const splitTypes = (value: string) =>
	value
		.split(',')
		.map((type) => type.trim().toUpperCase())
		.filter(Boolean);

const optionsSchema = z.object({
	jobTypes: z
		.string({ invalid_type_error: 'must be text' })
		.max(1000, 'must be at most 1000 characters')
		.refine(
			(value) => splitTypes(value).every((type) => type === '*' || jobTypePattern.test(type)),
			{
				message:
					'must be job types separated by commas, such as BACKUP_ADHOC, RESTORE (or * for every job)',
			},
		)
		.optional(),
});

/** Which jobs the job events are about: `undefined` for backup and restore jobs, `*` for all. */
type JobTypes = string[] | undefined;

function readJobTypes(ctx: IPollFunctions): JobTypes {
	const options = collection(ctx, 0, 'options', 'Options', optionsSchema, {
		jobTypes: 'Job Types',
	});
	const types = splitTypes(options.jobTypes ?? '');
	return types.length ? types : undefined;
}

/**
 * NetApp documents no list of job types (its reference says `type: string`, its Terraform
 * provider reads it without values), so by default a job is a backup or restore job when its
 * type says so (`BACKUP_ADHOC`, `RESTORE`, ...) and it does not remove or set up backups
 * (a Prune's deletions, an unregistration or an activation are jobs of their own); the Job
 * Types option names exact types.
 */
function isWatchedType(job: IDataObject, types: JobTypes): boolean {
	const type = fieldText(job.type).toUpperCase();
	if (!types) return /BACKUP|RESTORE/.test(type) && !/DELETE|UNREGISTER|ACTIVATION/.test(type);
	return types.includes('*') || types.includes(type);
}

// ---- jobs ------------------------------------------------------------------------------

/** What a finished job is: FAILED, or COMPLETED with or without a failed volume or batch. */
function eventOf(job: IDataObject, parts: FailedPart[]): JobEvent {
	if (statusOf(job) === 'FAILED') return 'jobFailed';
	return parts.length ? 'jobCompletedWithFailures' : 'jobCompleted';
}

/**
 * BlueXP's jobs as `GET v1/job` lists them now. A job's `time` is when it started, not when
 * it ended, so no time cursor can tell which ones finished since the last poll: the trigger
 * notes each job's status instead, and a job that was running and is now COMPLETED or FAILED,
 * or that it sees for the first time already finished, is an event. Every job is listed and
 * noted whatever the chosen events and types (one call a poll, no `status=` or `type=`
 * filter): a job filtered out would be "seen for the first time" once the filter changes, so
 * choosing another event or type later does not bring up old jobs.
 */
function jobsWatch(ctx: IPollFunctions, events: TriggerEvent[], types: JobTypes): Watch {
	return {
		key: 'jobs',
		async read() {
			const jobs = await getAll(bluexpClient(ctx), wholeList(['job', 'jobs']), {
				path: JOB_PATH,
				returnAll: true,
				limit: 0,
			});
			return jobs.filter((job) => fieldText(job.id) !== '');
		},
		idOf: (job) => fieldText(job.id),
		noteOf: (job) => ({ status: statusOf(job) }),
		timeOf: (job) => millisOf(job.time) ?? 0,
		changes(now, before) {
			if (!now || !JOB_FINISHED.includes(statusOf(now))) return [];
			if (before && JOB_FINISHED.includes(fieldText(before.status))) return [];
			if (!isWatchedType(now, types)) return [];
			const parts = failedPartsOf(now);
			const event = eventOf(now, parts);
			if (!events.includes(event)) return [];
			return [
				{
					json: {
						...now,
						event,
						...(event === 'jobCompleted' ? {} : { failedParts: parts }),
					},
				},
			];
		},
	};
}

// ---- overdue ---------------------------------------------------------------------------

/** A volume's `backup-status` that says it is not backed up. */
const BACKUP_OFF: readonly string[] = [
	'OFF',
	'DISABLED',
	'INACTIVE',
	'NONE',
	'NOT_PROTECTED',
	'UNPROTECTED',
];

/**
 * Every volume with backup on, in every working environment with backup activated, and its
 * newest backup. A volume answer carries `last-backup-creation-time` (seen in public clients
 * of this API, not in the reference we hold: inferred); where a volume has none (no backup
 * yet, or a connector that does not send it) its backups are read
 * (`GET .../volume/{vol}/snapshot`, the newest `creation-time`), one call for that volume.
 */
async function backedUpVolumes(ctx: IPollFunctions): Promise<OverdueSubject[]> {
	const client = bluexpClient(ctx);
	const list = async (path: string, keys: string[]) =>
		await getAll(client, wholeList(keys), { path, returnAll: true, limit: 0 });
	const subjects: OverdueSubject[] = [];
	const environments = await list(BACKUP_WE_PATH, ['working-environment', 'working-environments']);
	for (const environment of environments) {
		if (fieldText(environment['backup-enablement-status']).toUpperCase() !== 'ON') continue;
		const we =
			fieldText(environment.id) ||
			fieldText(environment['working-environment-id']) ||
			fieldText(environment['public-id']);
		if (!we) continue;
		const weName = fieldText(environment.name) || we;
		for (const volume of await list(`${weBackupPath(we)}/volume`, ['volume', 'volumes'])) {
			if (BACKUP_OFF.includes(fieldText(volume['backup-status']).toUpperCase())) continue;
			const volumeId =
				fieldText(volume['file-system-id']) ||
				fieldText(volume.id) ||
				fieldText(volume['volume-id']);
			if (!volumeId) continue;
			const volumeName = fieldText(volume.name) || volumeId;
			let newestAt = millisOf(volume['last-backup-creation-time']);
			let newest: IDataObject | undefined;
			if (newestAt === undefined) {
				const backups = await list(`${weVolumePath(we, volumeId)}/snapshot`, [
					'snapshot',
					'snapshots',
					'backup',
					'backups',
				]);
				for (const backup of backups) {
					const at = millisOf(backup['creation-time']);
					if (at !== undefined && (newestAt === undefined || at > newestAt)) {
						newestAt = at;
						newest = backup;
					}
				}
			}
			subjects.push({
				id: `${we}/${volumeId}`,
				subject: `backups of volume ${volumeName} in working environment ${weName}`,
				newest,
				newestAt,
				details: { workingEnvironmentId: we, volumeId, volumeName },
			});
		}
	}
	return subjects;
}

/**
 * One poll over the chosen events (see nodes/shared/cursor.ts for the exactly-once rules).
 * Every parameter is read and checked first: a bad one is refused before any request.
 */
export async function pollEvents(
	ctx: IPollFunctions,
	events: TriggerEvent[],
): Promise<INodeExecutionData[][] | null> {
	const sources: EventSource[] = [];
	if (events.some((event) => (JOB_EVENTS as readonly string[]).includes(event)))
		sources.push(jobsWatch(ctx, events, readJobTypes(ctx)));
	if (events.includes(OVERDUE_EVENT))
		sources.push(overdueWatch(readOverdueAfterHours(ctx), async () => await backedUpVolumes(ctx)));
	return await pollStreams(ctx, sources);
}
