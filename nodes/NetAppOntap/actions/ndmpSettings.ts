import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { z } from '../../shared/validation';

/** NDMP settings shared by nodes and SVMs: on/off and how backup applications authenticate. */
export const ndmpSettingFields: INodeProperties[] = [
	{
		displayName: 'Authentication Types',
		name: 'authenticationTypes',
		type: 'multiOptions',
		default: [],
		options: [
			{ name: 'Challenge', value: 'challenge' },
			{ name: 'Plaintext', value: 'plaintext' },
			{ name: 'Plaintext SSO', value: 'plaintext_sso' },
		],
		description:
			'How NDMP backup applications authenticate; Plaintext SSO cannot be combined with the others',
	},
	{
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		description: 'Whether the NDMP service is enabled',
	},
];

export const ndmpSettingsSchema = {
	enabled: z.boolean().optional(),
	authenticationTypes: z
		.array(z.enum(['challenge', 'plaintext', 'plaintext_sso']))
		.min(1, 'must list at least one type')
		.refine((types) => !types.includes('plaintext_sso') || types.length === 1, {
			message: 'plaintext_sso cannot be combined with other types',
		})
		.optional(),
};

export function ndmpSettingsBody(fields: {
	enabled?: boolean;
	authenticationTypes?: string[];
}): IDataObject {
	const body: IDataObject = {};
	if (fields.enabled !== undefined) body.enabled = fields.enabled;
	if (fields.authenticationTypes !== undefined)
		body.authentication_types = fields.authenticationTypes;
	return body;
}
