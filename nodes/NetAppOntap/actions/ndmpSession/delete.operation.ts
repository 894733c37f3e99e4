import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { ontapRequest } from '../../transport';
import { readSession, sessionProperties } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['ndmpSession'], operation: ['delete'] } },
	[...sessionProperties(), concurrencyOptions()],
);

/** One read (or kill) per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { ownerUuid, sessionId, path } = readSession(this, itemIndex);
	await ontapRequest(this, { method: 'DELETE', path, itemIndex });
	return jsonItems({ deleted: true, ownerUuid, sessionId });
}
