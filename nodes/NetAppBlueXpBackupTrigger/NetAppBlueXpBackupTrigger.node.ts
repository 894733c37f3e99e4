import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readEvents } from '../shared/cursor';
import { overdueAfterProperty, overdueEventOption } from '../shared/overdue';
import { EVENTS, JOB_EVENTS, pollEvents } from './events';

export class NetAppBlueXpBackupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetApp BlueXP Backup Trigger',
		name: 'netAppBlueXpBackupTrigger',
		icon: { light: 'file:../../icons/bluexp.svg', dark: 'file:../../icons/bluexp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow when a NetApp BlueXP backup or restore job ends, or when a volume has no recent backup',
		defaults: { name: 'NetApp BlueXP Backup Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netAppBlueXpApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['jobCompletedWithFailures', 'jobFailed'],
				description: 'What starts the workflow',
				options: [
					overdueEventOption('backup of a volume with backup on'),
					{
						name: 'Job Completed',
						value: 'jobCompleted',
						description:
							'A backup or restore job ended COMPLETED, every volume and restore batch with it',
					},
					{
						name: 'Job Completed With Failures',
						value: 'jobCompletedWithFailures',
						description:
							'A backup or restore job ended COMPLETED, but a volume or restore batch FAILED (the item names them in failedParts)',
					},
					{
						name: 'Job Failed',
						value: 'jobFailed',
						description: 'A backup or restore job ended FAILED',
					},
				],
			},
			overdueAfterProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: { show: { events: [...JOB_EVENTS] } },
				options: [
					{
						displayName: 'Job Types',
						name: 'jobTypes',
						type: 'string',
						default: '',
						placeholder: 'BACKUP_ADHOC, RESTORE',
						description:
							"The jobs whose end starts the workflow, by BlueXP's job type, separated by commas (* for every job). Empty: every job whose type names a backup or a restore, except deletions, unregistrations and activations.",
					},
				],
			},
			{
				displayName:
					'When the workflow is activated, the trigger only notes where BlueXP stands: jobs that ended before are not emitted (an overdue backup is). A test run returns the latest match.',
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
