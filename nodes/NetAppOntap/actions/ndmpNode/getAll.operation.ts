import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { FilterSpec } from '../../filters';
import { collectionProperties, listCollection } from '../collection';

const show = { resource: ['ndmpNode'], operation: ['getAll'] };

const filters: FilterSpec[] = [
	{ apiName: 'node.name', type: 'string' },
	{ apiName: 'node.uuid', type: 'string' },
	{
		apiName: 'authentication_types',
		type: 'string',
		description: 'Only nodes that allow this authentication type',
	},
	{ apiName: 'user', type: 'string', description: 'Only nodes with this NDMP user' },
	{
		apiName: 'enabled',
		type: 'boolean',
		description: 'Whether to list only nodes with NDMP enabled, or only disabled ones',
	},
];

export const description = updateDisplayOptions({ show }, collectionProperties(filters));

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await listCollection(this, itemIndex, '/api/protocols/ndmp/nodes', filters);
}
