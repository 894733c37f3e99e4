import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as backup from './actions/backup';
import * as catalog from './actions/catalog';
import * as cloud from './actions/cloud';
import * as job from './actions/job';
import * as license from './actions/license';
import * as ransomwareScan from './actions/ransomwareScan';
import * as restore from './actions/restore';
import { router } from './actions/router';
import * as sfr from './actions/sfr';
import * as storageGrid from './actions/storageGrid';
import * as workingEnvironment from './actions/workingEnvironment';
import { listSearch } from './methods';

export class NetAppBlueXpBackup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetApp BlueXP Backup',
		name: 'netAppBlueXpBackup',
		icon: { light: 'file:../../icons/bluexp.svg', dark: 'file:../../icons/bluexp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Back up and restore ONTAP volumes with NetApp BlueXP backup and recovery',
		defaults: { name: 'NetApp BlueXP Backup' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netAppBlueXpApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Backup', value: 'backup' },
					{ name: 'Catalog', value: 'catalog' },
					{ name: 'Cloud', value: 'cloud' },
					{ name: 'Job', value: 'job' },
					{ name: 'License', value: 'license' },
					{ name: 'Ransomware Scan', value: 'ransomwareScan' },
					{ name: 'Restore', value: 'restore' },
					{ name: 'Single File Restore', value: 'sfr' },
					{ name: 'StorageGRID', value: 'storageGrid' },
					{ name: 'Working Environment', value: 'workingEnvironment' },
				],
				default: 'backup',
			},
			...workingEnvironment.description,
			...backup.description,
			...restore.description,
			...job.description,
			...catalog.description,
			...sfr.description,
			...license.description,
			...ransomwareScan.description,
			...storageGrid.description,
			...cloud.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
