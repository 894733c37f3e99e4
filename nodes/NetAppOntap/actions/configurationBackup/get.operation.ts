import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { ontapRequest } from '../../transport';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['configurationBackup'], operation: ['get'] } },
	properties,
);

/** The settings are read back after an update too, so both operations output the same shape. */
export async function readSettings(ctx: IExecuteFunctions, itemIndex: number) {
	return await ontapRequest(ctx, {
		method: 'GET',
		path: '/api/support/configuration-backup',
		qs: { fields: 'url,username,validate_certificate' },
		itemIndex,
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return jsonItems(await readSettings(this, itemIndex));
}
