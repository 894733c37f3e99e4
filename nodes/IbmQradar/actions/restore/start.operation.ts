import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { readWaitOptions, runJob, waitOptions, type WaitSettings } from '../../../shared/jobs';
import { jsonItems } from '../../../shared/router';
import { itemPath, qradarClient, RESTORES_PATH, restoreJob, startRequest } from '../../transport';
import { readId, restoreLocator } from '../common.descriptions';

const show = { resource: ['restore'], operation: ['start'] };

/** A restore stops every service on the console and may take hours. */
const WAIT: WaitSettings = { waitForCompletion: true, timeout: 7200, pollInterval: 30 };

const properties: INodeProperties[] = [
	restoreLocator('The PENDING restore to start (create it with Restore > Create)'),
	optionsCollection(waitOptions(WAIT, 'restore')),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = readId(this, itemIndex, 'restore', 'Restore');
	const wait = readWaitOptions(this, itemIndex, WAIT);
	// starting stops the console's services: sent exactly once; the wait rides out the outage
	const { answer, result } = await runJob(
		this,
		qradarClient(this),
		// the answer is the restore: its ID is the one asked for, whatever it says
		{ ...restoreJob, refOf: (started) => ({ ...restoreJob.refOf?.(started), id }) },
		{
			start: startRequest(
				{ method: 'POST', path: itemPath(RESTORES_PATH, id), body: { status: 'REQUESTING' } },
				'restoreStart',
			),
		},
		wait,
		itemIndex,
	);
	return jsonItems(result?.record ?? answer);
}
