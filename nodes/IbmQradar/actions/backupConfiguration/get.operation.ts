import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { parameter, z } from '../../../shared/validation';
import { CONFIGURATIONS_PATH, itemPath, qradarRequest } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['backupConfiguration'], operation: ['get'] } },
	[
		{
			displayName: 'Configuration ID',
			name: 'configurationId',
			type: 'number',
			default: 1,
			required: true,
			typeOptions: { minValue: 0 },
			description: 'The backup configuration to get (QRadar has one, with ID 1)',
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = parameter(
		this,
		itemIndex,
		'configurationId',
		'Configuration ID',
		z
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.min(0, 'must not be negative'),
		1,
	);
	return jsonItems(
		await qradarRequest(this, {
			method: 'GET',
			path: itemPath(CONFIGURATIONS_PATH, String(id)),
			itemIndex,
		}),
	);
}
