import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { sapRequest } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['getConfiguration'] } },
	[],
);

/** The connector's own settings: its high-availability role (`master` / `shadow`) and description. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return jsonItems(
		await sapRequest(this, { method: 'GET', path: '/api/v1/configuration/connector', itemIndex }),
	);
}
