import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { parameter, schemas } from '../../../shared/validation';
import { segment, bluexpClient, bluexpJobFor, jobOutput } from '../../transport';
import {
	LONG_WAIT,
	readVolumeId,
	readWait,
	readWorkingEnvironment,
	volumeIdProperty,
	waitOptionsCollection,
	workingEnvironmentLocator,
} from '../common.descriptions';

export const description = updateDisplayOptions(
	{ show: { resource: ['backup'], operation: ['createAdHoc'] } },
	[
		workingEnvironmentLocator(),
		volumeIdProperty,
		{
			displayName: 'Backup Name',
			name: 'backupName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'before-upgrade',
			description: 'The name of the ad-hoc backup',
		},
		{
			displayName: 'SnapMirror Label',
			name: 'snapmirrorLabel',
			type: 'string',
			default: 'daily',
			description: 'The label that decides which retention rule keeps this backup',
		},
		waitOptionsCollection(LONG_WAIT, 'backup'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const we = readWorkingEnvironment(this, itemIndex);
	const volume = readVolumeId(this, itemIndex);
	const name = parameter(this, itemIndex, 'backupName', 'Backup Name', schemas.requiredText);
	const label = parameter(
		this,
		itemIndex,
		'snapmirrorLabel',
		'SnapMirror Label',
		schemas.requiredText,
		'daily',
	);
	const wait = readWait(this, itemIndex, LONG_WAIT);
	const request: ApplianceRequest = {
		method: 'POST',
		path: `v3/backup/working-environment/${segment(we)}/volume/${segment(volume)}`,
		body: { mode: 'AD_HOC', 'adhoc-backup-details': { name, snapmirrorLabel: label } },
	};
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`ad-hoc backup "${name}" of volume ${volume}`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
