import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { getItems, weVolumePath } from '../../transport';
import {
	readVolumeId,
	readWorkingEnvironment,
	volumeIdProperty,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['getVolume'] } },
	[workingEnvironmentLocator(), volumeIdProperty, concurrencyOptions()],
);

/** One read (or kill) per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	return await getItems(this, itemIndex, weVolumePath(we, volume));
}
