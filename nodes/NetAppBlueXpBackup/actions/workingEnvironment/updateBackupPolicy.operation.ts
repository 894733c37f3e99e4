import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { invalidParameter, parameter, schemas } from '../../../shared/validation';
import { segment, startAndWait } from '../../transport';
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
	{ show: { resource: ['workingEnvironment'], operation: ['updateBackupPolicy'] } },
	[
		workingEnvironmentLocator(),
		{
			displayName: 'Policy Name',
			name: 'policyName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'daily-30',
			description: 'The name of the backup policy to change',
		},
		...policyProperties,
		waitOptionsCollection(SHORT_WAIT, 'policy update'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const name = parameter(this, itemIndex, 'policyName', 'Policy Name', schemas.pathSegment);
	const { body } = readPolicyBody(this, itemIndex, name);
	if (Object.keys(body).length < 2) {
		throw invalidParameter(
			this,
			'rules',
			'Retention Rules',
			'add at least one rule or an additional field to change',
			itemIndex,
		);
	}
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	return await startAndWait(
		this,
		itemIndex,
		{
			method: 'PUT',
			path: `${wePath(we)}/backup-policy/${segment(name)}`,
			body,
			// the same PUT twice sets the same policy
			retry: 'notProcessed',
		},
		`update of backup policy "${name}"`,
		wait,
	);
}
