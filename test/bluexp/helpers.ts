import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NetAppBlueXpApi } from '../../credentials/NetAppBlueXpApi.credentials';
import { NetAppBlueXpBackup } from '../../nodes/NetAppBlueXpBackup/NetAppBlueXpBackup.node';
import {
	SEED,
	startNetAppBlueXpEmulator,
	type NetAppBlueXpEmulator,
	type NetAppBlueXpOptions,
	type RecordedRequest,
} from '../emulators/netAppBlueXp';
import { runListSearch, runNode, type RunNodeOptions } from '../harness';

export { expectFailed, expectNoSecrets, visibleText } from '../harness/assertions';

export { SEED };

export const BLUEXP_TYPE = 'n8n-nodes-backup-restore.netAppBlueXpBackup';
export const CREDENTIAL_TYPE = 'netAppBlueXpApi';

export function bluexpCredential(emulator: NetAppBlueXpEmulator, overrides: IDataObject = {}) {
	return {
		type: CREDENTIAL_TYPE,
		id: 'bluexp-1',
		name: 'BlueXP',
		data: {
			authType: 'refreshToken',
			refreshToken: SEED.refreshToken,
			clientId: SEED.refreshClientId,
			accountId: emulator.accountId,
			agentId: emulator.connectorId,
			baseUrl: emulator.url,
			tokenUrl: `${emulator.url}/auth/oauth/token`,
			audience: SEED.audience,
			accessToken: '',
			...overrides,
		},
	};
}

export type BlueXpRunOptions = Partial<Omit<RunNodeOptions, 'parameters' | 'node' | 'nodeType'>> & {
	credentialData?: IDataObject;
};
export type BlueXpRunResult = Awaited<ReturnType<typeof runNode>>;

/** Runs the BlueXP node once, in-process, against the emulator. */
export async function runBlueXp(
	emulator: NetAppBlueXpEmulator,
	parameters: Record<string, unknown>,
	options: BlueXpRunOptions = {},
): Promise<BlueXpRunResult> {
	const { credentialData, ...rest } = options;
	return await runNode({
		nodeType: BLUEXP_TYPE,
		node: new NetAppBlueXpBackup(),
		credentialTypes: [new NetAppBlueXpApi()],
		credentials: [bluexpCredential(emulator, credentialData)],
		parameters,
		...rest,
	});
}

export async function listSearch(
	emulator: NetAppBlueXpEmulator,
	method: string,
	filter?: string,
	credentialData: IDataObject = {},
) {
	return await runListSearch({
		nodeType: BLUEXP_TYPE,
		node: new NetAppBlueXpBackup(),
		method,
		filter,
		credentials: [bluexpCredential(emulator, credentialData)],
		credentialTypes: [new NetAppBlueXpApi()],
		parameters: {},
	});
}

/** The access token n8n persisted in the credential during the run. */
export function storedAccessToken(result: {
	credentialStore: Array<{ type: string; data: IDataObject }>;
}) {
	return result.credentialStore.find((credential) => credential.type === CREDENTIAL_TYPE)?.data
		.accessToken as string | undefined;
}

/** A locator value typed by ID. */
export const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** The path below the cloudmanager_cbs base, e.g. `v1/job/123`. */
export function relativePath(emulator: NetAppBlueXpEmulator, request: RecordedRequest): string {
	const prefix = `/account/${emulator.accountId}/providers/cloudmanager_cbs/api/`;
	return request.path.startsWith(prefix) ? request.path.slice(prefix.length) : request.path;
}

/** API requests the emulator received, as "METHOD relative/path" (token requests left out). */
export function calls(emulator: NetAppBlueXpEmulator): string[] {
	return emulator.apiRequests().map((r) => `${r.method} ${relativePath(emulator, r)}`);
}

/** Every request, token ones as "TOKEN". */
export function timeline(emulator: NetAppBlueXpEmulator): string[] {
	return emulator.requests.map((r) =>
		r.path === '/auth/oauth/token' ? 'TOKEN' : `${r.method} ${relativePath(emulator, r)}`,
	);
}

export function header(request: RecordedRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(',') : value;
}

export function bearerOf(request: RecordedRequest): string | undefined {
	return /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization') ?? '')?.[1];
}

/** One emulator for the test file, started before the first test, reset before each. */
export function useBlueXpEmulator(options: NetAppBlueXpOptions = {}): () => NetAppBlueXpEmulator {
	let emulator: NetAppBlueXpEmulator | undefined;
	beforeAll(async () => {
		emulator = await startNetAppBlueXpEmulator({ jobPolls: 1, ...options });
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(() => {
		emulator?.reset();
		if (emulator) emulator.switches.jobPolls = options.jobPolls ?? 1;
	});
	return () => {
		if (!emulator) throw new Error('the BlueXP emulator is not running');
		return emulator;
	};
}

/** Fast waiting for tests. */
export const FAST = { waitForCompletion: true, pollInterval: 0.1, timeout: 20 };
export const NO_WAIT = { waitForCompletion: false };
