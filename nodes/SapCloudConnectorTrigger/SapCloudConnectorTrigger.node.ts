import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readEvents } from '../shared/cursor';
import { EVENTS, pollEvents } from './events';

export class SapCloudConnectorTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SAP Cloud Connector Trigger',
		name: 'sapCloudConnectorTrigger',
		icon: { light: 'file:../../icons/sap.svg', dark: 'file:../../icons/sap.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			"Starts the workflow when the SAP Cloud Connector's version or configuration changes, so a backup can follow every change",
		defaults: { name: 'SAP Cloud Connector Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sapCloudConnectorApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['configurationChanged'],
				description: 'What starts the workflow',
				options: [
					{
						name: 'Configuration Changed',
						value: 'configurationChanged',
						description:
							"The connector's version, its own settings (description, high-availability role) or its subaccounts differ from the last poll",
					},
				],
			},
			{
				displayName:
					'When the workflow is activated, the trigger only notes where the connector stands (a fingerprint of its version, settings and subaccounts): changes made before are not emitted. A test run returns the current state.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollEvents(this, readEvents(this, EVENTS));
	}
}
