import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { locatorProperty, optionsCollection } from '../../shared/descriptions';
import type { WaitSettings } from '../../shared/jobs';
import { readWaitOptions, waitOptions } from '../../shared/jobs';
import { parameter, schemas, z } from '../../shared/validation';

/** Backups, restores and scans run for minutes to hours. */
export const LONG_WAIT: WaitSettings = { waitForCompletion: true, timeout: 3600, pollInterval: 10 };
/** Setup calls (policies, registration) finish within minutes. */
export const SHORT_WAIT: WaitSettings = { waitForCompletion: true, timeout: 600, pollInterval: 5 };

export const workingEnvironmentLocator = (
	description = 'The working environment (Cloud Volumes ONTAP or on-premises ONTAP cluster)',
	name = 'workingEnvironment',
	displayName = 'Working Environment',
): INodeProperties =>
	locatorProperty({
		name,
		displayName,
		searchListMethod: 'searchWorkingEnvironments',
		description,
		id: { displayName: 'By ID', placeholder: 'VsaWorkingEnvironment-99hPYEgk' },
	});

export const volumeIdProperty: INodeProperties = {
	displayName: 'Volume ID',
	name: 'volumeId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '9dd0f4b5-2a26-11ec-a2d5-1d0aa58ad4b3',
	description:
		'The volume ID (its file system ID); Backup > Get Volumes or Working Environment > Get Volumes list them',
};

export const snapshotNameProperty: INodeProperties = {
	displayName: 'Snapshot Name',
	name: 'snapshotName',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'daily.2024-01-31_0010',
	description: 'The backup (snapshot) name; Backup > Get Snapshots lists them',
};

export const waitOptionsCollection = (defaults: WaitSettings, what: string): INodeProperties =>
	optionsCollection(waitOptions(defaults, what));

export function readWait(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaults: WaitSettings,
): WaitSettings {
	return readWaitOptions(ctx, itemIndex, defaults);
}

/** The working environment ID, refused before sending when missing. */
export function readWorkingEnvironment(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'workingEnvironment',
	label = 'Working Environment',
): string {
	return parameter(ctx, itemIndex, name, label, schemas.pathSegment);
}

export function readVolumeId(ctx: IExecuteFunctions, itemIndex: number): string {
	return parameter(ctx, itemIndex, 'volumeId', 'Volume ID', schemas.pathSegment);
}

export function readSnapshotName(ctx: IExecuteFunctions, itemIndex: number): string {
	return parameter(ctx, itemIndex, 'snapshotName', 'Snapshot Name', schemas.pathSegment);
}

/** Retention rules (`rule[{label, retention}]`) of a backup policy. */
export const rulesProperty: INodeProperties = {
	displayName: 'Retention Rules',
	name: 'rules',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Rule',
	default: {},
	description: 'How many backups of each label to keep',
	options: [
		{
			displayName: 'Rule',
			name: 'rule',
			values: [
				{
					displayName: 'Label',
					name: 'label',
					type: 'string',
					default: 'daily',
					placeholder: 'daily',
					description: 'The SnapMirror label, e.g. hourly, daily, weekly, monthly, yearly',
				},
				{
					displayName: 'Retention',
					name: 'retention',
					type: 'number',
					default: 30,
					typeOptions: { minValue: 1 },
					description: 'How many backups with this label to keep',
				},
			],
		},
	],
};

const rulesSchema = z
	.object({
		rule: z
			.array(
				z.object({
					label: schemas.requiredText,
					retention: z
						.number({ invalid_type_error: 'must be a number' })
						.int('must be a whole number')
						.min(1, 'must be at least 1'),
				}),
			)
			.optional(),
	})
	.optional();

/** The retention rules as BlueXP takes them (retention as text, as in NetApp's examples). */
export function readRules(ctx: IExecuteFunctions, itemIndex: number) {
	const rules = parameter(ctx, itemIndex, 'rules', 'Retention Rules', rulesSchema, {});
	return (rules?.rule ?? []).map((rule) => ({
		label: rule.label,
		retention: String(rule.retention),
	}));
}

/** A JSON object typed by the user (an escape hatch for fields the node does not model). */
export const jsonObjectSchema = z
	.union([z.string(), z.record(z.unknown())])
	.transform((value, context) => {
		if (typeof value !== 'string') return value;
		if (!value.trim()) return {};
		try {
			const parsed: unknown = JSON.parse(value);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
				return parsed as Record<string, unknown>;
		} catch {
			// reported below
		}
		context.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a JSON object' });
		return z.NEVER;
	});
export const PROVIDERS = ['aws', 'azure', 'gcp'] as const;

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	options: [
		{ name: 'AWS', value: 'aws' },
		{ name: 'Azure', value: 'azure' },
		{ name: 'Google Cloud', value: 'gcp' },
	],
	default: 'aws',
	description: 'The cloud provider',
};

/** An unknown provider (set by an expression) is refused before anything is sent. */
export const providerSchema = z
	.string({ invalid_type_error: 'must be aws, azure or gcp' })
	.trim()
	.toLowerCase()
	.pipe(z.enum(PROVIDERS, { message: 'must be aws, azure or gcp' }));
