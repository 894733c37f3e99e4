import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations, type OperationTable } from '../../shared/router';
import * as configurationBackup from './configurationBackup';
import * as configurationBackupFile from './configurationBackupFile';
import * as job from './job';
import * as ndmp from './ndmp';
import * as ndmpNode from './ndmpNode';
import * as ndmpSession from './ndmpSession';
import * as ndmpSvm from './ndmpSvm';

const operations = {
	configurationBackup: configurationBackup.operations,
	configurationBackupFile: configurationBackupFile.operations,
	job: job.operations,
	ndmp: ndmp.operations,
	ndmpNode: ndmpNode.operations,
	ndmpSession: ndmpSession.operations,
	ndmpSvm: ndmpSvm.operations,
} satisfies OperationTable;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations(this, operations);
}
