import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection, parameter, z } from '../../../shared/validation';
import { readSnapshotName, readVolumeId, readWorkingEnvironment } from '../common.descriptions';

export const RESTORE_PATH = 'v3/restore';

/** Where a restore writes, and how fast archived backups are brought back. */
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
			displayName: withPath ? 'Target Volume Name' : 'New Volume Name',
			name: 'targetVolumeName',
			type: 'string',
			default: '',
			required: true,
			placeholder: withPath ? 'vol1' : 'vol1_restore',
			description: withPath
				? 'The volume the files are restored into'
				: 'The name of the volume the backup is restored to',
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
					description: 'The bucket holding the backup, when BlueXP cannot tell it by itself',
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
			],
		},
	];
}

const additionalSchema = z.object({
	archiveRestorePriority: z.enum(['high', 'low', 'standard']).optional(),
	bucket: z.string().trim().optional(),
	targetPath: z.string().trim().optional(),
	targetWorkingEnvironmentId: z.string().trim().optional(),
});

/** `{restore: {type, archive-restore-priority, source{...}, target{...}}}` without files. */
export function readRestore(ctx: IExecuteFunctions, itemIndex: number, type: 'VOLUME' | 'FILE') {
	const we = readWorkingEnvironment(ctx, itemIndex);
	const volume = readVolumeId(ctx, itemIndex);
	const snapshot = readSnapshotName(ctx, itemIndex);
	const svm = parameter(
		ctx,
		itemIndex,
		'targetSvm',
		'Target SVM',
		z.string().trim().min(1, 'must not be empty'),
	);
	const volumeName = parameter(
		ctx,
		itemIndex,
		'targetVolumeName',
		'Target Volume Name',
		z.string().trim().min(1, 'must not be empty'),
	);
	const fields = collection(
		ctx,
		itemIndex,
		'additionalFields',
		'Additional Fields',
		additionalSchema,
	);
	const source: IDataObject = { 'working-environment-id': we, 'volume-id': volume, snapshot };
	if (fields.bucket) source.bucket = fields.bucket;
	const target: IDataObject = {
		'working-environment-id': fields.targetWorkingEnvironmentId || we,
		svm,
		'volume-name': volumeName,
	};
	if (type === 'FILE' && fields.targetPath) target.path = fields.targetPath;
	const restore: IDataObject = { type, source, target };
	if (fields.archiveRestorePriority)
		restore['archive-restore-priority'] = fields.archiveRestorePriority;
	return { restore, volume, snapshot };
}
