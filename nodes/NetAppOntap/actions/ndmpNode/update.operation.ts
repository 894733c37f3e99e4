import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { parameter, schemas, updateFields, z } from '../../../shared/validation';
import { ontapRequest, segment } from '../../transport';
import { clusterNodeLocator } from '../common.descriptions';
import { ndmpSettingFields, ndmpSettingsBody, ndmpSettingsSchema } from '../ndmpSettings';
import { readNdmpNode } from './get.operation';

const show = { resource: ['ndmpNode'], operation: ['update'] };

const properties: INodeProperties[] = [
	clusterNodeLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...ndmpSettingFields,
			{
				displayName: 'Password',
				name: 'password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'NDMP password of the node. ONTAP never returns it.',
			},
			{
				displayName: 'User',
				name: 'user',
				type: 'string',
				default: '',
				description: 'NDMP user of the node (needed before NDMP can be enabled)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

const schema = z
	.object({
		...ndmpSettingsSchema,
		user: schemas.requiredText.optional(),
		password: z.string().min(1, 'must not be empty').optional(),
	})
	.strict();

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const nodeUuid = parameter(this, itemIndex, 'clusterNode', 'Cluster Node', schemas.uuid);
	const fields = updateFields(this, itemIndex, schema);
	const body = ndmpSettingsBody(fields);
	if (fields.user !== undefined) body.user = fields.user;
	if (fields.password !== undefined) body.password = fields.password;
	await ontapRequest(this, {
		method: 'PATCH',
		path: `/api/protocols/ndmp/nodes/${segment(nodeUuid)}`,
		body,
		retry: 'idempotent',
		itemIndex,
	});
	return jsonItems(await readNdmpNode(this, itemIndex, nodeUuid));
}
