import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { ontapRequest } from '../../transport';
import { backupFileProperties, readBackupFile } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['configurationBackupFile'], operation: ['get'] } },
	[...backupFileProperties(), concurrencyOptions()],
);

/** One read per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { path } = readBackupFile(this, itemIndex);
	return jsonItems(
		await ontapRequest(this, { method: 'GET', path, qs: { fields: '*' }, itemIndex }),
	);
}
