import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { downloadToBinary, SIGNATURES } from '../../../shared/binary';
import { collection, parameter, schemas, z } from '../../../shared/validation';
import { ontapClient, ontapRequest } from '../../transport';
import { requestTimeoutOf, requestTimeoutOptions } from '../common.descriptions';
import { backupFileProperties, readBackupFile } from './shared';

const show = { resource: ['configurationBackupFile'], operation: ['download'] };

const DOWNLOAD_TIMEOUT = 600;

const properties: INodeProperties[] = [
	...backupFileProperties(),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	optionsCollection(requestTimeoutOptions(DOWNLOAD_TIMEOUT)),
];

export const description = updateDisplayOptions({ show }, properties);

const MIME_TYPE = 'application/x-7z-compressed';

/** The download link points at the cluster; it is fetched on the credential's own host so the password goes nowhere else. */
function pathOf(link: string): string {
	const url = new URL(link, 'http://placeholder');
	return `${url.pathname}${url.search}`;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { name, path } = readBackupFile(this, itemIndex);
	const binaryPropertyName = parameter(
		this,
		itemIndex,
		'binaryPropertyName',
		'Put Output File in Field',
		schemas.requiredText,
	);
	const options = collection(
		this,
		itemIndex,
		'options',
		'Options',
		z.object({
			requestTimeout: schemas.seconds.optional(),
			timeout: schemas.seconds.optional(),
		}),
	);
	const record = await ontapRequest<IDataObject>(this, {
		method: 'GET',
		path,
		qs: { fields: 'name,node,size,time,type,version,download_link' },
		itemIndex,
	});
	const link = typeof record.download_link === 'string' ? record.download_link : '';
	if (!link) {
		throw new NodeApiError(
			this.getNode(),
			{ name },
			{
				message: `ONTAP gave no download link for backup file "${name}"`,
				description:
					'The file may still be being written: wait for its backup job to finish, then try again.',
				itemIndex,
			},
		);
	}

	const download = await downloadToBinary(this, ontapClient(this), {
		path: pathOf(link),
		fileName: name,
		mimeType: MIME_TYPE,
		what: `backup file "${name}"`,
		expectedBytes: typeof record.size === 'number' ? record.size : undefined,
		signature: SIGNATURES.sevenZip,
		timeout: requestTimeoutOf(options) ?? DOWNLOAD_TIMEOUT,
		itemIndex,
	});
	const { download_link: _link, ...details } = record;
	return [
		{
			json: { ...details, downloaded: true, fileName: download.fileName, bytes: download.bytes },
			binary: { [binaryPropertyName]: download.binary },
		},
	];
}
