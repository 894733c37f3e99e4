import { NetAppOntapApi } from '../../credentials/NetAppOntapApi.credentials';
import { NetAppOntap } from '../../nodes/NetAppOntap/NetAppOntap.node';
import { SEED } from '../emulators/ontap';
import { runListSearch } from '../harness';
import { ONTAP_TYPE, ontapCredential, useOntapEmulator } from './helpers';

const emulator = useOntapEmulator();

const search = async (method: string, filter?: string) =>
	await runListSearch({
		nodeType: ONTAP_TYPE,
		node: new NetAppOntap(),
		method,
		filter,
		credentials: [ontapCredential(emulator())],
		credentialTypes: [new NetAppOntapApi()],
	});

describe('resource locator lists', () => {
	it('lists cluster nodes by name with their UUID as the value', async () => {
		const result = await search('searchClusterNodes');
		expect(result.results).toEqual([
			{ name: 'node1', value: SEED.nodes.node1, description: SEED.nodes.node1 },
			{ name: 'node2', value: SEED.nodes.node2, description: SEED.nodes.node2 },
		]);
		expect(emulator().requests[0].path).toBe('/api/cluster/nodes');
		expect(emulator().requests[0].headers.authorization).toMatch(/^Basic /);
	});

	it('filters SVMs by what the user typed, with ONTAP wildcards', async () => {
		const result = await search('searchSvms', 'backup');
		expect(result.results.map((entry) => entry.name)).toEqual(['vs_backup']);
		expect(emulator().requests[0].query).toMatchObject({ name: '*backup*' });
	});
});
