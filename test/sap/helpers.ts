import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SapCloudConnectorApi } from '../../credentials/SapCloudConnectorApi.credentials';
import { SapCloudConnector } from '../../nodes/SapCloudConnector/SapCloudConnector.node';
import {
	SEED,
	configurationOf,
	createBackup,
	startSapCloudConnectorEmulator,
	type SapCloudConnectorEmulator,
	type SapConfiguration,
	type SapEmulatorOptions,
	type SapRecordedRequest,
} from '../emulators/sapCloudConnector';
import { runNode, type RunNodeOptions } from '../harness';
import {
	expectFailed,
	expectNoSecrets,
	visibleText,
	visibleTextOutsideParameters,
} from '../harness/assertions';

// what every node's tests check the same way (test/harness/assertions.ts)
export { expectFailed, expectNoSecrets, visibleText, visibleTextOutsideParameters };

export const SAP_TYPE = 'n8n-nodes-backup-restore.sapCloudConnector';
export const BACKUP_PASSWORD = 'Backup-Secret-42';
/** The Administrator password the emulator accepts (the credential's secret). */
export const CREDENTIAL_PASSWORD = SEED.credentials.password;

export const BACKUP_PATH = '/api/v1/configuration/backup';
export const VERSION_PATH = '/api/v1/connector/version';

export const isBackupPost = (request: { method: string; path: string }) =>
	request.method === 'POST' && request.path === BACKUP_PATH;
export const isRestorePut = (request: { method: string; path: string }) =>
	request.method === 'PUT' && request.path === BACKUP_PATH;

export function sapCredential(emulator: SapCloudConnectorEmulator, overrides: IDataObject = {}) {
	return {
		type: 'sapCloudConnectorApi',
		id: 'scc-1',
		name: 'Cloud Connector',
		data: {
			baseUrl: emulator.url,
			username: SEED.credentials.username,
			password: emulator.password,
			ignoreSslIssues: emulator.url.startsWith('https'),
			...overrides,
		},
	};
}

export type SapRunOptions = Partial<Omit<RunNodeOptions, 'parameters' | 'node' | 'nodeType'>> & {
	credentialData?: IDataObject;
};

export type SapRunResult = Awaited<ReturnType<typeof runNode>>;

/** Runs the SAP Cloud Connector node once, in-process, against the emulator. */
export async function runSap(
	emulator: SapCloudConnectorEmulator,
	parameters: Record<string, unknown>,
	options: SapRunOptions = {},
): Promise<SapRunResult> {
	const { credentialData, ...rest } = options;
	return await runNode({
		nodeType: SAP_TYPE,
		node: new SapCloudConnector(),
		credentialTypes: [new SapCloudConnectorApi()],
		credentials: [sapCredential(emulator, credentialData)],
		parameters,
		...rest,
	});
}

/** Parameters of Configuration Backup > Create. */
export const createParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'configurationBackup',
	operation: 'create',
	password: BACKUP_PASSWORD,
	...extra,
});

/** Parameters of Configuration Backup > Restore. */
export const restoreParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'configurationBackup',
	operation: 'restore',
	password: BACKUP_PASSWORD,
	...extra,
});

/** Restore `zip` (given as the input item's `data` binary) with the node. */
export async function restoreFrom(
	emulator: SapCloudConnectorEmulator,
	zip: Buffer,
	parameters: Record<string, unknown> = {},
	options: SapRunOptions & { fileName?: string } = {},
): Promise<SapRunResult> {
	const { fileName, ...rest } = options;
	return await runSap(emulator, restoreParameters(parameters), {
		inputItems: zipInput(zip, fileName),
		...rest,
	});
}

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** Requests the emulator received, as "METHOD path". */
export function calls(emulator: SapCloudConnectorEmulator): string[] {
	return emulator.requests.map((request) => `${request.method} ${request.path}`);
}

/** The restore uploads (PUT /api/v1/configuration/backup) the emulator received. */
export function restorePuts(emulator: SapCloudConnectorEmulator): SapRecordedRequest[] {
	return emulator.requests.filter(isRestorePut);
}

/** One emulator for the test file, started before the first test, reset before each, closed after the last. */
export function useSapEmulator(options?: SapEmulatorOptions): () => SapCloudConnectorEmulator {
	let emulator: SapCloudConnectorEmulator | undefined;
	beforeAll(async () => {
		emulator = await startSapCloudConnectorEmulator(options);
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(async () => {
		await emulator?.whenUp();
		emulator?.reset();
	});
	return () => {
		if (!emulator) throw new Error('the SAP Cloud Connector emulator is not running');
		return emulator;
	};
}

/** A backup made by the node, as the restore's input item. */
export async function backupItem(emulator: SapCloudConnectorEmulator, password = BACKUP_PASSWORD) {
	const result = await runSap(emulator, createParameters({ password }));
	const item = result.items[0];
	if (!item || result.error) throw new Error(`backup failed: ${result.error?.message}`);
	const zip = await result.binaryBuffer(item, 'data');
	return { item, zip };
}

/**
 * A backup of the emulator's current configuration, built by the emulator's own archive
 * writer (what its POST answers) without a request: for tests about the restore alone.
 */
export async function seedBackup(
	emulator: SapCloudConnectorEmulator,
	password = BACKUP_PASSWORD,
): Promise<Buffer> {
	return await createBackup(configurationOf(emulator), password, emulator.state.version);
}

export function zipInput(zip: Buffer, fileName = 'scc-backup.zip', property = 'data') {
	return [
		{ json: {}, binary: { [property]: { data: zip, fileName, mimeType: 'application/zip' } } },
	];
}

/** A refused restore changed nothing: same configuration, no restore counted, no restart begun. */
export function expectNothingRestored(
	emulator: SapCloudConnectorEmulator,
	before: SapConfiguration,
) {
	expect(configurationOf(emulator)).toEqual(before);
	expect(emulator.state.restores).toBe(0);
	expect(emulator.state.lastRestore?.restart).toBeUndefined();
	expect(emulator.restarting).toBe(false);
}
