/**
 * Every operation of the SAP Cloud Connector node against the emulator, checked on
 * what comes out (items, the backup file) and on what the connector received: the
 * backup -> change -> restore round trip byte for byte, the restart wait, the
 * connector's version, health and configuration, and the subaccounts.
 */
import { createHash } from 'node:crypto';

import {
	SEED,
	changeConfiguration,
	configurationOf,
	readBackup,
	readZip,
} from '../emulators/sapCloudConnector';
import {
	BACKUP_PASSWORD,
	BACKUP_PATH,
	CREDENTIAL_PASSWORD,
	VERSION_PATH,
	calls,
	createParameters,
	isBackupPost,
	json,
	restoreFrom,
	restorePuts,
	runSap,
	seedBackup,
	useSapEmulator,
	visibleText,
} from './helpers';

/** The restart outlasts several polls of 0.2 s. */
const emulator = useSapEmulator({ restartWindowMs: 1500 });

const FILE_NAME = /^scc-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.zip$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const [PRODUCTION, QUALITY, SANDBOX] = SEED.subaccounts;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

describe('configuration backup: create -> change -> restore', () => {
	it('restores exactly the configuration that was backed up, from the very bytes the node produced', async () => {
		const before = configurationOf(emulator());

		// --- create ---
		const created = await runSap(emulator(), createParameters());
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(1);
		const [item] = created.items;
		const zip = await created.binaryBuffer(item, 'data');

		expect(item.json).toEqual({
			fileName: expect.stringMatching(FILE_NAME),
			mimeType: 'application/zip',
			bytes: zip.length,
			createdAt: expect.stringMatching(ISO_TIME),
			binaryPropertyName: 'data',
			// where the backup came from (test/sap/drill.test.ts)
			sourceConnector: emulator().url,
		});
		// the name carries the UTC time the backup was asked for, to the second
		const stamp = String(item.json.createdAt)
			.replace(/\.\d+Z$/, 'Z')
			.replace(/:/g, '-');
		expect(item.json.fileName).toBe(`scc-backup-${stamp}.zip`);
		expect(item.binary?.data).toMatchObject({
			fileName: item.json.fileName,
			mimeType: 'application/zip',
			fileExtension: 'zip',
		});
		// the whole archive the connector built, a readable ZIP that holds this configuration
		expect(zip.length).toBe(emulator().state.lastBackup?.bytes);
		expect(readZip(zip).map((entry) => entry.name)).toEqual([
			'META-INF/MANIFEST.MF',
			'version.txt',
			'config.json',
		]);
		expect((await readBackup(zip, BACKUP_PASSWORD)).configuration).toEqual(before);

		const [post] = emulator().requests;
		expect(isBackupPost(post)).toBe(true);
		expect(post.body).toEqual({ password: BACKUP_PASSWORD });
		expect(post.headers['content-type']).toMatch(/^application\/json/);
		expect(emulator().state.backupsMade).toBe(1);

		// --- change ---
		const changed = changeConfiguration(emulator());
		expect(changed).not.toEqual(before);

		// --- restore, from the node's own file ---
		const restored = await restoreFrom(
			emulator(),
			zip,
			{ options: { pollInterval: 0.2 } },
			{ fileName: String(item.json.fileName) },
		);
		expect(restored.error).toBeUndefined();
		expect(configurationOf(emulator())).toEqual(before);
		expect(emulator().state.restores).toBe(1);
		expect(json(restored.items)).toEqual([
			expect.objectContaining({
				restored: true,
				fileName: item.json.fileName,
				bytes: zip.length,
				restart: 'restarted',
				version: SEED.version,
			}),
		]);

		// what the connector received: one upload whose `backup` part is the ZIP, unchanged
		const puts = restorePuts(emulator());
		expect(puts).toHaveLength(1);
		const [put] = puts;
		expect(put.multipartError).toBeUndefined();
		expect(emulator().uploadOf(put)?.equals(zip)).toBe(true);
		expect(put.parts?.map((part) => part.name)).toEqual(['backup', 'password']);
		expect(put.parts?.[0]).toMatchObject({
			name: 'backup',
			filename: item.json.fileName,
			contentType: 'application/zip',
			size: zip.length,
			sha256: sha256(zip),
		});
		expect(put.parts?.[1]?.filename).toBeUndefined();
		// an exact Content-Length, not a chunked upload
		expect(put.headers['content-length']).toBe(String(put.rawBodyLength));
		expect(put.headers['transfer-encoding']).toBeUndefined();
		expect(emulator().state.lastRestore).toMatchObject({
			status: 204,
			contentLengthMatched: true,
			chunked: false,
			fileBytes: zip.length,
			bytesReceived: put.rawBodyLength,
			connectionClose: true,
		});

		// backup, restore, then only looks at the version until it answered again
		const seen = calls(emulator());
		expect(seen.slice(0, 2)).toEqual([`POST ${BACKUP_PATH}`, `PUT ${BACKUP_PATH}`]);
		expect(seen.length).toBeGreaterThan(2);
		expect(new Set(seen.slice(2))).toEqual(new Set([`GET ${VERSION_PATH}`]));
		// stateless, as SAP advises: Connection: close on every call
		expect(emulator().requests.every((request) => request.connectionClose)).toBe(true);

		for (const result of [created, restored]) {
			expect(visibleText(result)).not.toContain(CREDENTIAL_PASSWORD);
			expect(JSON.stringify(json(result.items))).not.toContain(BACKUP_PASSWORD);
		}
	});

	it('puts the file in the binary field the user named', async () => {
		const result = await runSap(emulator(), createParameters({ binaryPropertyName: 'sccBackup' }));
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['sccBackup']);
		expect(item.json.binaryPropertyName).toBe('sccBackup');
		const zip = await result.binaryBuffer(item, 'sccBackup');
		expect(zip.length).toBe(item.json.bytes);
		expect((await readBackup(zip, BACKUP_PASSWORD)).configuration).toEqual(
			configurationOf(emulator()),
		);
	});

	it('restores from any binary field the user names', async () => {
		const zip = await seedBackup(emulator());
		changeConfiguration(emulator());
		const result = await runSap(
			emulator(),
			{
				resource: 'configurationBackup',
				operation: 'restore',
				password: BACKUP_PASSWORD,
				binaryPropertyName: 'archive',
				options: { waitForRestart: false },
			},
			{
				inputItems: [
					{
						json: {},
						binary: {
							data: { data: Buffer.from('not this one'), fileName: 'note.txt' },
							archive: { data: zip, fileName: 'from-archive.zip', mimeType: 'application/zip' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const [put] = restorePuts(emulator());
		expect(emulator().uploadOf(put)?.equals(zip)).toBe(true);
		expect(put.parts?.[0]?.filename).toBe('from-archive.zip');
		expect(emulator().state.restores).toBe(1);
	});
});

describe('configuration backup: waiting for the restart', () => {
	it('with a restart longer than one poll: waits until the connector answers again', async () => {
		const zip = await seedBackup(emulator());
		changeConfiguration(emulator());
		// the connector comes back with another version: the output must show the one it answers with
		emulator().state.version = '2.18.0';

		const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.2 } });

		expect(result.error).toBeUndefined();
		const [out] = json(result.items);
		expect(out).toEqual({
			restored: true,
			fileName: 'scc-backup.zip',
			bytes: zip.length,
			acceptedAt: expect.stringMatching(ISO_TIME),
			restart: 'restarted',
			downSince: expect.stringMatching(ISO_TIME),
			backAt: expect.stringMatching(ISO_TIME),
			secondsUntilBack: expect.any(Number),
			version: '2.18.0',
		});
		// it saw the connector go down after the restart began, and come back after it was up again
		const restart = emulator().state.lastRestore?.restart;
		expect(restart?.endedAt).toBeDefined();
		expect(Date.parse(String(out.downSince))).toBeGreaterThanOrEqual(restart?.startedAt ?? NaN);
		expect(Date.parse(String(out.backAt))).toBeGreaterThanOrEqual(restart?.endedAt ?? NaN);
		// every call after the upload is a look at the version
		const after = calls(emulator()).slice(1);
		expect(after.length).toBeGreaterThan(0);
		expect(new Set(after)).toEqual(new Set([`GET ${VERSION_PATH}`]));
	});

	it('Wait for Restart off: returns as soon as the restore is accepted', async () => {
		const before = configurationOf(emulator());
		const zip = await seedBackup(emulator());
		changeConfiguration(emulator());

		const result = await restoreFrom(emulator(), zip, { options: { waitForRestart: false } });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				restored: true,
				fileName: 'scc-backup.zip',
				bytes: zip.length,
				acceptedAt: expect.stringMatching(ISO_TIME),
				restart: 'not awaited',
			},
		]);
		expect(calls(emulator())).toEqual([`PUT ${BACKUP_PATH}`]);
		expect(configurationOf(emulator())).toEqual(before);
		expect(emulator().state.restores).toBe(1);
		// the connector is restarting, and nobody waited for it
		expect(emulator().state.lastRestore?.restart?.endedAt).toBeUndefined();
	});
});

