import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { invalidParameter, parameter, schemas } from '../../../shared/validation';
import { bluexpClient, bluexpJobFor, jobOutput, wePath } from '../../transport';
import {
	readWait,
	readWorkingEnvironment,
	SHORT_WAIT,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { policyProperties, readPolicyFields } from './policy';

export const description = updateDisplayOptions(
	{ show: { resource: ['workingEnvironment'], operation: ['createBackupPolicy'] } },
	[
		workingEnvironmentLocator(),
		{
			displayName: 'Policy Name',
			name: 'policyName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'daily-30',
			description: 'The name of the new backup policy',
		},
		...policyProperties,
		waitOptionsCollection(SHORT_WAIT, 'policy creation'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const name = parameter(this, itemIndex, 'policyName', 'Policy Name', schemas.requiredText);
	const { rule, archiveAfterDays } = readPolicyFields(this, itemIndex);
	if (!rule.length) {
		throw invalidParameter(this, 'rules', 'Retention Rules', 'add at least one rule', itemIndex);
	}
	const body: IDataObject = { name, rule };
	if (archiveAfterDays !== undefined) body['archive-after-days'] = String(archiveAfterDays);
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	const request: ApplianceRequest = { method: 'POST', path: `${wePath(we)}/backup-policy`, body };
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`creation of backup policy "${name}"`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
