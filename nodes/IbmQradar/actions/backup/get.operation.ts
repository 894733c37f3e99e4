import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { BACKUPS_PATH, itemPath, qradarRequest } from '../../transport';
import { backupLocator, readId } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['get'] } },
	[backupLocator('The backup to get'), concurrencyOptions()],
);

/** One read (or kill) per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readId(this, itemIndex, 'backup', 'Backup');
	return jsonItems(
		await qradarRequest(this, { method: 'GET', path: itemPath(BACKUPS_PATH, id), itemIndex }),
	);
}
