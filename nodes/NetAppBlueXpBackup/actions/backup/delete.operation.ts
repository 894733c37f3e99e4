import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { startAndWait } from '../../transport';
import {
	LONG_WAIT,
	readVolumeId,
	readWait,
	readWorkingEnvironment,
	volumeIdProperty,
	waitOptionsCollection,
	weVolumePath,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['delete'] } },
	[
		workingEnvironmentLocator(),
		{ ...volumeIdProperty, description: 'The volume whose backups are deleted' },
		waitOptionsCollection(LONG_WAIT, 'deletion'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	const wait = readWait(this, itemIndex, LONG_WAIT);
	return await startAndWait(
		this,
		itemIndex,
		{ method: 'DELETE', path: weVolumePath(we, volume) },
		`deletion of the backups of volume ${volume}`,
		wait,
	);
}
