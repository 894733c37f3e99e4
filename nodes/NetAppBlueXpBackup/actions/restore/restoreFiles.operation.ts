import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { invalidParameter, parameter, schemas, z } from '../../../shared/validation';
import { bluexpClient, bluexpJobFor, jobOutput, RESTORE_PATH } from '../../transport';
import {
	LONG_WAIT,
	readWait,
	snapshotNameProperty,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { buildRestore, readRestore, targetProperties } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['restore'], operation: ['restoreFiles'] } },
	[
		workingEnvironmentLocator('The working environment the backup was taken from'),
		{ ...volumeIdProperty, description: 'The ID of the backed up volume' },
		{ ...snapshotNameProperty, description: 'The backup to restore from (Backup > Get Snapshots)' },
		{
			displayName: 'Files',
			name: 'files',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add File',
			default: {},
			required: true,
			description:
				'The files and folders to restore (SFR > List Files or Catalog > Search find them)',
			options: [
				{
					displayName: 'File',
					name: 'file',
					values: [
						{
							displayName: 'Path',
							name: 'path',
							type: 'string',
							default: '',
							placeholder: '/projects/report.docx',
							description: 'The path in the volume',
						},
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: [
								{ name: 'File', value: 'FILE' },
								{ name: 'Directory', value: 'DIRECTORY' },
							],
							default: 'FILE',
						},
						{
							displayName: 'Size (Bytes)',
							name: 'size',
							type: 'number',
							default: 0,
							typeOptions: { minValue: 0 },
							description: 'The size as listed (0 when unknown)',
						},
					],
				},
			],
		},
		...targetProperties(true),
		waitOptionsCollection(LONG_WAIT, 'restore'),
	],
);

const filesSchema = z
	.object({
		file: z
			.array(
				z.object({
					path: schemas.filePath,
					type: z.enum(['FILE', 'DIRECTORY']).default('FILE'),
					size: z.number().min(0, 'must not be negative').optional(),
				}),
			)
			.optional(),
	})
	.optional();

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const input = readRestore(this, itemIndex, 'FILE');
	const files = parameter(this, itemIndex, 'files', 'Files', filesSchema, {})?.file ?? [];
	if (!files.length) {
		throw invalidParameter(this, 'files', 'Files', 'add at least one file or folder', itemIndex);
	}
	const wait = readWait(this, itemIndex, LONG_WAIT);
	const client = bluexpClient(this);
	const { restore, volumeName } = await buildRestore(this, client, itemIndex, input);
	restore.file = files.map((file) => ({ path: file.path, type: file.type, size: file.size ?? 0 }));
	const request: ApplianceRequest = { method: 'POST', path: RESTORE_PATH, body: { restore } };
	const started = await runJob(
		this,
		client,
		bluexpJobFor(
			`restore of ${files.length} file${files.length > 1 ? 's' : ''} from volume "${volumeName}" ("${input.snapshot}")`,
			{ [input.volume]: volumeName },
		),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
