/**
 * The restore drill guard: Configuration Backup > Create says which connector a backup came
 * from (`sourceConnector`, the credential's address, never a secret), and Restore with
 * "Refuse Restore Into Source Connector" refuses, before sending anything, to put it back
 * into that same connector or to restore a backup whose source is unknown. Two emulators on
 * two ports stand for a production and a test connector.
 */
import type { IDataObject } from 'n8n-workflow';

import { changeConfiguration, configurationOf } from '../emulators/sapCloudConnector';
import {
	BACKUP_PASSWORD,
	CREDENTIAL_PASSWORD,
	backupItem,
	expectNothingRestored,
	restoreFrom,
	restorePuts,
	runSap,
	createParameters,
	useSapEmulator,
	visibleText,
	zipInput,
} from './helpers';

const production = useSapEmulator();
const test = useSapEmulator();

const REFUSE = { refuseSourceConnector: true, waitForRestart: false };

/** The backup's ZIP as the restore's input item, with the json the item carries. */
function inputOf(zip: Buffer, json: IDataObject) {
	return zipInput(zip).map((item) => ({ ...item, json }));
}

describe('Configuration Backup > Create says where the backup came from', () => {
	it('sourceConnector is the credential address: scheme, lower-case host, port; no path or secret', async () => {
		const created = await runSap(production(), createParameters(), {
			credentialData: { baseUrl: `${production().url.toUpperCase()}//` },
		});
		expect(created.error).toBeUndefined();
		const { json } = created.items[0]!;
		expect(json.sourceConnector).toBe(production().url);
		expect(json.sourceConnector).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const text = visibleText(created);
		expect(text).not.toContain(CREDENTIAL_PASSWORD);
		expect(text).not.toContain(BACKUP_PASSWORD);
		expect(text).not.toContain('Administrator');
	});
});

describe('Configuration Backup > Restore with Refuse Restore Into Source Connector', () => {
	it('refuses the connector the backup came from, with the Base URL written otherwise', async () => {
		const { item, zip } = await backupItem(production());
		const before = configurationOf(production());
		for (const baseUrl of [
			`${production().url}/`,
			production().url.toUpperCase(),
			` ${production().url}/api/ `,
		]) {
			const refused = await restoreFrom(
				production(),
				zip,
				{ options: REFUSE },
				{
					inputItems: inputOf(zip, item.json),
					credentialData: { baseUrl },
				},
			);
			expect(refused.error?.name).toBe('NodeOperationError');
			expect(refused.error?.message).toBe(
				`Refused to restore into the connector the backup came from: the input item's sourceConnector (${production().url}) and this credential's Base URL (${production().url}) are the same connector`,
			);
			expect(refused.error?.description).toMatch(/nothing was sent/);
			expect(refused.error?.description).toMatch(/choose the credential of the test connector/);
			expect(visibleText(refused)).not.toContain(CREDENTIAL_PASSWORD);
		}
		// the backup's POST, and not one call after it
		expect(production().requests.map((r) => r.method)).toEqual(['POST']);
		expect(restorePuts(production())).toEqual([]);
		expectNothingRestored(production(), before);
	});

	it.each([
		['an upper-case host', 'https://SCC.Example.COM:8443/', 'https://scc.example.com:8443'],
		['the default port left out', 'https://scc.example.com:443', 'https://SCC.example.com/'],
		['the default port written', 'https://scc.example.com/', 'https://scc.example.com:443'],
		['http and its default port', 'http://scc.example.com', 'http://scc.example.com:80/'],
	])(
		'the same connector written with %s is refused before anything is sent',
		async (_title, sourceConnector, baseUrl) => {
			const zip = Buffer.from('PK\u0003\u0004 not read: refused before');
			const refused = await restoreFrom(
				production(),
				zip,
				{ options: REFUSE },
				{
					inputItems: inputOf(zip, { sourceConnector }),
					credentialData: { baseUrl },
				},
			);
			expect(refused.error?.message).toMatch(
				/^Refused to restore into the connector the backup came from/,
			);
			expect(refused.error?.message).toContain(`(${new URL(baseUrl).protocol}//scc.example.com:`);
		},
	);

	it('allows another connector: the restore happens there only', async () => {
		const { item, zip } = await backupItem(production());
		const source = configurationOf(production());
		changeConfiguration(test());
		expect(configurationOf(test())).not.toEqual(source);
		expect(test().port).not.toBe(production().port);

		const restored = await restoreFrom(
			test(),
			zip,
			{ options: REFUSE },
			{
				inputItems: inputOf(zip, item.json),
			},
		);
		expect(restored.error).toBeUndefined();
		expect(restored.items[0]?.json).toMatchObject({ restored: true });
		// the test connector holds the production configuration now
		expect(test().state.restores).toBe(1);
		expect(restorePuts(test())).toHaveLength(1);
		expect(configurationOf(test())).toEqual(source);
		// the production connector saw the backup, and no restore
		expect(production().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v1/configuration/backup',
		]);
		expect(production().state.restores).toBe(0);
	});

	it.each([
		['no sourceConnector', {}, /does not say which connector the backup came from/],
		['an empty sourceConnector', { sourceConnector: '' }, /does not say which connector/],
		['a sourceConnector that is no address', { sourceConnector: 'production' }, /not an http/],
		['a sourceConnector of another type', { sourceConnector: 8443 }, /not an http/],
	])('a backup with %s is refused, nothing sent', async (_title, json, why) => {
		const { zip } = await backupItem(test());
		test().reset();
		const before = configurationOf(test());
		const refused = await restoreFrom(
			test(),
			zip,
			{ options: REFUSE },
			{
				inputItems: inputOf(zip, json as IDataObject),
			},
		);
		expect(refused.error?.name).toBe('NodeOperationError');
		expect(refused.error?.message).toMatch(
			/^Invalid parameter "Refuse Restore Into Source Connector": /,
		);
		expect(refused.error?.message).toMatch(why);
		expect(refused.error?.description).toMatch(/refused before anything was sent/);
		expect(refused.error?.description).toMatch(/Configuration Backup > Create/);
		expect(test().requests).toEqual([]);
		expectNothingRestored(test(), before);
	});

	it('without the option, a backup that does not say where it came from is restored as before', async () => {
		const { zip } = await backupItem(production());
		const restored = await restoreFrom(test(), zip, { options: { waitForRestart: false } });
		expect(restored.error).toBeUndefined();
		expect(test().state.restores).toBe(1);
	});
});
