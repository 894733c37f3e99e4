import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { invalidParameter, updateFields, z } from '../../../shared/validation';
import { ontapRequest } from '../../transport';
import { readSettings } from './get.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Password',
				name: 'password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'Password for the backup destination. ONTAP never returns it.',
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://backup.example.com/ontap',
				description: 'Where the cluster uploads its configuration backups (http:// or https://)',
			},
			{
				displayName: 'Username',
				name: 'username',
				type: 'string',
				default: '',
				description: 'User name for the backup destination',
			},
			{
				displayName: 'Validate Certificate',
				name: 'validateCertificate',
				type: 'boolean',
				default: false,
				description:
					'Whether the cluster checks the certificate of an https:// destination (https only)',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['configurationBackup'], operation: ['update'] } },
	properties,
);

const schema = z
	.object({
		url: z
			.string()
			.trim()
			.refine((value) => /^https?:\/\/[^/\s]+/i.test(value), {
				message:
					'must start with http:// or https:// followed by a host (ONTAP accepts no other scheme)',
			})
			.optional(),
		username: z
			.string()
			.min(1, 'must not be empty (leave the field out to keep the current one)')
			.optional(),
		password: z
			.string()
			.min(1, 'must not be empty (leave the field out to keep the current one)')
			.optional(),
		validateCertificate: z.boolean().optional(),
	})
	.strict();

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const fields = updateFields(this, itemIndex, schema);
	// ONTAP refuses certificate validation with an http URL (5963794): check the pair that
	// will be in force, reading the stored half when this update changes only one of them
	const needsStored =
		(fields.validateCertificate === true && fields.url === undefined) ||
		(fields.url !== undefined &&
			/^http:/i.test(fields.url) &&
			fields.validateCertificate === undefined);
	const stored = needsStored ? await readSettings(this, itemIndex) : {};
	const url = fields.url ?? String(stored.url ?? '');
	const validate = fields.validateCertificate ?? stored.validate_certificate === true;
	if (validate && !/^https:\/\//i.test(url)) {
		throw invalidParameter(
			this,
			fields.validateCertificate ? 'updateFields.validateCertificate' : 'updateFields.url',
			fields.validateCertificate ? 'Update Fields > Validate Certificate' : 'Update Fields > URL',
			fields.validateCertificate
				? `can only be turned on for an https:// URL (the URL is "${url || 'not set'}")`
				: 'is http:// while certificate validation is on: add Validate Certificate (off) to this update, or use https://',
			itemIndex,
		);
	}
	const body: IDataObject = {};
	if (fields.url !== undefined) body.url = fields.url;
	if (fields.username !== undefined) body.username = fields.username;
	if (fields.password !== undefined) body.password = fields.password;
	if (fields.validateCertificate !== undefined)
		body.validate_certificate = fields.validateCertificate;
	await ontapRequest(this, {
		method: 'PATCH',
		path: '/api/support/configuration-backup',
		body,
		// setting the same values twice leaves the same settings: safe to repeat
		retry: 'idempotent',
		itemIndex,
	});
	return jsonItems(await readSettings(this, itemIndex));
}
