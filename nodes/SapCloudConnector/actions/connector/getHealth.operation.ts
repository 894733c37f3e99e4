import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sapRequest, VERSION_PATH } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['connector'], operation: ['getHealth'] } },
	[],
);

/**
 * One item that says whether the connector is fit to take a backup: it answers (with its
 * version), its role, and its memory and disk use from the monitoring API.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const read = async (path: string) =>
		await sapRequest<IDataObject>(this, { method: 'GET', path, itemIndex });
	const [version, connector, memory, disk] = await Promise.all([
		read(VERSION_PATH),
		read('/api/v1/configuration/connector'),
		read('/api/monitoring/memory'),
		read('/api/monitoring/disk'),
	]);
	return [
		{
			json: {
				status: 'UP',
				checkedAt: new Date().toISOString(),
				version: version.version ?? null,
				ha: connector.ha ?? null,
				memory,
				disk,
			},
		},
	];
}
