import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readEvents } from '../shared/cursor';
import { overdueAfterProperty, overdueEventOption } from '../shared/overdue';
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
			'Starts the workflow when a NetApp ONTAP cluster makes a configuration backup file, a backup is overdue, or an NDMP session halts or ends',
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
					overdueEventOption('configuration backup file on a node'),
					{
						name: 'Configuration Backup File Created',
						value: 'backupFileCreated',
						description:
							'A node has a new configuration backup file (the cluster makes them 8-hourly, daily and weekly, or one was made by hand)',
					},
					{
						name: 'NDMP Session Ended',
						value: 'ndmpSessionEnded',
						description:
							'An NDMP session the last poll saw is no longer listed (its item is the session as last seen)',
					},
					{
						name: 'NDMP Session Halted',
						value: 'ndmpSessionHalted',
						description:
							"An NDMP session's data server or mover went to halted (ONTAP's reason says why, e.g. aborted or successful)",
					},
				],
			},
			overdueAfterProperty,
			{
				displayName:
					'When the workflow is activated, the trigger only notes where the cluster stands: files made and sessions halted before are not emitted (an overdue backup is). A test run returns the latest match.',
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
