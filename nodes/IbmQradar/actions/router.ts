import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations, type OperationTable } from '../../shared/router';
import * as backup from './backup';
import * as backupConfiguration from './backupConfiguration';
import * as restore from './restore';

const operations = {
	backup: backup.operations,
	backupConfiguration: backupConfiguration.operations,
	restore: restore.operations,
} satisfies OperationTable;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations(this, operations);
}
