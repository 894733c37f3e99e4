import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { parameter, schemas } from '../../../shared/validation';
import { ontapClient, segment } from '../../transport';
import { svmLocator } from '../common.descriptions';

const show = { resource: ['ndmpSvm'], operation: ['generatePassword'] };

const properties: INodeProperties[] = [
	svmLocator(),
	{
		displayName: 'User',
		name: 'user',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'ndmpuser',
		description: 'The NDMP user to generate a password for',
	},
	{
		displayName:
			'Each run generates a new password and outputs it in the "password" field: it is the purpose of this operation. Treat the output as a secret (do not log it or keep execution data longer than needed).',
		name: 'passwordNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const svmUuid = parameter(this, itemIndex, 'svm', 'SVM', schemas.uuid);
	const user = parameter(this, itemIndex, 'user', 'User', schemas.pathSegment);
	const client = ontapClient(this);
	// a GET with a side effect (ONTAP makes a new password each time), so it is sent once
	const answer = await client.request({
		method: 'GET',
		path: `/api/protocols/ndmp/svms/${segment(svmUuid)}/passwords/${segment(user)}`,
		retry: 'never',
		itemIndex,
	});
	return jsonItems(client.redact(answer.body, ['password']));
}
