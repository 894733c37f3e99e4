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
import { expectFailed, expectNoSecrets, visibleText } from '../harness/assertions';

// what every node's tests check the same way (test/harness/assertions.ts)
export { expectFailed, expectNoSecrets, visibleText };

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

/** Removes `parameters` from n8n node objects (anything with a `typeVersion`) inside a parsed value. */
function withoutNodeParameters(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutNodeParameters);
	if (value === null || typeof value !== 'object') return value;
	const copy: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
		if (key === 'parameters' && 'typeVersion' in (value as object)) continue;
		copy[key] = withoutNodeParameters(child);
	}
	return copy;
}

/**
 * visibleText() minus the node's own parameters that n8n-core copies into a failed run:
 * the error carries the node, and the node carries the parameters as the user typed them
 * (the Backup Password among them), both in the run data and in n8n's "Workflow execution
 * finished with error" log line. That copy is n8n's, not the node's: a node cannot keep it
 * out. Everything the node produces (items, message, description, error response, its
 * log lines) is still checked.
 */
export function visibleTextOutsideParameters(result: SapRunResult): string {
	const logs = result.logs.map((line) => {
		for (let at = line.indexOf('{'); at !== -1; at = line.indexOf('{', at + 1)) {
			try {
				const meta: unknown = JSON.parse(line.slice(at));
				return `${line.slice(0, at)}${JSON.stringify(withoutNodeParameters(meta))}`;
			} catch {
				// not the start of the metadata
			}
		}
		return line;
	});
	return JSON.stringify({
		items: result.items.map((item) => item.json),
		error: result.error,
		logs,
		run: withoutNodeParameters(JSON.parse(JSON.stringify(result.runData))),
	});
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
