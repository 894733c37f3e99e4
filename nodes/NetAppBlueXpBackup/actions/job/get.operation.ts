import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { concurrencyOptions } from '../../../shared/descriptions';
import { jsonItems } from '../../../shared/router';
import { parameter, schemas } from '../../../shared/validation';
import { bluexpRequest, JOB_PATH, recordsOf, segment } from '../../transport';

export const description = updateDisplayOptions(
	{ show: { resource: ['job'], operation: ['get'] } },
	[
		{
			displayName: 'Job ID',
			name: 'jobId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '4a2b1b3c-5d6e-7f80-9a1b-2c3d4e5f6a7b',
			description: 'The job ID that an operation answered with',
		},
		concurrencyOptions(),
	],
);

/** One read per item: items may run side by side (Options > Concurrency). */
export const concurrent = true;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobId = parameter(this, itemIndex, 'jobId', 'Job ID', schemas.pathSegment);
	const body = await bluexpRequest<unknown>(this, {
		method: 'GET',
		path: `${JOB_PATH}/${segment(jobId)}`,
		itemIndex,
	});
	// `{job: [{id, type, status, error, time, working-environment-id, data}]}`: one item per job
	return jsonItems(recordsOf(body, ['job', 'jobs']));
}
