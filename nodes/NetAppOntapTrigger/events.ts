import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { ontapGetAll } from '../NetAppOntap/transport';
import { pollStreams, type EventSource, type Stream, type Watch } from '../shared/cursor';
import { OVERDUE_EVENT, overdueWatch, readOverdueAfterHours } from '../shared/overdue';

export const EVENTS = [
	'backupFileCreated',
	OVERDUE_EVENT,
	'ndmpSessionEnded',
	'ndmpSessionHalted',
] as const;
export type TriggerEvent = (typeof EVENTS)[number];

const BACKUPS_PATH = '/api/support/configuration-backup/backups';
const SESSIONS_PATH = '/api/protocols/ndmp/sessions';
const NODES_PATH = '/api/cluster/nodes';

/** When ONTAP says the file was made (its `time`, the cluster's clock). */
const madeAt = (record: IDataObject) => {
	const time = Date.parse(String(record.time ?? ''));
	return Number.isFinite(time) ? time : 0;
};
const nodeOf = (record: IDataObject) => (record.node ?? {}) as IDataObject;
/** A file is known by its node and its name. */
const fileId = (record: IDataObject) =>
	`${String(nodeOf(record).uuid ?? '')}/${String(record.name ?? '')}`;

async function readBackupFiles(ctx: IPollFunctions): Promise<IDataObject[]> {
	return await ontapGetAll(ctx, {
		path: BACKUPS_PATH,
		qs: { fields: 'node,name,size,time,type,version' },
		returnAll: true,
		limit: 0,
	});
}

/**
 * Configuration backup files on every node: the ones the cluster makes on its own schedules
 * (8-hourly, daily, weekly) and any made by hand. ONTAP keeps a few of each, so every file is
 * read and the cursor picks what is new by the file's time.
 */
function backupFiles(ctx: IPollFunctions): Stream {
	return {
		key: 'backupFiles',
		async read(since) {
			const files = await readBackupFiles(ctx);
			return since === undefined ? files : files.filter((file) => madeAt(file) >= since);
		},
		timeOf: madeAt,
		idOf: fileId,
		itemOf: (file) => ({ json: { ...file, event: 'backupFileCreated' } }),
	};
}

/**
 * Each cluster node's newest configuration backup file. Every file ONTAP lists is complete
 * (a failed backup leaves none), so the newest file is the newest success. Nodes come from
 * the cluster, so a node without any file is overdue too.
 */
function overdueFiles(ctx: IPollFunctions): Watch {
	return overdueWatch(readOverdueAfterHours(ctx), async () => {
		const [nodes, files] = await Promise.all([
			ontapGetAll(ctx, {
				path: NODES_PATH,
				qs: { fields: 'uuid,name' },
				returnAll: true,
				limit: 0,
			}),
			readBackupFiles(ctx),
		]);
		return nodes.map((node) => {
			const uuid = String(node.uuid ?? '');
			let newest: IDataObject | undefined;
			for (const file of files)
				if (nodeOf(file).uuid === uuid && (!newest || madeAt(file) > madeAt(newest))) newest = file;
			return {
				id: uuid,
				subject: `configuration backup files of node ${String(node.name ?? uuid)}`,
				newest,
				newestAt: newest && madeAt(newest),
				details: { node: { uuid, name: node.name } },
			};
		});
	});
}

/** A session as remembered and output: ONTAP's `_links` say nothing a workflow needs. */
function withoutLinks(session: IDataObject): IDataObject {
	const kept = { ...session };
	delete kept._links;
	return kept;
}

/** NDMP says a data server or mover that stopped is `halted` (with a `reason`). */
const isHalted = (session: IDataObject) =>
	(session.data as IDataObject | undefined)?.state === 'halted' ||
	(session.mover as IDataObject | undefined)?.state === 'halted';

/**
 * NDMP sessions as the cluster lists them now. They carry no time, so the trigger keeps what
 * it saw of each session at the last poll: a session that turned `halted` is "halted" (with
 * ONTAP's reason, e.g. `aborted`, `successful`, `end_of_media`), a session no longer listed
 * has "ended" (its item is the session as last seen). A session that starts and ends between
 * two polls is never seen, so choose a poll interval shorter than a backup.
 */
function ndmpSessions(ctx: IPollFunctions, events: TriggerEvent[]): Watch {
	const wantEnded = events.includes('ndmpSessionEnded');
	const wantHalted = events.includes('ndmpSessionHalted');
	return {
		key: 'ndmpSessions',
		async read() {
			return await ontapGetAll(ctx, {
				path: SESSIONS_PATH,
				qs: {
					fields:
						'uuid,id,node,svm,data,mover,data_path,client_address,backup_engine,tape_device,source_address',
				},
				returnAll: true,
				limit: 0,
			});
		},
		idOf: (session) => `${String(session.uuid ?? '')}/${String(session.id ?? '')}`,
		noteOf: withoutLinks,
		changes(now, before) {
			if (!now)
				return wantEnded && before
					? [{ json: { ...before, event: 'ndmpSessionEnded', halted: isHalted(before) } }]
					: [];
			if (wantHalted && isHalted(now) && !(before && isHalted(before))) {
				return [{ json: { ...withoutLinks(now), event: 'ndmpSessionHalted' } }];
			}
			return [];
		},
	};
}

/** One poll over the chosen events (see nodes/shared/cursor.ts for the exactly-once rules). */
export async function pollEvents(
	ctx: IPollFunctions,
	events: TriggerEvent[],
): Promise<INodeExecutionData[][] | null> {
	const sources: EventSource[] = [];
	if (events.includes('backupFileCreated')) sources.push(backupFiles(ctx));
	if (events.includes(OVERDUE_EVENT)) sources.push(overdueFiles(ctx));
	if (events.includes('ndmpSessionEnded') || events.includes('ndmpSessionHalted'))
		sources.push(ndmpSessions(ctx, events));
	return await pollStreams(ctx, sources);
}
