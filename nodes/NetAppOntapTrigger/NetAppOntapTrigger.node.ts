import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readEvents } from '../shared/cursor';
import { EVENTS, pollEvents } from './events';

export class NetAppOntapTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetApp ONTAP Trigger',
		name: 'netAppOntapTrigger',
		icon: { light: 'file:../../icons/netapp.svg', dark: 'file:../../icons/netapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a NetApp ONTAP cluster makes a configuration backup file',
		defaults: { name: 'NetApp ONTAP Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netAppOntapApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['backupFileCreated'],
				description: 'What starts the workflow',
				options: [
					{
						name: 'Configuration Backup File Created',
						value: 'backupFileCreated',
						description:
							'A node has a new configuration backup file (the cluster makes them 8-hourly, daily and weekly, or one was made by hand)',
					},
				],
			},
			{
				displayName:
					'When the workflow is activated, the trigger only notes the newest file: files made before are not emitted. A test run returns the newest file.',
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
