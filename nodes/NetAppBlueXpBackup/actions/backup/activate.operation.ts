import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { collection, parameter, schemas, z } from '../../../shared/validation';
import { segment, bluexpClient, bluexpJobFor, jobOutput } from '../../transport';
import { archiveAfterDaysOption } from '../workingEnvironment/policy';
import {
	jsonObjectSchema,
	providerProperty,
	providerSchema,
	LONG_WAIT,
	readRules,
	readWait,
	readWorkingEnvironment,
	rulesProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['activate'] } },
	[
		workingEnvironmentLocator('The working environment to activate backups on'),
		{ ...providerProperty, description: 'The cloud whose object storage receives the backups' },
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'eastus2',
			description: 'The region of the object storage',
		},
		rulesProperty,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				archiveAfterDaysOption,
				{
					displayName: 'Auto Backup Enabled',
					name: 'autoBackupEnabled',
					type: 'boolean',
					default: false,
					description:
						'Whether to back up every existing volume and the volumes created later, not only new ones',
				},
				{
					displayName: 'Bucket',
					name: 'bucket',
					type: 'string',
					default: '',
					description: 'An existing bucket (container) to use; BlueXP creates one when not set',
				},
				{
					displayName: 'IP Space',
					name: 'ipSpace',
					type: 'string',
					default: 'Default',
					description: 'The ONTAP IPspace of the intercluster LIFs',
				},
				{
					displayName: 'Provider Settings (JSON)',
					name: 'providerSettings',
					type: 'json',
					default: '{}',
					description:
						'Settings for the chosen provider, sent as its "aws", "azure" or "gcp" object, e.g. {"resource-group": "rg", "subscription": "…"} for Azure',
				},
			],
		},
		waitOptionsCollection(LONG_WAIT, 'activation'),
	],
);

const additionalSchema = z.object({
	archiveAfterDays: z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(0, 'must not be negative')
		.optional(),
	autoBackupEnabled: z.boolean().optional(),
	bucket: z.string().trim().optional(),
	ipSpace: z.string().trim().optional(),
	providerSettings: jsonObjectSchema.optional(),
});

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const provider = parameter(this, itemIndex, 'provider', 'Provider', providerSchema);
	const region = parameter(this, itemIndex, 'region', 'Region', schemas.requiredText);
	const rule = readRules(this, itemIndex);
	const fields = collection(
		this,
		itemIndex,
		'additionalFields',
		'Additional Fields',
		additionalSchema,
	);
	const wait = readWait(this, itemIndex, LONG_WAIT);

	const policy: IDataObject = {};
	if (rule.length) policy.rule = rule;
	if (fields.archiveAfterDays !== undefined)
		policy['archive-after-days'] = String(fields.archiveAfterDays);
	const body: IDataObject = { provider: provider.toUpperCase(), region };
	if (Object.keys(policy).length) body['backup-policy'] = policy;
	if (fields.bucket) body.bucket = fields.bucket;
	if (fields.ipSpace) body['ip-space'] = fields.ipSpace;
	if (fields.autoBackupEnabled !== undefined)
		body['auto-backup-enabled'] = fields.autoBackupEnabled;
	if (fields.providerSettings && Object.keys(fields.providerSettings).length) {
		body[provider] = fields.providerSettings as IDataObject;
	}
	const request: ApplianceRequest = {
		method: 'POST',
		path: `v3/backup/working-environment/${segment(we)}`,
		body,
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`backup activation on ${we}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
