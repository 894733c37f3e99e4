import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { collection, z } from '../../../shared/validation';
import { readRules, rulesProperty } from '../common.descriptions';

/** When backups move to archival storage: part of a policy, and of activating backup. */
export const archiveAfterDaysOption: INodeProperties = {
	displayName: 'Archive After Days',
	name: 'archiveAfterDays',
	type: 'number',
	default: 30,
	typeOptions: { minValue: 0 },
	description: 'Move backups to archival storage after this many days',
};

export const policyProperties: INodeProperties[] = [
	rulesProperty,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [archiveAfterDaysOption],
	},
];

const additionalSchema = z.object({
	archiveAfterDays: z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(0, 'must not be negative')
		.optional(),
});

/** The retention rules and Archive After Days the user set. */
export function readPolicyFields(ctx: IExecuteFunctions, itemIndex: number) {
	const rule = readRules(ctx, itemIndex);
	const fields = collection(
		ctx,
		itemIndex,
		'additionalFields',
		'Additional Fields',
		additionalSchema,
	);
	return { rule, archiveAfterDays: fields.archiveAfterDays };
}
