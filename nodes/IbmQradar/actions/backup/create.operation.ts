import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { readWaitOptions, runJob, waitOptions, type WaitSettings } from '../../../shared/jobs';
import { jsonItems } from '../../../shared/router';
import { collection, parameter, z } from '../../../shared/validation';
import { backupJob, BACKUPS_PATH, qradarClient, startRequest } from '../../transport';

const show = { resource: ['backup'], operation: ['create'] };

/** Configuration backups take minutes, data backups may take hours. */
const WAIT: WaitSettings = { waitForCompletion: true, timeout: 3600, pollInterval: 10 };

const properties: INodeProperties[] = [
	{
		displayName: 'Backup Type',
		name: 'backupType',
		type: 'options',
		options: [
			{
				name: 'Configuration',
				value: 'CONFIG',
				description: 'The console configuration (runs on the console)',
			},
			{
				name: 'Data',
				value: 'DATA',
				description: 'Event and flow data of a host that stores Ariel data',
			},
		],
		default: 'CONFIG',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'nightly_2026-01-31',
		description:
			'A unique name of up to 100 characters, made of letters, digits, underscores, hyphens and dots (no spaces)',
	},
	{
		displayName: 'Configuration ID',
		name: 'configurationId',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 0 },
		description:
			'The deployed backup configuration to use (QRadar has one, with ID 1; see Backup Configuration > Get Many)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'A description of the backup, up to 255 characters',
			},
			{
				displayName: 'Host ID',
				name: 'hostId',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'The managed host to back up (a Data backup); the console when not set. IDs are listed under Admin > System and License Management.',
			},
		],
	},
	optionsCollection(waitOptions(WAIT, 'backup')),
];

export const description = updateDisplayOptions({ show }, properties);

const nameSchema = z
	.string({ invalid_type_error: 'must be text', required_error: 'must not be empty' })
	.trim()
	.min(1, 'must not be empty')
	.max(100, 'must be at most 100 characters')
	.regex(/^[A-Za-z0-9_.-]+$/, 'must contain only letters, digits, _, - and . (no spaces)');

const additionalSchema = z.object({
	description: z.string().max(255, 'must be at most 255 characters').optional(),
	hostId: z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(0, 'must not be negative')
		.optional(),
});

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const backupType = parameter(
		this,
		itemIndex,
		'backupType',
		'Backup Type',
		z.enum(['CONFIG', 'DATA'], { message: 'must be CONFIG or DATA' }),
		'CONFIG',
	);
	const name = parameter(this, itemIndex, 'name', 'Name', nameSchema);
	const configurationId = parameter(
		this,
		itemIndex,
		'configurationId',
		'Configuration ID',
		z
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.min(0, 'must not be negative'),
		1,
	);
	const fields = collection(
		this,
		itemIndex,
		'additionalFields',
		'Additional Fields',
		additionalSchema,
	);
	const wait = readWaitOptions(this, itemIndex, WAIT);

	const body: IDataObject = { name, configuration_id: configurationId };
	if (fields.description) body.description = fields.description;
	// 0 is the field's "not set"
	if (fields.hostId) body.host_id = fields.hostId;

	// creating twice would make two backups (or a 1005): sent exactly once, never retried
	const { answer, result } = await runJob(
		this,
		qradarClient(this),
		backupJob,
		{
			start: startRequest(
				{ method: 'POST', path: BACKUPS_PATH, headers: { backup_type: backupType }, body },
				'backupCreate',
			),
		},
		wait,
		itemIndex,
	);
	return jsonItems(result?.record ?? answer);
}
