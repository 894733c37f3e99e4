import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidParameter, parameter, schemas } from '../../../shared/validation';
import { startAndWait } from '../../transport';
import {
	readWait,
	readWorkingEnvironment,
	SHORT_WAIT,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { policyProperties, readPolicyBody } from './policy';
import { wePath } from './shared';

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
	const { body, ruleCount } = readPolicyBody(this, itemIndex, name);
	if (!ruleCount) {
		throw invalidParameter(this, 'rules', 'Retention Rules', 'add at least one rule', itemIndex);
	}
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	return await startAndWait(
		this,
		itemIndex,
		{ method: 'POST', path: `${wePath(we)}/backup-policy`, body },
		`creation of backup policy "${name}"`,
		wait,
	);
}
