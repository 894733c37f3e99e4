import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { readWaitOptions, runJob, waitOptions, type WaitSettings } from '../../../shared/jobs';
import { jsonItems } from '../../../shared/router';
import { parameter, schemas } from '../../../shared/validation';
import { ontapClient, ontapJob } from '../../transport';

const show = { resource: ['job'], operation: ['get'] };

/** Get reads once unless asked to wait. */
const WAIT: WaitSettings = { waitForCompletion: false, timeout: 900, pollInterval: 5 };

const properties: INodeProperties[] = [
	{
		displayName: 'Job UUID',
		name: 'jobUuid',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0d4b2bbe-86d1-11e0-ae1c-123478563412',
		description:
			'UUID of the job, e.g. the job.uuid output by an operation that did not wait for completion',
	},
	optionsCollection(waitOptions(WAIT, 'job')),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const jobUuid = parameter(this, itemIndex, 'jobUuid', 'Job UUID', schemas.uuid);
	const wait = readWaitOptions(this, itemIndex, WAIT);
	const client = ontapClient(this);
	const job = ontapJob();
	if (wait.waitForCompletion) {
		const { result } = await runJob(this, client, job, { follow: jobUuid }, wait, itemIndex);
		return jsonItems(result?.record ?? {});
	}
	const answer = await client.request<IDataObject>({ ...job.look(jobUuid), itemIndex });
	return jsonItems(client.redact(answer.body));
}
