import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as configurationBackup from './actions/configurationBackup';
import * as connector from './actions/connector';
import { router } from './actions/router';
import * as subaccount from './actions/subaccount';
import { listSearch } from './methods';

export class SapCloudConnector implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SAP Cloud Connector',
		name: 'sapCloudConnector',
		icon: { light: 'file:../../icons/sap.svg', dark: 'file:../../icons/sap.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Back up and restore the SAP Cloud Connector configuration',
		defaults: { name: 'SAP Cloud Connector' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sapCloudConnectorApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Configuration Backup', value: 'configurationBackup' },
					{ name: 'Connector', value: 'connector' },
					{ name: 'Subaccount', value: 'subaccount' },
				],
				default: 'configurationBackup',
			},
			...configurationBackup.description,
			...connector.description,
			...subaccount.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
