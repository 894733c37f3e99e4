import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { BACKUPS_PATH, itemPath, qradarRequest } from '../../transport';
import { backupLocator, readId } from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['delete'] } },
	[backupLocator('The backup to delete, with its file')],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readId(this, itemIndex, 'backup', 'Backup');
	// 202: the backup goes to DELETING, then disappears with its file
	const answer = await qradarRequest<IDataObject>(
		this,
		{
			method: 'DELETE',
			path: itemPath(BACKUPS_PATH, id),
			// repeated only when the console cannot have acted on it
			retry: 'notProcessed',
			itemIndex,
		},
		'backupDelete',
	);
	return jsonItems({ ...answer, id: answer.id ?? Number(id), deleted: true });
}
