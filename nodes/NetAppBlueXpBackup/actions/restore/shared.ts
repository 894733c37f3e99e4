import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import type { ApplianceClient } from '../../../shared/request';
import { collection, parameter, z } from '../../../shared/validation';
import { BACKUP_WE_PATH, recordsOf, weBackupPath } from '../../transport';
import { readSnapshotName, readVolumeId, readWorkingEnvironment } from '../common.descriptions';

const TARGET_VOLUME_NAME = 'Target Volume Name';

/** Where a restore writes, how fast archived backups are brought back, and the looked-up names. */
export function targetProperties(withPath: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Target SVM',
			name: 'targetSvm',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'svm_prod',
			description: 'The storage VM to restore to',
		},
		{
			displayName: TARGET_VOLUME_NAME,
			name: 'targetVolumeName',
			type: 'string',
			default: '',
			required: true,
			placeholder: withPath ? 'vol1' : 'vol1_restore',
			description: withPath
				? 'The volume the files are restored into'
				: 'The name of the new volume the backup is restored to',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Archive Restore Priority',
					name: 'archiveRestorePriority',
					type: 'options',
					options: [
						{ name: 'High', value: 'high' },
						{ name: 'Low', value: 'low' },
						{ name: 'Standard', value: 'standard' },
					],
					default: 'standard',
					description: 'How fast a backup in archival storage is brought back (and what it costs)',
				},
				{
					displayName: 'Bucket',
					name: 'bucket',
					type: 'string',
					default: '',
					description:
						"The bucket holding the backup; when not set, the node reads it from the working environment's backup status",
				},
				{
					displayName: 'Source Volume Name',
					name: 'sourceVolumeName',
					type: 'string',
					default: '',
					description:
						'The name of the backed up volume; when not set, the node looks it up in the backed up volumes of the working environment',
				},
				{
					displayName: 'Source Working Environment Name',
					name: 'sourceWorkingEnvironmentName',
					type: 'string',
					default: '',
					description:
						"The name of the working environment the backup was taken from; when not set, the node reads it from the working environment's backup status",
				},
				...(withPath
					? [
							{
								displayName: 'Target Path',
								name: 'targetPath',
								type: 'string' as const,
								default: '',
								placeholder: '/restored',
								description:
									'The folder in the target volume to restore into; the original location when not set',
							},
						]
					: []),
				{
					displayName: 'Target Working Environment ID',
					name: 'targetWorkingEnvironmentId',
					type: 'string',
					default: '',
					description: 'Restore to another working environment; the source one when not set',
				},
				{
					displayName: 'Target Working Environment Name',
					name: 'targetWorkingEnvironmentName',
					type: 'string',
					default: '',
					description:
						'The name of the target working environment; when not set, the source name (same environment) or the one BlueXP reports for the target ID',
				},
			],
		},
	];
}

const text = z.string().trim().optional();
const additionalSchema = z.object({
	archiveRestorePriority: z.enum(['high', 'low', 'standard']).optional(),
	bucket: text,
	sourceVolumeName: text,
	sourceWorkingEnvironmentName: text,
	targetPath: text,
	targetWorkingEnvironmentId: text,
	targetWorkingEnvironmentName: text,
});

const requiredText = z.string().trim().min(1, 'must not be empty');

/** What the user gave for a restore, checked before anything is sent. */
export interface RestoreInput {
	type: 'VOLUME' | 'FILE';
	we: string;
	volume: string;
	snapshot: string;
	svm: string;
	targetVolumeName: string;
	fields: z.infer<typeof additionalSchema>;
}

export function readRestore(
	ctx: IExecuteFunctions,
	itemIndex: number,
	type: 'VOLUME' | 'FILE',
): RestoreInput {
	return {
		type,
		we: readWorkingEnvironment(ctx, itemIndex),
		volume: readVolumeId(ctx, itemIndex),
		snapshot: readSnapshotName(ctx, itemIndex),
		svm: parameter(ctx, itemIndex, 'targetSvm', 'Target SVM', requiredText),
		targetVolumeName: parameter(
			ctx,
			itemIndex,
			'targetVolumeName',
			TARGET_VOLUME_NAME,
			requiredText,
		),
		fields: collection(ctx, itemIndex, 'additionalFields', 'Additional Fields', additionalSchema),
	};
}

const textOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

/**
 * A look-up GET: its answer, or (when BlueXP refused it with a 4xx) why not. Outages and
 * cancellation stay errors.
 */
async function lookUp(
	client: ApplianceClient,
	itemIndex: number,
	path: string,
	asked: string[],
): Promise<unknown> {
	asked.push(`GET ${path}`);
	try {
		const response = await client.request<unknown>({ method: 'GET', path, itemIndex });
		return client.redact(response.body);
	} catch (error) {
		if (error instanceof NodeApiError && /^4\d\d$/.test(String(error.httpCode ?? ''))) {
			asked[asked.length - 1] += ` (answered: ${error.message})`;
			return undefined;
		}
		throw asNodeError(client.errors.node, error, itemIndex);
	}
}

