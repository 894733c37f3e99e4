import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { NetAppOntapApi } from '../../credentials/NetAppOntapApi.credentials';
import { NetAppOntap } from '../../nodes/NetAppOntap/NetAppOntap.node';
import {
	startOntapEmulator,
	type OntapEmulator,
	type OntapEmulatorOptions,
} from '../emulators/ontap';
import { runNode, type RunNodeOptions } from '../harness';

export const ONTAP_TYPE = 'n8n-nodes-backup-restore.netAppOntap';
export const ONTAP_PASSWORD = 'netapp1!';

export function ontapCredential(emulator: OntapEmulator, overrides: IDataObject = {}) {
	return {
		type: 'netAppOntapApi',
		id: 'ontap-1',
		name: 'ONTAP cluster',
		data: {
			baseUrl: emulator.url,
			username: 'admin',
			password: ONTAP_PASSWORD,
			ignoreSslIssues: emulator.url.startsWith('https'),
			...overrides,
		},
	};
}

export type OntapRunOptions = Partial<Omit<RunNodeOptions, 'parameters' | 'node' | 'nodeType'>> & {
	credentialData?: IDataObject;
};

/** Runs the ONTAP node once, in-process, against the emulator. */
export async function runOntap(
	emulator: OntapEmulator,
	parameters: Record<string, unknown>,
	options: OntapRunOptions = {},
) {
	const { credentialData, ...rest } = options;
	return await runNode({
		nodeType: ONTAP_TYPE,
		node: new NetAppOntap(),
		credentialTypes: [new NetAppOntapApi()],
		credentials: [ontapCredential(emulator, credentialData)],
		parameters,
		...rest,
	});
}

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** Requests the emulator received for the API (not the download path), as "METHOD path". */
export function apiCalls(emulator: OntapEmulator): string[] {
	return emulator.requests.map((request) => `${request.method} ${request.path}`);
}

export const byId = (uuid: string) => ({ __rl: true, mode: 'id', value: uuid });
export const fromList = (uuid: string) => ({ __rl: true, mode: 'list', value: uuid });

export {
	expectFailed,
	expectNoSecrets,
	visibleText,
	visibleTextOutsideParameters,
} from '../harness/assertions';

/** One emulator for the test file, started before the first test, reset before each, closed after the last. */
export function useOntapEmulator(options?: OntapEmulatorOptions): () => OntapEmulator {
	let emulator: OntapEmulator | undefined;
	beforeAll(async () => {
		emulator = await startOntapEmulator(options);
	});
	afterAll(async () => {
		await emulator?.close();
	});
	beforeEach(() => emulator?.reset());
	return () => {
		if (!emulator) throw new Error('the ONTAP emulator is not running');
		return emulator;
	};
}
