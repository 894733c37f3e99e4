/**
 * The SAP Cloud Connector Trigger through n8n-core's PollContext, poll after poll, with the
 * workflow's static data carried from one poll to the next as n8n saves it: every change of
 * the connector's version, settings or subaccounts is emitted once, across polls, a restart
 * and the outage of a connector restarting after a restore.
 */
import * as https from 'node:https';

import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import { SapCloudConnectorApi } from '../../credentials/SapCloudConnectorApi.credentials';
import { SapCloudConnectorTrigger } from '../../nodes/SapCloudConnectorTrigger/SapCloudConnectorTrigger.node';
import { SEED } from '../emulators/sapCloudConnector';
import { runPoll, type RunPollOptions } from '../harness';
import {
	CREDENTIAL_PASSWORD,
	calls,
	json,
	restoreFrom,
	sapCredential,
	seedBackup,
	useSapEmulator,
	visibleText,
} from './helpers';

const TRIGGER_TYPE = 'n8n-nodes-backup-restore.sapCloudConnectorTrigger';
const SUBACCOUNTS = '/api/v1/configuration/subaccounts';
const emulator = useSapEmulator();
const insecure = new https.Agent({ rejectUnauthorized: false, keepAlive: false });

async function poll(options: Partial<Omit<RunPollOptions, 'node' | 'nodeType'>> = {}) {
	return await runPoll({
		nodeType: TRIGGER_TYPE,
		node: new SapCloudConnectorTrigger(),
		credentialTypes: [new SapCloudConnectorApi()],
		credentials: [sapCredential(emulator())],
		parameters: { events: ['configurationChanged'] },
		...options,
	});
}

/** What n8n saved after a poll, as a restarted n8n reads it back. */
const saved = (result: { staticData: IDataObject }) =>
	JSON.parse(JSON.stringify(result.staticData)) as IDataObject;

/** A change made the way an operator makes it: through the connector's REST API. */
async function api(method: string, path: string, data?: unknown) {
	const emu = emulator();
	const response = await axios.request({
		method,
		url: `${emu.url}${path}`,
		data,
		httpsAgent: insecure,
		validateStatus: () => true,
		auth: { username: emu.username, password: emu.password },
		headers: { Connection: 'close' },
	});
	expect(response.status).toBeLessThan(300);
	return response;
}

const subaccountPath = (regionHost: string, subaccount: string) =>
	`${SUBACCOUNTS}/${encodeURIComponent(regionHost)}/${encodeURIComponent(subaccount)}`;
const [FIRST, SECOND] = SEED.subaccounts;
const ADDED = {
	regionHost: 'cf.ap10.hana.ondemand.com',
	subaccount: '5e1f0c2a-7b3d-4e6f-8a9b-0c1d2e3f4a5b',
	displayName: 'Added by the operator',
	description: 'Asia Pacific back ends',
	locationID: 'AP',
	cloudUser: 'ap.operator@example.com',
	cloudPassword: 'added-cloud-secret-9',
};

/** Every configuration value of the seed a static data must not hold. */
const CONFIGURATION_VALUES = [
	SEED.connector.description,
	...SEED.subaccounts.flatMap((s) => [
		s.regionHost,
		s.subaccount,
		s.displayName,
		s.cloudUser,
		...(s.description ? [s.description] : []),
		...(s.locationID ? [s.locationID] : []),
	]),
];

function expectOnlyFingerprints(staticData: IDataObject, version: string = SEED.version) {
	expect(staticData).toEqual({
		connector: {
			notes: {
				connector: {
					version,
					fingerprints: {
						version: expect.stringMatching(/^[0-9a-f]{64}$/),
						connector: expect.stringMatching(/^[0-9a-f]{64}$/),
						subaccounts: expect.stringMatching(/^[0-9a-f]{64}$/),
					},
				},
			},
		},
	});
	const text = JSON.stringify(staticData);
	for (const value of CONFIGURATION_VALUES) expect(text).not.toContain(value);
	expect(text.length).toBeLessThan(400);
}

const changedOf = (result: { items: Array<{ json: IDataObject }> }) =>
	json(result.items as never).map((item) => item.changed);