const WE_KEYS = ['working-environment', 'workingEnvironments', 'working-environments'];

/** Name and bucket of a working environment: its backup status, else the backup WE list. */
async function workingEnvironmentInfo(
	client: ApplianceClient,
	itemIndex: number,
	we: string,
	asked: string[],
): Promise<{ name?: string; bucket?: string }> {
	const status = (await lookUp(client, itemIndex, `${weBackupPath(we)}/status`, asked)) as
		IDataObject | undefined;
	let name = textOf(status?.name) ?? textOf(status?.['working-environment-name']);
	let bucket = textOf(status?.bucket);
	if (!name || !bucket) {
		const list = await lookUp(client, itemIndex, BACKUP_WE_PATH, asked);
		const record = recordsOf(list, WE_KEYS).find(
			(entry) =>
				entry.id === we || entry['public-id'] === we || entry['working-environment-id'] === we,
		);
		name ??= textOf(record?.name) ?? textOf(record?.['working-environment-name']);
		bucket ??= textOf(record?.bucket);
	}
	return { name, bucket };
}

/** The name of a backed up volume, from `GET v1/backup/working-environment/{we}/volume`. */
async function volumeNameOf(
	client: ApplianceClient,
	itemIndex: number,
	we: string,
	volume: string,
	asked: string[],
): Promise<string | undefined> {
	const list = await lookUp(client, itemIndex, `${weBackupPath(we)}/volume`, asked);
	const record = recordsOf(list, ['volume', 'volumes']).find((entry) =>
		['file-system-id', 'volume-id', 'id', 'uuid'].some((key) => entry[key] === volume),
	);
	return textOf(record?.name) ?? textOf(record?.['volume-name']);
}

/**
 * `{restore: {type, archive-restore-priority, source{...}, target{...}}}` without files.
 * NetApp requires every source field and the target's working environment id and name;
 * what the user did not set is looked up (the node's inference, not NetApp's workflow), and
 * what can be neither found nor given is refused before the restore is sent.
 */
export async function buildRestore(
	ctx: IExecuteFunctions,
	client: ApplianceClient,
	itemIndex: number,
	input: RestoreInput,
): Promise<{ restore: IDataObject; volumeName: string }> {
	const { we, volume, snapshot, fields } = input;
	const asked: string[] = [];
	let weName = fields.sourceWorkingEnvironmentName || undefined;
	let bucket = fields.bucket || undefined;
	if (!weName || !bucket) {
		const info = await workingEnvironmentInfo(client, itemIndex, we, asked);
		weName ??= info.name;
		bucket ??= info.bucket;
	}
	const volumeName =
		fields.sourceVolumeName || (await volumeNameOf(client, itemIndex, we, volume, asked));
	const targetWe = fields.targetWorkingEnvironmentId || we;
	let targetWeName = fields.targetWorkingEnvironmentName || undefined;
	if (!targetWeName) {
		targetWeName =
			targetWe === we
				? weName
				: (await workingEnvironmentInfo(client, itemIndex, targetWe, asked)).name;
	}
	const missing = [
		[weName, 'Source Working Environment Name', 'source.working-environment-name'],
		[bucket, 'Bucket', 'source.bucket'],
		[volumeName, 'Source Volume Name', 'source.volume-name'],
		[targetWeName, 'Target Working Environment Name', 'target.working-environment-name'],
	].filter(([value]) => !value) as Array<[undefined, string, string]>;
	if (missing.length) {
		const labels = missing.map(([, label]) => `"${label}"`).join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`Missing ${labels}: BlueXP requires ${missing.map(([, , field]) => `restore.${field}`).join(', ')} and the node could not look ${missing.length > 1 ? 'them' : 'it'} up`,
			{
				description: `Set ${labels} under Additional Fields. The node asked ${asked.join('; ') || 'nothing'}. Nothing was restored.`,
				itemIndex,
			},
		);
	}
	const source: IDataObject = {
		'working-environment-id': we,
		'working-environment-name': weName,
		bucket,
		'volume-name': volumeName,
		'volume-id': volume,
		snapshot,
	};
	const target: IDataObject = {
		'working-environment-id': targetWe,
		'working-environment-name': targetWeName,
		svm: input.svm,
		'volume-name': input.targetVolumeName,
	};
	if (input.type === 'FILE' && fields.targetPath) target.path = fields.targetPath;
	const restore: IDataObject = { type: input.type, source, target };
	if (fields.archiveRestorePriority)
		restore['archive-restore-priority'] = fields.archiveRestorePriority;
	return { restore, volumeName: volumeName! };
}
