import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { invalidParameter, parameter, schemas } from '../../../shared/validation';
import { bluexpClient, bluexpJobFor, jobOutput, recordsOf, segment, wePath } from '../../transport';
import {
	readWait,
	readWorkingEnvironment,
	SHORT_WAIT,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';
import { policyProperties, readPolicyFields } from './policy';

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

/** A policy as `GET .../backup-policy` lists it, its rules as the PUT takes them. */
function rulesOf(policy: IDataObject): Array<{ label: string; retention: string }> {
	const rules = Array.isArray(policy.rule) ? (policy.rule as IDataObject[]) : [];
	return rules.map((rule) => ({ label: String(rule.label), retention: String(rule.retention) }));
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const name = parameter(this, itemIndex, 'policyName', 'Policy Name', schemas.pathSegment);
	const { rule, archiveAfterDays } = readPolicyFields(this, itemIndex);
	if (!rule.length && archiveAfterDays === undefined) {
		throw invalidParameter(
			this,
			'rules',
			'Retention Rules',
			'add at least one rule or an additional field to change',
			itemIndex,
		);
	}
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	const client = bluexpClient(this);
	// NetApp requires rule[] in the PUT: with only Archive After Days changed, the policy's
	// current rules are read and sent back unchanged (the policy name is the path, not the body)
	const body: IDataObject = { rule };
	if (!rule.length) {
		const listed = await client.request<unknown>({
			method: 'GET',
			path: `${wePath(we)}/backup-policy`,
			itemIndex,
		});
		const current = recordsOf(client.redact(listed.body), ['backup-policy', 'policy']).find(
			(policy) => policy.name === name,
		);
		if (!current) {
			throw new NodeOperationError(
				this.getNode(),
				`Invalid parameter "Policy Name": backup policy "${name}" does not exist in working environment ${we}`,
				{
					description:
						'Working Environment > Get Backup Policies lists the policies. Nothing was changed.',
					itemIndex,
				},
			);
		}
		body.rule = rulesOf(current);
		if (!(body.rule as unknown[]).length) {
			throw new NodeOperationError(
				this.getNode(),
				`Backup policy "${name}" has no retention rules to send back`,
				{
					description:
						'BlueXP requires rule[] in a policy update: add the rules under Retention Rules. Nothing was changed.',
					itemIndex,
				},
			);
		}
	}
	// strings, as in NetApp's reference and Terraform provider
	if (archiveAfterDays !== undefined) body['archive-after-days'] = String(archiveAfterDays);
	const request: ApplianceRequest = {
		method: 'PUT',
		path: `${wePath(we)}/backup-policy/${segment(name)}`,
		body,
		// the same PUT twice sets the same policy
		retry: 'notProcessed',
	};
	const started = await runJob(
		this,
		client,
		bluexpJobFor(`update of backup policy "${name}"`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
