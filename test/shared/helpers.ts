import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	startTokenApiEmulator,
	type RecordedRequest,
	type TokenApiEmulator,
	type TokenApiOptions,
} from '../emulators/token-api';
import {
	getBinaryDataStoragePath,
	runListSearch,
	runNode,
	runPoll,
	type HarnessCredential,
	type RunNodeOptions,
	type RunPollOptions,
} from '../harness';
import {
	TEST_CORE_TRIGGER_TYPE,
	TEST_CORE_TYPE,
	TestCore,
	TestCoreTrigger,
} from './fixtures/TestCore.node';
import { TEST_TOKEN_CREDENTIAL, TestTokenApi } from './fixtures/TestTokenApi.credentials';

export interface CredentialSettings {
	/** The access token n8n has stored; '' (default) means none yet. */
	accessToken?: string;
	/** Default: the one the emulator accepts. */
	refreshToken?: string;
}

export function tokenCredential(
	emulator: TokenApiEmulator,
	settings: CredentialSettings = {},
): HarnessCredential {
	return {
		type: TEST_TOKEN_CREDENTIAL,
		id: 'token-api-1',
		name: 'Token API account',
		data: {
			baseUrl: emulator.url,
			refreshToken: settings.refreshToken ?? emulator.refreshToken,
			accessToken: settings.accessToken ?? '',
		},
	};
}

export type CoreRunOptions = Partial<Omit<RunNodeOptions, 'parameters' | 'node' | 'nodeType'>> &
	CredentialSettings;

/** Runs the test node once, in-process, against the emulator. */
export async function runCore(
	emulator: TokenApiEmulator,
	parameters: Record<string, unknown>,
	options: CoreRunOptions = {},
) {
	const { accessToken, refreshToken, ...rest } = options;
	return await runNode({
		nodeType: TEST_CORE_TYPE,
		node: new TestCore(),
		credentialTypes: [new TestTokenApi()],
		credentials: [tokenCredential(emulator, { accessToken, refreshToken })],
		parameters,
		...rest,
	});
}

/** Runs the test trigger's poll() once through n8n's PollContext. */
export async function pollCore(
	emulator: TokenApiEmulator,
	options: Partial<Omit<RunPollOptions, 'node' | 'nodeType'>> & CredentialSettings = {},
) {
	const { accessToken, refreshToken, ...rest } = options;
	return await runPoll({
		nodeType: TEST_CORE_TRIGGER_TYPE,
		node: new TestCoreTrigger(),
		credentialTypes: [new TestTokenApi()],
		credentials: [tokenCredential(emulator, { accessToken, refreshToken })],
		...rest,
	});
}

/** Opens the item locator's list the way the editor does, through LoadOptionsContext. */
export async function searchCore(
	emulator: TokenApiEmulator,
	options: CredentialSettings & { filter?: string; paginationToken?: string } = {},
) {
	const { accessToken, refreshToken, ...rest } = options;
	return await runListSearch({
		nodeType: TEST_CORE_TYPE,
		node: new TestCore(),
		method: 'searchItems',
		credentialTypes: [new TestTokenApi()],
		credentials: [tokenCredential(emulator, { accessToken, refreshToken })],
		parameters: { resource: 'item', operation: 'get' },
		...rest,
	});
}

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** The seeded records as the node outputs them. */
export const seeded = (emulator: TokenApiEmulator, from = 0, to?: number) =>
	emulator.items.slice(from, to).map((item) => ({ ...item }) as IDataObject);

/** "METHOD path" of every request to a protected endpoint, in order. */
export function apiCalls(emulator: TokenApiEmulator): string[] {
	return emulator.apiRequests().map((request) => `${request.method} ${request.path}`);
}

/** Every request (token endpoint included) as "METHOD path -> how its token was treated". */
export function timeline(emulator: TokenApiEmulator): string[] {
	return emulator.requests.map((request: RecordedRequest) => {
		const outcome = emulator.authOutcome(request);
		return `${request.method} ${request.path}${outcome ? ` (${outcome})` : ''}`;
	});
}

/** The access token persisted in the credential store after a run. */
export function storedAccessToken(result: { credentialStore: HarnessCredential[] }): unknown {
	return result.credentialStore.find((credential) => credential.type === TEST_TOKEN_CREDENTIAL)
		?.data.accessToken;
}

export { expectFailed, expectNoSecrets, visibleText } from '../harness/assertions';

/** Every secret the emulator and the credential had: refresh token and every access token. */
export function secretsOf(emulator: TokenApiEmulator, ...more: string[]): string[] {
	return [emulator.refreshToken, ...emulator.issued.map((record) => record.token), ...more];
}

/** Files in n8n's binary data folder (filesystem mode) of this test file, relative paths. */
export function storedBinaryFiles(): string[] {
	const root = getBinaryDataStoragePath();
	const found: string[] = [];
	const walk = (dir: string) => {
		let entries: string[];
		try {
			entries = readdirSync(dir);
		} catch {
			return;
		}
		for (const entry of entries) {
			const full = join(dir, entry);
			if (statSync(full).isDirectory()) walk(full);
			else found.push(full.slice(root.length + 1));
		}
	};
	walk(root);
	return found.sort();
}

/** One emulator for the test file, reset before each test, closed after the last. */
export function useTokenApi(options?: TokenApiOptions): () => TokenApiEmulator {
	let emulator: TokenApiEmulator | undefined;
	beforeAll(async () => {
		emulator = await startTokenApiEmulator(options);
	});
	afterEach(async () => {
		// an outage a test started must be over before the next test talks to the API
		await emulator?.outageOver();
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(() => emulator?.reset());
	return () => {
		if (!emulator) throw new Error('the token API emulator is not running');
		return emulator;
	};
}

export const isJobPoll = (request: RecordedRequest) =>
	request.method === 'GET' && request.path.startsWith('/jobs/');
export const isFile = (request: RecordedRequest) =>
	request.method === 'GET' && request.path.startsWith('/files/');
