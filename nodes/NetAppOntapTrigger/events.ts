import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { ontapGetAll } from '../NetAppOntap/transport';
import { pollStreams, type Stream } from '../shared/cursor';

export const EVENTS = ['backupFileCreated'] as const;
export type TriggerEvent = (typeof EVENTS)[number];

const BACKUPS_PATH = '/api/support/configuration-backup/backups';

/** When ONTAP says the file was made (its `time`, the cluster's clock). */
const madeAt = (record: IDataObject) => {
	const time = Date.parse(String(record.time ?? ''));
	return Number.isFinite(time) ? time : 0;
};
/** A file is known by its node and its name. */
const fileId = (record: IDataObject) =>
	`${String((record.node as IDataObject | undefined)?.uuid ?? '')}/${String(record.name ?? '')}`;

/**
 * Configuration backup files on every node: the ones the cluster makes on its own schedules
 * (8-hourly, daily, weekly) and any made by hand. ONTAP keeps a few of each, so every file is
 * read and the cursor picks what is new by the file's time.
 */
function backupFiles(ctx: IPollFunctions): Stream {
	return {
		key: 'backupFiles',
		async read(since) {
			const files = await ontapGetAll(ctx, {
				path: BACKUPS_PATH,
				qs: { fields: 'node,name,size,time,type,version' },
				returnAll: true,
				limit: 0,
			});
			return since === undefined ? files : files.filter((file) => madeAt(file) >= since);
		},
		timeOf: madeAt,
		idOf: fileId,
		itemOf: (file) => ({ json: { ...file, event: 'backupFileCreated' } }),
	};
}

const STREAMS: Record<TriggerEvent, (ctx: IPollFunctions) => Stream> = {
	backupFileCreated: backupFiles,
};

/** One poll over the chosen events (see nodes/shared/cursor.ts for the exactly-once rules). */
export async function pollEvents(
	ctx: IPollFunctions,
	events: TriggerEvent[],
): Promise<INodeExecutionData[][] | null> {
	return await pollStreams(
		ctx,
		events.map((event) => STREAMS[event](ctx)),
	);
}
