import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { itemPath, qradarRequest, RESTORES_PATH } from '../../transport';
import { readId, restoreLocator } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['restore'], operation: ['delete'] } },
	[
		restoreLocator(
			'The restore to delete (PENDING, REQUESTING, INITIALIZING or IN_PROGRESS; deleting a running restore does not stop it)',
		),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readId(this, itemIndex, 'restore', 'Restore');
	// 204 without a body. IBM documents text/plain for this call (qradar4py asks for it too):
	// a console may refuse an Accept of application/json alone with 406
	await qradarRequest(
		this,
		{
			method: 'DELETE',
			path: itemPath(RESTORES_PATH, id),
			headers: { Accept: 'text/plain, */*' },
			retry: 'notProcessed',
			itemIndex,
		},
		'restoreDelete',
	);
	return jsonItems({ id: Number(id), deleted: true });
}
