import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { parameter, z } from '../../../shared/validation';
import { ontapRequest } from '../../transport';
import { readMode } from './get.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'svm',
		options: [
			{
				name: 'SVM Scope',
				value: 'svm',
				description: 'NDMP is configured and run per storage VM (recommended)',
			},
			{
				name: 'Node Scope',
				value: 'node',
				description: 'NDMP is configured and run per cluster node',
			},
		],
		description: 'Whether NDMP runs in SVM scope or node scope',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['ndmp'], operation: ['update'] } },
	properties,
);

const modeSchema = z.enum(['svm', 'node'], {
	errorMap: () => ({ message: 'must be svm or node' }),
});

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const mode = parameter(this, itemIndex, 'mode', 'Mode', modeSchema);
	await ontapRequest(this, {
		method: 'PATCH',
		path: '/api/protocols/ndmp',
		body: { mode },
		retry: 'idempotent',
		itemIndex,
	});
	return jsonItems(await readMode(this, itemIndex));
}
