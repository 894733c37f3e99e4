import * as https from 'node:https';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { IbmQradarApi } from '../../credentials/IbmQradarApi.credentials';
import { IbmQradar } from '../../nodes/IbmQradar/IbmQradar.node';
import { IbmQradarTrigger } from '../../nodes/IbmQradarTrigger/IbmQradarTrigger.node';
import {
	SEED,
	startIbmQradarEmulator,
	type QradarEmulator,
	type QradarEmulatorOptions,
	type QradarRecordedRequest,
} from '../emulators/ibmQradar';
import {
	runListSearch,
	runNode,
	runPoll,
	type RunNodeOptions,
	type RunPollOptions,
} from '../harness';

export const QRADAR_TYPE = 'n8n-nodes-backup-restore.ibmQradar';
export const TRIGGER_TYPE = 'n8n-nodes-backup-restore.ibmQradarTrigger';
export const TOKEN = SEED.token;

export const BACKUPS = '/api/backup_and_restore/backups';
export const RESTORES = '/api/backup_and_restore/restores';
export const CONFIGURATIONS = '/api/config/backup_and_restore/scheduled_backup_configurations';

export function qradarCredential(emulator: QradarEmulator, overrides: IDataObject = {}) {
	return {
		type: 'ibmQradarApi',
		id: 'qradar-1',
		name: 'QRadar',
		data: {
			baseUrl: emulator.url,
			token: emulator.token,
			apiVersion: '26.0',
			ignoreSslIssues: true,
			...overrides,
		},
	};
}

export type QradarRunOptions = Partial<Omit<RunNodeOptions, 'parameters' | 'node' | 'nodeType'>> & {
	credentialData?: IDataObject;
};
export type QradarRunResult = Awaited<ReturnType<typeof runNode>>;

/** Runs the IBM QRadar node once, in-process, against the emulator. */
export async function runQradar(
	emulator: QradarEmulator,
	parameters: Record<string, unknown>,
	options: QradarRunOptions = {},
): Promise<QradarRunResult> {
	const { credentialData, ...rest } = options;
	return await runNode({
		nodeType: QRADAR_TYPE,
		node: new IbmQradar(),
		credentialTypes: [new IbmQradarApi()],
		credentials: [qradarCredential(emulator, credentialData)],
		parameters,
		...rest,
	});
}

/** Runs the trigger's poll() once through n8n's PollContext. */
export async function pollTrigger(
	emulator: QradarEmulator,
	events: string[],
	options: Partial<Omit<RunPollOptions, 'node' | 'nodeType'>> = {},
) {
	return await runPoll({
		nodeType: TRIGGER_TYPE,
		node: new IbmQradarTrigger(),
		credentialTypes: [new IbmQradarApi()],
		credentials: [qradarCredential(emulator)],
		parameters: { events },
		...options,
	});
}

/** The editor opening a locator's list. */
export async function listSearch(
	emulator: QradarEmulator,
	method: 'searchBackups' | 'searchRestores',
	parameters: Record<string, unknown>,
	filter?: string,
	paginationToken?: string,
) {
	return await runListSearch({
		nodeType: QRADAR_TYPE,
		node: new IbmQradar(),
		method,
		filter,
		paginationToken,
		credentials: [qradarCredential(emulator)],
		credentialTypes: [new IbmQradarApi()],
		parameters,
	});
}

/** A locator value typed by ID. */
export const byId = (id: string | number) => ({ __rl: true, mode: 'id', value: String(id) });

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** Requests the emulator received, as "METHOD path". */
export function calls(emulator: QradarEmulator): string[] {
	return emulator.requests.map((request) => `${request.method} ${request.path}`);
}

export function header(request: QradarRecordedRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(',') : value;
}

export const posts = (emulator: QradarEmulator, path: string) =>
	emulator.requests.filter((r) => r.method === 'POST' && r.path === path);

export { expectFailed, expectNoSecrets, visibleText } from '../harness/assertions';

/** One emulator for the test file, started before the first test, reset before each, closed after the last. */
export function useQradarEmulator(options: QradarEmulatorOptions = {}): () => QradarEmulator {
	let emulator: QradarEmulator | undefined;
	beforeAll(async () => {
		emulator = await startIbmQradarEmulator({ restoreOutageMs: 300, ...options });
	});
	afterAll(async () => {
		await emulator?.whenUp();
		await emulator?.close();
	});
	beforeEach(async () => {
		await emulator?.whenUp();
		emulator?.reset();
	});
	return () => {
		if (!emulator) throw new Error('the QRadar emulator is not running');
		return emulator;
	};
}

/** Fast waiting for tests. */
export const FAST = { pollInterval: 0.1, timeout: 20 };

export const createBackupParameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'backup',
	operation: 'create',
	name: 'n8n_test_backup',
	options: { waitForCompletion: false },
	...extra,
});

/** Adds a PENDING restore of backup 1 straight into the emulator's state. */
export function seedPendingRestore(emulator: QradarEmulator, status = 'PENDING'): number {
	const id = emulator.state.nextRestoreId++;
	emulator.state.restores.push({
		id,
		backup_id: 1,
		backup_name: 'nightly_config_20250101',
		backup_type: 'CONFIG',
		backup_version: SEED.version,
		backup_filename: 'x.tgz',
		groups: ['DEPLOYMENT_CONFIG'],
		host_id: SEED.consoleHostId,
		initiated_by: 'admin',
		is_cross_deployment_restore: false,
		status: status as never,
		time_initiated: Date.now(),
		time_completed: null,
	});
	return id;
}

/** One call straight to the emulator with the right token (no node code), e.g. an admin's action. */
export async function rawCall(
	emulator: QradarEmulator,
	method: string,
	path: string,
	headers: Record<string, string> = { Accept: 'application/json' },
): Promise<{ status: number; body: unknown }> {
	return await new Promise((resolve, reject) => {
		const request = https.request(
			`${emulator.url}${path}`,
			{ method, headers: { SEC: emulator.token, ...headers }, rejectUnauthorized: false },
			(response) => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
				response.on('end', () => {
					let body: unknown = text || undefined;
					try {
						body = text ? JSON.parse(text) : undefined;
					} catch {
						// not JSON: the text itself
					}
					resolve({ status: response.statusCode ?? 0, body });
				});
			},
		);
		request.on('error', reject);
		request.end();
	});
}
