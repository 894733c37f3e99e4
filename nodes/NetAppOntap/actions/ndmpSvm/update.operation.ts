import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { parameter, schemas, updateFields, z } from '../../../shared/validation';
import { ontapRequest, segment } from '../../transport';
import { svmLocator } from '../common.descriptions';
import { ndmpSettingFields, ndmpSettingsBody, ndmpSettingsSchema } from '../ndmpSettings';
import { readNdmpSvm } from './get.operation';

const show = { resource: ['ndmpSvm'], operation: ['update'] };

const properties: INodeProperties[] = [
	svmLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: ndmpSettingFields,
	},
];

export const description = updateDisplayOptions({ show }, properties);

const schema = z.object(ndmpSettingsSchema).strict();

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const svmUuid = parameter(this, itemIndex, 'svm', 'SVM', schemas.uuid);
	const fields = updateFields(this, itemIndex, schema);
	await ontapRequest(this, {
		method: 'PATCH',
		path: `/api/protocols/ndmp/svms/${segment(svmUuid)}`,
		body: ndmpSettingsBody(fields),
		retry: 'idempotent',
		itemIndex,
	});
	return jsonItems(await readNdmpSvm(this, itemIndex, svmUuid));
}
