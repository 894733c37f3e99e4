import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { jsonItems } from '../../../shared/router';
import { parameter, z } from '../../../shared/validation';
import { qradarRequest, RESTORES_PATH } from '../../transport';
import { backupLocator, readId } from '../common.descriptions';

const show = { resource: ['restore'], operation: ['create'] };

/** The restore groups IBM documents (DOMAINS only on newer consoles). */
export const RESTORE_GROUPS = [
	'ASSETS_DATA',
	'CUSTOM_RULES_CONFIG',
	'DEPLOYMENT_CONFIG',
	'DOMAINS',
	'INSTALLED_APPS_CONFIG',
	'LICENSE_CONFIG',
	'OFFENSES_DATA',
	'QVM_CONFIG',
	'REPORT_TEMPLATES',
	'USERS_CONFIG',
] as const;

/** Groups QRadar restores only together with DEPLOYMENT_CONFIG (its code 1009). */
const NEED_DEPLOYMENT = ['INSTALLED_APPS_CONFIG', 'OFFENSES_DATA'];

const properties: INodeProperties[] = [
	backupLocator('The configuration backup to restore (type CONFIG, status SUCCESS)'),
	{
		displayName: 'Groups',
		name: 'groups',
		type: 'multiOptions',
		required: true,
		default: [],
		description:
			'What to restore from the backup. Installed Apps and Offenses need Deployment Configuration too.',
		options: [
			{ name: 'Assets', value: 'ASSETS_DATA' },
			{ name: 'Custom Rules', value: 'CUSTOM_RULES_CONFIG' },
			{
				name: 'Deployment Configuration',
				value: 'DEPLOYMENT_CONFIG',
				description: 'Hosts, network hierarchy and system settings',
			},
			{ name: 'Domains', value: 'DOMAINS', description: 'Only on newer consoles' },
			{ name: 'Installed Apps', value: 'INSTALLED_APPS_CONFIG' },
			{ name: 'License', value: 'LICENSE_CONFIG' },
			{ name: 'Offenses', value: 'OFFENSES_DATA' },
			{ name: 'QRadar Vulnerability Manager', value: 'QVM_CONFIG' },
			{ name: 'Report Templates', value: 'REPORT_TEMPLATES' },
			{ name: 'Users', value: 'USERS_CONFIG' },
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

const groupsSchema = z
	.array(z.enum(RESTORE_GROUPS, { message: `must be among ${RESTORE_GROUPS.join(', ')}` }), {
		invalid_type_error: 'must be a list of groups',
		required_error: 'choose at least one group',
	})
	.min(1, 'choose at least one group')
	.transform((groups) => [...new Set(groups)])
	.refine(
		(groups) =>
			groups.includes('DEPLOYMENT_CONFIG') ||
			!groups.some((group) => NEED_DEPLOYMENT.includes(group)),
		{
			message:
				'Installed Apps (INSTALLED_APPS_CONFIG) and Offenses (OFFENSES_DATA) can only be restored together with Deployment Configuration (DEPLOYMENT_CONFIG)',
		},
	);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const backupId = readId(this, itemIndex, 'backup', 'Backup');
	const groups = parameter(this, itemIndex, 'groups', 'Groups', groupsSchema, []);
	// a second POST would be refused (1011) or make a second restore: sent once
	return jsonItems(
		await qradarRequest(
			this,
			{
				method: 'POST',
				path: RESTORES_PATH,
				body: { backup_id: Number(backupId), groups },
				retry: 'never',
				itemIndex,
			},
			'restoreCreate',
		),
	);
}
