import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { downloadToBinary, SIGNATURES } from '../../../shared/binary';
import { requestTimeoutOption, optionsCollection } from '../../../shared/descriptions';
import { collection, schemas, z } from '../../../shared/validation';
import { connectorAddress, sapBaseUrl, sapClient } from '../../transport';
import { backupPasswordProperty, binaryPropertyNameProperty, readBackupParameters } from './shared';

const show = { resource: ['configurationBackup'], operation: ['create'] };

/** Building the archive of a large configuration takes a while. */
const BACKUP_TIMEOUT = 300;

const properties: INodeProperties[] = [
	{
		...backupPasswordProperty,
		description:
			'Password that encrypts the sensitive values inside the backup. The same password is needed to restore it.',
	},
	{
		...binaryPropertyNameProperty,
		displayName: 'Put Output File in Field',
		hint: 'The name of the output binary field to put the ZIP file in',
	},
	optionsCollection([requestTimeoutOption(BACKUP_TIMEOUT)]),
];

export const description = updateDisplayOptions({ show }, properties);

/** `scc-backup-2026-11-25T15-04-05Z.zip`: sortable, and safe as a file name everywhere. */
function backupFileName(at: Date): string {
	return `scc-backup-${at
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replace(/:/g, '-')}.zip`;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { password, binaryPropertyName } = readBackupParameters(
		this,
		itemIndex,
		'Put Output File in Field',
	);
	const options = collection(
		this,
		itemIndex,
		'options',
		'Options',
		z.object({ requestTimeout: schemas.seconds.optional() }),
	);
	const createdAt = new Date();
	const fileName = backupFileName(createdAt);
	const client = sapClient(this);
	client.maskAlso(password);
	const download = await downloadToBinary(this, client, {
		method: 'POST',
		path: '/api/v1/configuration/backup',
		body: { password },
		headers: { 'Content-Type': 'application/json' },
		// the connector builds the archive for this answer and keeps nothing: asking again
		// after a dropped answer creates no second backup anywhere
		retry: 'idempotent',
		fileName,
		mimeType: 'application/zip',
		what: 'the configuration backup',
		signature: SIGNATURES.zip,
		timeout: options.requestTimeout ?? BACKUP_TIMEOUT,
		itemIndex,
	});
	// where the backup came from, for a restore drill to refuse restoring it into the same
	// connector (a workflow cannot read credentials): the address only, never a secret
	const sourceConnector = connectorAddress(sapBaseUrl(await client.credentials(itemIndex))) ?? null;
	return [
		{
			json: {
				fileName: download.fileName,
				mimeType: 'application/zip',
				bytes: download.bytes,
				createdAt: createdAt.toISOString(),
				binaryPropertyName,
				sourceConnector,
			},
			binary: { [binaryPropertyName]: download.binary },
		},
	];
}
