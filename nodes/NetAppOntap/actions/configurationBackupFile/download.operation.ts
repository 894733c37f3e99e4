import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/descriptions';
import { MAX_RETRIES, type ByteStream } from '../../../shared/request';
import { collection, parameter, schemas, z } from '../../../shared/validation';
import { ontapClient, ontapRequest } from '../../transport';
import { backupFileProperties, readBackupFile } from './shared';

const show = { resource: ['configurationBackupFile'], operation: ['download'] };

const properties: INodeProperties[] = [
	...backupFileProperties('download'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ ...requestTimeoutOption, default: 600 }],
	},
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
	const { timeout } = collection(
		this,
		itemIndex,
		'options',
		'Options',
		z.object({ timeout: z.number().positive().optional() }),
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

	const client = ontapClient(this);
	for (let attempt = 0; ; attempt++) {
		const response = await client.request<ByteStream>({
			method: 'GET',
			path: pathOf(link),
			expect: 'stream',
			headers: { Accept: MIME_TYPE },
			timeout: timeout ?? 600,
			itemIndex,
		});
		const contentType = String(response.headers['content-type'] ?? '');
		if (/html|json/i.test(contentType)) {
			// a login page or an error document is never a backup file
			response.body.destroy();
			throw new NodeApiError(
				this.getNode(),
				{ name, contentType },
				{
					message: `ONTAP answered the download of "${name}" with ${contentType.split(';')[0]} instead of the file`,
					description:
						"A proxy or login page stands between n8n and the cluster: check the credential's Base URL.",
					itemIndex,
				},
			);
		}
		const expected = Number(response.headers['content-length'] ?? record.size ?? NaN);
		try {
			// streamed into n8n's binary store: the file is never held whole in memory here
			const binary = await this.helpers.prepareBinaryData(
				response.body as unknown as Parameters<
					IExecuteFunctions['helpers']['prepareBinaryData']
				>[0],
				name,
				MIME_TYPE,
			);
			const received = binary.bytes;
			if (Number.isFinite(expected) && received !== undefined && received !== expected) {
				throw new Error(`received ${received} of ${expected} bytes`);
			}
			const { download_link: _link, ...details } = record;
			return [{ json: { ...details, downloaded: true }, binary: { [binaryPropertyName]: binary } }];
		} catch (error) {
			response.body.destroy();
			if (attempt < MAX_RETRIES) {
				await sleep(500 * 2 ** attempt);
				continue;
			}
			throw new NodeApiError(
				this.getNode(),
				{ name },
				{
					message: `The download of backup file "${name}" broke off`,
					description: `${(error as Error).message} after ${attempt + 1} attempts. The cluster or the network dropped the transfer: try again later.`,
					itemIndex,
				},
			);
		}
	}
}
