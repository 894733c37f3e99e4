import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { ontapRequest } from '../../transport';
import { backupFileProperties, readBackupFile } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['configurationBackupFile'], operation: ['delete'] } },
	backupFileProperties(),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { nodeUuid, name, path } = readBackupFile(this, itemIndex);
	await ontapRequest(this, { method: 'DELETE', path, itemIndex });
	return jsonItems({ deleted: true, name, node: { uuid: nodeUuid } });
}
