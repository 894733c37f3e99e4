import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations, type OperationTable } from '../../shared/router';
import * as configurationBackup from './configurationBackup';
import * as connector from './connector';
import * as subaccount from './subaccount';

const operations = {
	configurationBackup: configurationBackup.operations,
	connector: connector.operations,
	subaccount: subaccount.operations,
} satisfies OperationTable;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations(this, operations);
}
