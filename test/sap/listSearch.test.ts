/**
 * The Subaccount picker (resource locator "From List"): the subaccounts the connector
 * lists, narrowed to the Region Host set in the node and to what the user typed.
 */

import { SapCloudConnectorApi } from '../../credentials/SapCloudConnectorApi.credentials';
import { SapCloudConnector } from '../../nodes/SapCloudConnector/SapCloudConnector.node';
import { SEED } from '../emulators/sapCloudConnector';
import { runListSearch } from '../harness';
import { CREDENTIAL_PASSWORD, SAP_TYPE, calls, sapCredential, useSapEmulator } from './helpers';

const emulator = useSapEmulator();

const [PRODUCTION, QUALITY, SANDBOX] = SEED.subaccounts;

const search = async (filter?: string, parameters: Record<string, unknown> = {}) =>
	await runListSearch({
		nodeType: SAP_TYPE,
		node: new SapCloudConnector(),
		method: 'searchSubaccounts',
		filter,
		parameters: { resource: 'subaccount', operation: 'get', ...parameters },
		credentials: [sapCredential(emulator())],
		credentialTypes: [new SapCloudConnectorApi()],
	});

const entry = (s: (typeof SEED.subaccounts)[number]) => ({
	name: s.displayName,
	value: s.subaccount,
	description: `${s.subaccount} (${s.regionHost})`,
});

describe('searchSubaccounts', () => {
	it('lists every subaccount by display name, with its ID as the value and its region host in the description', async () => {
		const result = await search();
		expect(result.results).toEqual([entry(PRODUCTION), entry(QUALITY), entry(SANDBOX)]);
		// the list holds only keys: each display name is read from its subaccount
		expect(calls(emulator())).toEqual([
			'GET /api/v1/configuration/subaccounts',
			...[PRODUCTION, QUALITY, SANDBOX].map(
				(s) => `GET /api/v1/configuration/subaccounts/${s.regionHost}/${s.subaccount}`,
			),
		]);
		const [request] = emulator().requests;
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`${SEED.credentials.username}:${CREDENTIAL_PASSWORD}`).toString('base64')}`,
		);
		expect(request.connectionClose).toBe(true);
	});

	it('filters by what was typed, ignoring case and surrounding spaces', async () => {
		const result = await search(`  ${QUALITY.subaccount.slice(0, 8).toUpperCase()} `);
		expect(result.results).toEqual([entry(QUALITY)]);
	});

	it('typed text that matches nothing gives an empty list', async () => {
		const result = await search('no-such-subaccount');
		expect(result.results).toEqual([]);
	});

	it("only the subaccounts of the node's Region Host", async () => {
		const result = await search(undefined, { regionHost: QUALITY.regionHost });
		expect(result.results).toEqual([entry(QUALITY)]);
	});

	it('a Region Host with spaces around it still matches', async () => {
		const result = await search(undefined, { regionHost: ` ${SANDBOX.regionHost} ` });
		expect(result.results).toEqual([entry(SANDBOX)]);
	});

	it('Region Host and typed text together', async () => {
		emulator().state.subaccounts.push({
			...structuredClone(PRODUCTION),
			subaccount: 'a3d1f0c2-0000-4000-8000-0000000000ee',
			regionHost: QUALITY.regionHost,
		});
		const both = await search('a3d1', { regionHost: QUALITY.regionHost });
		expect(both.results.map((found) => found.value)).toEqual([
			'a3d1f0c2-0000-4000-8000-0000000000ee',
		]);
		const typedOnly = await search('a3d1');
		expect(typedOnly.results.map((found) => found.value)).toEqual([
			PRODUCTION.subaccount,
			'a3d1f0c2-0000-4000-8000-0000000000ee',
		]);
	});

	// the list answer holds only keys: names come from each subaccount
	it('typing the display name finds the subaccount, named by it', async () => {
		const result = await search('production');
		expect(result.results).toEqual([entry(PRODUCTION)]);
	});

	it('a wrong credential: the list search fails with the 401 hint', async () => {
		await expect(
			runListSearch({
				nodeType: SAP_TYPE,
				node: new SapCloudConnector(),
				method: 'searchSubaccounts',
				credentials: [sapCredential(emulator(), { password: 'wrong-password' })],
				credentialTypes: [new SapCloudConnectorApi()],
			}),
		).rejects.toMatchObject({
			httpCode: '401',
			description: expect.stringMatching(/Check the username and password/),
		});
	});
});
