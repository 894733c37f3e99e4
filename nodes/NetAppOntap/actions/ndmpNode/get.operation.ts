import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { parameter, schemas } from '../../../shared/validation';
import { ontapRequest, segment } from '../../transport';
import { clusterNodeLocator } from '../common.descriptions';

const show = { resource: ['ndmpNode'], operation: ['get'] };

export const description = updateDisplayOptions({ show }, [
	clusterNodeLocator(),
	concurrencyOptions(),
]);

export async function readNdmpNode(ctx: IExecuteFunctions, itemIndex: number, nodeUuid: string) {
	return await ontapRequest(ctx, {
		method: 'GET',
		path: `/api/protocols/ndmp/nodes/${segment(nodeUuid)}`,
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
	const nodeUuid = parameter(this, itemIndex, 'clusterNode', 'Cluster Node', schemas.uuid);
	return jsonItems(await readNdmpNode(this, itemIndex, nodeUuid));
}
