import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runJob } from '../../../shared/jobs';
import type { ApplianceRequest } from '../../../shared/request';
import { parameter, schemas, z } from '../../../shared/validation';
import { bluexpClient, bluexpJobFor, jobOutput } from '../../transport';
import {
	jsonObjectSchema,
	readWait,
	SHORT_WAIT,
	waitOptionsCollection,
} from '../common.descriptions';
import { SG_PATH } from './getAll.operation';

export const description = updateDisplayOptions(
	{ show: { resource: ['storageGrid'], operation: ['create'] } },
	[
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'sg-dc1',
			description: 'A name for the StorageGRID system in BlueXP',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'sg.example.com',
			description: 'The FQDN or IP address of the StorageGRID gateway or admin node',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 443,
			typeOptions: { minValue: 1, maxValue: 65535 },
		},
		{
			displayName: 'Access Key',
			name: 'accessKey',
			type: 'string',
			default: '',
			required: true,
			description: 'The S3 access key of the StorageGRID tenant',
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The S3 secret key of the StorageGRID tenant',
		},
		{
			displayName: 'Additional Body (JSON)',
			name: 'additionalBody',
			type: 'json',
			default: '{}',
			description: 'Further fields sent as they are',
		},
		waitOptionsCollection(SHORT_WAIT, 'registration'),
	],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const name = parameter(this, itemIndex, 'name', 'Name', schemas.requiredText);
	const host = parameter(
		this,
		itemIndex,
		'host',
		'Host',
		schemas.requiredText.pipe(
			z
				.string()
				.regex(
					/^([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+$|^\[[0-9A-Fa-f:.]+\]$/,
					'must be a host name or an IP address (no scheme, port or path)',
				),
		),
	);
	const port = parameter(
		this,
		itemIndex,
		'port',
		'Port',
		z
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.min(1, 'must be at least 1')
			.max(65535, 'must be at most 65535'),
		443,
	);
	const accessKey = parameter(this, itemIndex, 'accessKey', 'Access Key', schemas.requiredText);
	const secretKey = parameter(this, itemIndex, 'secretKey', 'Secret Key', schemas.secret);
	const additional = parameter(
		this,
		itemIndex,
		'additionalBody',
		'Additional Body (JSON)',
		jsonObjectSchema,
		'{}',
	);
	const wait = readWait(this, itemIndex, SHORT_WAIT);
	const body: IDataObject = {
		...(additional as IDataObject),
		name,
		hostname: host,
		port,
		'access-key': accessKey,
		'secret-password': secretKey,
	};
	const request: ApplianceRequest = { method: 'POST', path: SG_PATH, body };
	const started = await runJob(
		this,
		bluexpClient(this),
		bluexpJobFor(`registration of StorageGRID "${name}" (${host})`),
		{ start: request },
		wait,
		itemIndex,
	);
	return jobOutput(started);
}
