import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { parameter, schemas } from '../../../shared/validation';
import { ontapRequest, segment } from '../../transport';
import { svmLocator } from '../common.descriptions';

const show = { resource: ['ndmpSvm'], operation: ['get'] };

export const description = updateDisplayOptions({ show }, [svmLocator(), concurrencyOptions()]);

export async function readNdmpSvm(ctx: IExecuteFunctions, itemIndex: number, svmUuid: string) {
	return await ontapRequest(ctx, {
		method: 'GET',
		path: `/api/protocols/ndmp/svms/${segment(svmUuid)}`,
		qs: { fields: '*' },
		itemIndex,
	});
}

/** One read per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const svmUuid = parameter(this, itemIndex, 'svm', 'SVM', schemas.uuid);
	return jsonItems(await readNdmpSvm(this, itemIndex, svmUuid));
}