describe('connector', () => {
	it('getVersion returns the version', async () => {
		emulator().state.version = '2.17.2';
		const result = await runSap(emulator(), { resource: 'connector', operation: 'getVersion' });
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([{ version: '2.17.2' }]);
		expect(calls(emulator())).toEqual([`GET ${VERSION_PATH}`]);
		const [request] = emulator().requests;
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`${SEED.credentials.username}:${CREDENTIAL_PASSWORD}`).toString('base64')}`,
		);
		expect(request.connectionClose).toBe(true);
	});

	it('getHealth returns version, role, memory and disk in one item', async () => {
		emulator().state.monitoring.disk.freeKB = 1234;
		const result = await runSap(emulator(), { resource: 'connector', operation: 'getHealth' });
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				status: 'UP',
				checkedAt: expect.stringMatching(ISO_TIME),
				version: SEED.version,
				ha: 'master',
				memory: SEED.monitoring.memory,
				disk: { ...SEED.monitoring.disk, freeKB: 1234 },
				unavailable: [],
			},
		]);
		expect(calls(emulator()).sort()).toEqual(
			[
				'GET /api/monitoring/disk',
				'GET /api/monitoring/memory',
				'GET /api/v1/configuration/connector',
				`GET ${VERSION_PATH}`,
			].sort(),
		);
		expect(emulator().requests.every((request) => request.connectionClose)).toBe(true);
	});

	it('getHealth of a shadow instance says so', async () => {
		emulator().shadow = true;
		const result = await runSap(emulator(), { resource: 'connector', operation: 'getHealth' });
		expect(result.error).toBeUndefined();
		expect(result.items[0]?.json.ha).toBe('shadow');
	});

	it('getConfiguration returns the role and description', async () => {
		emulator().state.connector.description = 'Walldorf, rack 7';
		const result = await runSap(emulator(), {
			resource: 'connector',
			operation: 'getConfiguration',
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([{ ha: 'master', description: 'Walldorf, rack 7' }]);
		expect(calls(emulator())).toEqual(['GET /api/v1/configuration/connector']);
	});
});

describe('subaccounts', () => {
	const listed = (s: (typeof SEED.subaccounts)[number]) => ({
		regionHost: s.regionHost,
		subaccount: s.subaccount,
		locationID: s.locationID,
		_links: expect.objectContaining({ self: expect.any(Object) }),
	});

	it('getAll with Return All lists every subaccount, in one call', async () => {
		const result = await runSap(emulator(), {
			resource: 'subaccount',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([listed(PRODUCTION), listed(QUALITY), listed(SANDBOX)]);
		expect(calls(emulator())).toEqual(['GET /api/v1/configuration/subaccounts']);
	});

	it('getAll with a Limit returns the first ones', async () => {
		const result = await runSap(emulator(), {
			resource: 'subaccount',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([listed(PRODUCTION), listed(QUALITY)]);
		expect(calls(emulator())).toEqual(['GET /api/v1/configuration/subaccounts']);
	});

	it('getAll with the default Limit (50) returns all three', async () => {
		const result = await runSap(emulator(), { resource: 'subaccount', operation: 'getAll' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
	});

	it.each([
		['By ID', byId(QUALITY.subaccount)],
		['From List', fromList(QUALITY.subaccount)],
	])(
		'get (%s) returns the subaccount with its tunnel, never its cloud password',
		async (_mode, locator) => {
			const result = await runSap(emulator(), {
				resource: 'subaccount',
				operation: 'get',
				regionHost: QUALITY.regionHost,
				subaccount: locator,
			});
			expect(result.error).toBeUndefined();
			expect(json(result.items)).toEqual([
				expect.objectContaining({
					regionHost: QUALITY.regionHost,
					subaccount: QUALITY.subaccount,
					displayName: QUALITY.displayName,
					description: QUALITY.description,
					locationID: QUALITY.locationID,
					tunnel: expect.objectContaining({ state: 'Connected', user: QUALITY.tunnel.user }),
				}),
			]);
			expect(calls(emulator())).toEqual([
				`GET /api/v1/configuration/subaccounts/${QUALITY.regionHost}/${QUALITY.subaccount}`,
			]);
			expect(JSON.stringify(result.items)).not.toContain(QUALITY.cloudPassword);
		},
	);

	it('get of an unknown subaccount: 404 NOT_FOUND with a hint where to look', async () => {
		const unknown = 'deadbeef-0000-4000-8000-000000000000';
		const result = await runSap(emulator(), {
			resource: 'subaccount',
			operation: 'get',
			regionHost: PRODUCTION.regionHost,
			subaccount: byId(unknown),
		});
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.message).toBe(
			`Subaccount with value '${unknown}@${PRODUCTION.regionHost}' does not exist`,
		);
		expect(result.error?.description).toContain('SAP Cloud Connector error NOT_FOUND');
		expect(result.error?.description).toContain(
			`(GET /api/v1/configuration/subaccounts/${PRODUCTION.regionHost}/${unknown})`,
		);
		expect(result.error?.description).toMatch(/check the region host and subaccount/);
		expect(result.error?.description).toMatch(/Subaccount > Get Many/);
	});

	it('get of a subaccount under another region host is not found either', async () => {
		const result = await runSap(emulator(), {
			resource: 'subaccount',
			operation: 'get',
			regionHost: QUALITY.regionHost,
			subaccount: byId(PRODUCTION.subaccount),
		});
		expect(result.error?.httpCode).toBe('404');
	});
});
