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

export class IbmQradarTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IBM QRadar Trigger',
		name: 'ibmQradarTrigger',
		icon: { light: 'file:../../icons/qradar.svg', dark: 'file:../../icons/qradar.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when an IBM QRadar (JSA) backup or restore finishes, or a CONFIG backup is overdue',
		defaults: { name: 'IBM QRadar Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ibmQradarApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				description: 'Which finished backups and restores start the workflow',
				options: [
					{
						name: 'Backup Failed',
						value: 'backupFailed',
						description: 'A backup ended with status FAILED',
					},
					overdueEventOption('CONFIG backup'),
					{
						name: 'Backup Succeeded',
						value: 'backupSucceeded',
						description: 'A backup ended with status SUCCESS',
					},
					{
						name: 'Restore Failed',
						value: 'restoreFailed',
						description: 'A restore ended with status FAILED',
					},
					{
						name: 'Restore Succeeded',
						value: 'restoreSucceeded',
						description: 'A restore ended with status SUCCESS',
					},
				],
			},
			overdueAfterProperty,
			{
				displayName:
					'When the workflow is activated, the trigger only notes where the console stands: backups and restores that finished before are not emitted (an overdue backup is). A test run returns the most recent match.',
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
