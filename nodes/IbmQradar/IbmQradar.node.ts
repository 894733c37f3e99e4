import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as backup from './actions/backup';
import * as backupConfiguration from './actions/backupConfiguration';
import * as restore from './actions/restore';
import { router } from './actions/router';
import { listSearch } from './methods';

export class IbmQradar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IBM QRadar',
		name: 'ibmQradar',
		icon: { light: 'file:../../icons/qradar.svg', dark: 'file:../../icons/qradar.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, list and restore IBM QRadar (JSA) backups',
		defaults: { name: 'IBM QRadar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ibmQradarApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Backup', value: 'backup' },
					{ name: 'Backup Configuration', value: 'backupConfiguration' },
					{ name: 'Restore', value: 'restore' },
				],
				default: 'backup',
			},
			...backup.description,
			...backupConfiguration.description,
			...restore.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
