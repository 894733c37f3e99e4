import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as configurationBackup from './actions/configurationBackup';
import * as configurationBackupFile from './actions/configurationBackupFile';
import * as job from './actions/job';
import * as ndmp from './actions/ndmp';
import * as ndmpNode from './actions/ndmpNode';
import * as ndmpSession from './actions/ndmpSession';
import * as ndmpSvm from './actions/ndmpSvm';
import { router } from './actions/router';
import { listSearch } from './methods';

export class NetAppOntap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetApp ONTAP',
		name: 'netAppOntap',
		icon: { light: 'file:../../icons/netapp.svg', dark: 'file:../../icons/netapp.dark.svg' },
		group: ['transform'],
		// 1.1: reads take their per-call limit as options.requestTimeout (see requestTimeoutOptions)
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Back up the cluster configuration and manage NDMP on NetApp ONTAP 9.7+',
		defaults: { name: 'NetApp ONTAP' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netAppOntapApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Configuration Backup File', value: 'configurationBackupFile' },
					{ name: 'Configuration Backup Setting', value: 'configurationBackup' },
					{ name: 'Job', value: 'job' },
					{ name: 'NDMP', value: 'ndmp' },
					{ name: 'NDMP Node', value: 'ndmpNode' },
					{ name: 'NDMP Session', value: 'ndmpSession' },
					{ name: 'NDMP SVM', value: 'ndmpSvm' },
				],
				default: 'configurationBackupFile',
			},
			...configurationBackup.description,
			...configurationBackupFile.description,
			...job.description,
			...ndmp.description,
			...ndmpNode.description,
			...ndmpSession.description,
			...ndmpSvm.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
