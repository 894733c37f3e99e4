import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getItems } from '../../transport';
import { readVolumeId, volumeIdProperty } from '../common.descriptions';
import { sfrVolumePath } from './shared';

export const description = updateDisplayOptions(
	{ show: { resource: ['sfr'], operation: ['getExploreStatus'] } },
	[volumeIdProperty],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const volume = readVolumeId(this, itemIndex);
	return await getItems(this, itemIndex, `${sfrVolumePath(volume)}/file-explore/status`);
}
