import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FilterSpec } from '../../filters';
import { collectionProperties, listCollection } from '../collection';

const show = { resource: ['ndmpSvm'], operation: ['getAll'] };

const filters: FilterSpec[] = [
	{ apiName: 'svm.name', type: 'string' },
	{ apiName: 'svm.uuid', type: 'string' },
	{
		apiName: 'enabled',
		type: 'boolean',
		description: 'Whether to list only SVMs with NDMP enabled, or only disabled ones',
	},
	{
		apiName: 'authentication_types',
		type: 'string',
		description: 'Only SVMs that allow this authentication type',
	},
];

export const description = updateDisplayOptions({ show }, collectionProperties(filters));

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listCollection(this, itemIndex, '/api/protocols/ndmp/svms', filters);
}