describe('SAP Cloud Connector Trigger: configuration changed (active workflow)', () => {
	it('activation notes fingerprints only and emits nothing', async () => {
		const first = await poll();
		expect(first.error).toBeUndefined();
		expect(first.data).toBeNull();
		expectOnlyFingerprints(first.nodeStaticData);
		// version, settings, the list and each subaccount's details, nothing written
		expect(calls(emulator())).toEqual([
			'GET /api/v1/connector/version',
			'GET /api/v1/configuration/connector',
			`GET ${SUBACCOUNTS}`,
			...SEED.subaccounts.map(
				(s) =>
					`GET ${SUBACCOUNTS}/${encodeURIComponent(s.regionHost)}/${encodeURIComponent(s.subaccount)}`,
			),
		]);
		// nothing changed: nothing emitted, the same notes
		const second = await poll({ staticData: first.staticData });
		expect(second.data).toBeNull();
		expect(second.nodeStaticData).toEqual(first.nodeStaticData);
	});

	it('each change is emitted once, across polls and a restart', async () => {
		let last = await poll();

		/** One poll after a change: its one item; then a poll and a "restart" that emit nothing. */
		const expectOnce = async (parts: string[]) => {
			const changed = await poll({ staticData: saved(last) });
			expect(changed.error).toBeUndefined();
			expect(changed.items).toHaveLength(1);
			expect(changedOf(changed)).toEqual([parts]);
			const again = await poll({ staticData: changed.staticData });
			expect(again.data).toBeNull();
			const restarted = await poll({ staticData: saved(again) });
			expect(restarted.data).toBeNull();
			expectOnlyFingerprints(restarted.nodeStaticData, emulator().state.version);
			last = restarted;
			return changed.items[0]!.json;
		};

		// the connector's description, set through the API
		await api('PUT', '/api/v1/configuration/connector', { description: 'Walldorf, rack 7' });
		const described = await expectOnce(['connector']);
		expect(described).toEqual({
			event: 'configurationChanged',
			version: SEED.version,
			previousVersion: SEED.version,
			changed: ['connector'],
			connector: { ha: 'master', description: 'Walldorf, rack 7' },
			subaccounts: expect.any(Array),
		});

		// a subaccount added
		await api('POST', SUBACCOUNTS, ADDED);
		const added = await expectOnce(['subaccounts']);
		expect(added.subaccounts).toContainEqual({
			regionHost: ADDED.regionHost,
			subaccount: ADDED.subaccount,
			displayName: ADDED.displayName,
			description: ADDED.description,
			locationID: ADDED.locationID,
		});
		expect(added.subaccounts).toHaveLength(SEED.subaccounts.length + 1);

		// a subaccount changed: only its details say so (the list shows no display name)
		await api('PUT', subaccountPath(FIRST.regionHost, FIRST.subaccount), {
			displayName: 'Production EU (renamed)',
		});
		const renamed = await expectOnce(['subaccounts']);
		expect(renamed.subaccounts).toContainEqual(
			expect.objectContaining({
				subaccount: FIRST.subaccount,
				displayName: 'Production EU (renamed)',
			}),
		);

		// a subaccount removed
		await api('DELETE', subaccountPath(SECOND.regionHost, SECOND.subaccount));
		const removed = await expectOnce(['subaccounts']);
		expect((removed.subaccounts as IDataObject[]).map((s) => s.subaccount)).not.toContain(
			SECOND.subaccount,
		);

		// an upgrade
		await emulator().upgrade('2.18.0');
		const upgraded = await expectOnce(['version']);
		expect(upgraded).toMatchObject({ version: '2.18.0', previousVersion: SEED.version });
	});

	it('what is no configuration is no change: tunnels, the order of the list', async () => {
		const first = await poll();
		const tunnel = emulator().state.subaccounts[0]!.tunnel;
		tunnel.state = 'Disconnected';
		tunnel.connectedSinceTimeStamp = 0;
		emulator().state.subaccounts.reverse();
		const second = await poll({ staticData: first.staticData });
		expect(second.error).toBeUndefined();
		expect(second.data).toBeNull();
	});

	it('two changes between polls: one item naming both parts', async () => {
		const first = await poll();
		await emulator().upgrade('2.18.1');
		await api('DELETE', subaccountPath(FIRST.regionHost, FIRST.subaccount));
		const second = await poll({ staticData: saved(first) });
		expect(json(second.items)).toEqual([
			expect.objectContaining({
				event: 'configurationChanged',
				version: '2.18.1',
				previousVersion: SEED.version,
				changed: ['version', 'subaccounts'],
			}),
		]);
		const third = await poll({ staticData: second.staticData });
		expect(third.data).toBeNull();
	});

	it('an outage (the restart after a restore): that poll fails, the next emits the change once', async () => {
		// a backup of today's configuration, then the operator adds a subaccount
		const backup = await seedBackup(emulator());
		await api('POST', SUBACCOUNTS, ADDED);
		await api('PUT', '/api/v1/configuration/connector', { description: 'after the backup' });
		const noted = await poll();
		expect(noted.data).toBeNull();

		// the backup is restored (with another configuration than the one noted) and the
		// connector restarts: longer than the poll's retries last
		emulator().restartWindowMs = 6_000;
		const restored = await restoreFrom(emulator(), backup, { options: { waitForRestart: false } });
		expect(restored.error).toBeUndefined();
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(emulator().restarting).toBe(true);
		const failed = await poll({ staticData: saved(noted) });
		expect(failed.data).toBeNull();
		expect(failed.error?.message).toBe(
			'SAP Cloud Connector refused the connection after 4 attempts',
		);
		expect(failed.error?.description).toMatch(/nothing was sent/);
		// nothing saved by the failed poll
		expect(failed.nodeStaticData).toEqual(noted.nodeStaticData);

		await emulator().whenUp();
		// n8n keeps the static data of a failed poll unchanged: the notes from before it
		const caughtUp = await poll({ staticData: saved(failed) });
		expect(caughtUp.error).toBeUndefined();
		expect(json(caughtUp.items)).toEqual([
			expect.objectContaining({
				changed: ['connector', 'subaccounts'],
				connector: { ha: 'master', description: SEED.connector.description },
			}),
		]);
		expect((caughtUp.items[0]!.json.subaccounts as IDataObject[]).map((s) => s.subaccount)).toEqual(
			expect.not.arrayContaining([ADDED.subaccount]),
		);
		const after = await poll({ staticData: caughtUp.staticData });
		expect(after.data).toBeNull();
	}, 30_000);

	it('no events chosen: refused, nothing sent', async () => {
		const result = await poll({ parameters: { events: [] } });
		expect(result.error?.message).toBe('Invalid parameter "Events": choose at least one event');
		expect(emulator().requests).toHaveLength(0);
	});

	it('a wrong password: the error names the credential, without the password', async () => {
		const result = await poll({
			credentials: [sapCredential(emulator(), { password: 'Wrong-Password-1' })],
		});
		expect(result.error?.httpCode).toBe('401');
		expect(result.nodeStaticData).toEqual({});
		expect(visibleText(result as never)).not.toContain('Wrong-Password-1');
	});
});

describe('SAP Cloud Connector Trigger (manual test run)', () => {
	it('returns the current state as one item and keeps nothing', async () => {
		const result = await poll({ mode: 'manual' });
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				event: 'configurationChanged',
				version: SEED.version,
				previousVersion: null,
				changed: [],
				connector: { ha: 'master', description: SEED.connector.description },
				subaccounts: [...SEED.subaccounts]
					.sort((a, b) => a.regionHost.localeCompare(b.regionHost))
					.map((s) => ({
						regionHost: s.regionHost,
						subaccount: s.subaccount,
						displayName: s.displayName,
						description: s.description,
						locationID: s.locationID,
					})),
			},
		]);
		expect(result.nodeStaticData).toEqual({});
		const text = JSON.stringify(result.items);
		expect(text).not.toContain(CREDENTIAL_PASSWORD);
		for (const s of SEED.subaccounts) expect(text).not.toContain(s.cloudPassword);
	});
});
