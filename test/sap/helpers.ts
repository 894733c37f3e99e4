import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SapCloudConnectorApi } from '../../credentials/SapCloudConnectorApi.credentials';
import { SapCloudConnector } from '../../nodes/SapCloudConnector/SapCloudConnector.node';
import {
	SEED,
	startSapCloudConnectorEmulator,
	type SapCloudConnectorEmulator,
	type SapEmulatorOptions,
} from '../emulators/sapCloudConnector';
import { runNode, type RunNodeOptions } from '../harness';

export const SAP_TYPE = 'n8n-nodes-backup-restore.sapCloudConnector';
export const BACKUP_PASSWORD = 'Backup-Secret-42';

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

/** Runs the SAP Cloud Connector node once, in-process, against the emulator. */
export async function runSap(
	emulator: SapCloudConnectorEmulator,
	parameters: Record<string, unknown>,
	options: SapRunOptions = {},
) {
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

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** Requests the emulator received, as "METHOD path". */
export function calls(emulator: SapCloudConnectorEmulator): string[] {
	return emulator.requests.map((request) => `${request.method} ${request.path}`);
}

/** Everything a user can see of a run, as one string: to check no secret leaks. */
export function visibleText(result: Awaited<ReturnType<typeof runSap>>): string {
	return JSON.stringify({
		items: result.items.map((item) => item.json),
		error: result.error,
		logs: result.logs,
		run: result.runData,
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
	const result = await runSap(emulator, {
		resource: 'configurationBackup',
		operation: 'create',
		password,
	});
	const item = result.items[0];
	if (!item || result.error) throw new Error(`backup failed: ${result.error?.message}`);
	const zip = await result.binaryBuffer(item, 'data');
	return { item, zip };
}

export function zipInput(zip: Buffer, fileName = 'scc-backup.zip', property = 'data') {
	return [{ json: {}, binary: { [property]: { data: zip, fileName, mimeType: 'application/zip' } } }];
}
