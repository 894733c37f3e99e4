import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations, type OperationTable } from '../../shared/router';
import * as backup from './backup';
import * as catalog from './catalog';
import * as cloud from './cloud';
import * as job from './job';
import * as license from './license';
import * as ransomwareScan from './ransomwareScan';
import * as restore from './restore';
import * as sfr from './sfr';
import * as storageGrid from './storageGrid';
import * as workingEnvironment from './workingEnvironment';

const operations = {
	workingEnvironment: workingEnvironment.operations,
	backup: backup.operations,
	restore: restore.operations,
	job: job.operations,
	catalog: catalog.operations,
	sfr: sfr.operations,
	license: license.operations,
	ransomwareScan: ransomwareScan.operations,
	storageGrid: storageGrid.operations,
	cloud: cloud.operations,
} satisfies OperationTable;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations(this, operations);
}
