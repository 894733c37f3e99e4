/**
 * Self-test of the SAP Cloud Connector emulator with plain axios and form-data
 * (no node code): the endpoints, backup -> change -> restore with the restart
 * window, the multipart parser on binary data, the ZIP writer/reader and the
 * fault switches (shadow, HTML login, UI lock, failing restore, 401).
 */
import * as https from 'node:https';
import { Readable } from 'node:stream';

import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import FormData from 'form-data';

import { MultipartError, parseMultipart } from './multipart';
import {
	PING_ANSWER,
	SEED,
	type SapCloudConnectorEmulator,
	type SapRecordedRequest,
	changeConfiguration,
	configurationOf,
	createBackup,
	readBackup,
	startSapCloudConnectorEmulator,
	zipEntries,
} from './sapCloudConnector';
import { ZipError, crc32, createZip, readZip } from './zip';

const BACKUP_PATH = '/api/v1/configuration/backup';
const BACKUP_PASSWORD = 'Backup-Pa55word!';
const insecure = new https.Agent({ rejectUnauthorized: false, keepAlive: false });

let emulator: SapCloudConnectorEmulator;

beforeAll(async () => {
	emulator = await startSapCloudConnectorEmulator({ restartWindowMs: 400 });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(async () => {
	await emulator.whenUp();
	emulator.reset();
});

function call(
	method: string,
	path: string,
	config: AxiosRequestConfig = {},
	auth: { username: string; password: string } | null = {
		username: emulator.username,
		password: emulator.password,
	},
): Promise<AxiosResponse> {
	return axios.request({
		method,
		url: `${emulator.url}${path}`,
		httpsAgent: insecure,
		validateStatus: () => true,
		...(auth ? { auth } : {}),
		...config,
		headers: { Connection: 'close', ...(config.headers as Record<string, string>) },
	});
}

async function makeBackup(password = BACKUP_PASSWORD): Promise<Buffer> {
	const res = await call('POST', BACKUP_PATH, {
		data: { password },
		responseType: 'arraybuffer',
	});
	expect(res.status).toBe(200);
	return Buffer.from(res.data as ArrayBuffer);
}

function restoreForm(
	file: Buffer | undefined,
	password: string | undefined,
	filename = 'scc_backup.zip',
): FormData {
	const form = new FormData();
	if (file) form.append('backup', file, { filename, contentType: 'application/zip' });
	if (password !== undefined) form.append('password', password);
	return form;
}

function putForm(form: FormData): Promise<AxiosResponse> {
	const body = form.getBuffer();
	return call('PUT', BACKUP_PATH, {
		data: body,
		headers: { ...form.getHeaders(), 'Content-Length': String(body.length) },
	});
}

function lastRequest(): SapRecordedRequest {
	const rec = emulator.requests[emulator.requests.length - 1];
	if (!rec) throw new Error('no request recorded');
	return rec;
}

function errorOf(res: AxiosResponse): { type: string; message: string } {
	const data: unknown =
		typeof res.data === 'string' || Buffer.isBuffer(res.data)
			? JSON.parse(String(res.data))
			: res.data;
	return data as { type: string; message: string };
}

describe('read endpoints', () => {
	it('version, connector configuration and HA role', async () => {
		const version = await call('GET', '/api/v1/connector/version');
		expect(version.status).toBe(200);
		expect(version.data).toEqual({ version: SEED.version });
		expect(version.headers['content-type']).toMatch(/^application\/json/);
		expect(version.headers['set-cookie']?.[0]).toMatch(/^JSESSIONID=/);

		const connector = await call('GET', '/api/v1/configuration/connector');
		expect(connector.data).toEqual({ ha: 'master', description: SEED.connector.description });

		const role = await call('GET', '/api/v1/configuration/connector/haRole', {
			responseType: 'text',
		});
		expect(role.data).toBe('"master"');
		emulator.shadow = true;
		const shadowRole = await call('GET', '/api/v1/configuration/connector/haRole');
		expect(shadowRole.data).toBe('shadow');
	});

	it('subaccounts: the list holds keys and links, one subaccount its details, never a password', async () => {
		const list = await call('GET', '/api/v1/configuration/subaccounts', { responseType: 'text' });
		expect(list.status).toBe(200);
		const rows = JSON.parse(list.data as string) as Record<string, unknown>[];
		expect(rows.map((r) => [r.regionHost, r.subaccount, r.locationID])).toEqual(
			SEED.subaccounts.map((s) => [s.regionHost, s.subaccount, s.locationID]),
		);
		expect(rows[0]?._links).toMatchObject({ self: { href: expect.stringContaining('/api/v1/') } });

		const seed = SEED.subaccounts[1];
		const one = await call(
			'GET',
			`/api/v1/configuration/subaccounts/${seed.regionHost}/${seed.subaccount}`,
			{
				responseType: 'text',
			},
		);
		expect(one.status).toBe(200);
		const detail = JSON.parse(one.data as string) as Record<string, unknown>;
		expect(detail).toMatchObject({
			regionHost: seed.regionHost,
			subaccount: seed.subaccount,
			displayName: seed.displayName,
			description: seed.description,
			locationID: seed.locationID,
			tunnel: {
				state: 'Connected',
				connectedSinceTimeStamp: seed.tunnel.connectedSinceTimeStamp,
				user: seed.tunnel.user,
			},
		});
		for (const s of SEED.subaccounts) {
			expect(list.data).not.toContain(s.cloudPassword);
			expect(one.data).not.toContain(s.cloudPassword);
		}
		expect(one.data).not.toContain('cloudPassword');

		const missing = await call('GET', `/api/v1/configuration/subaccounts/${seed.regionHost}/nope`);
		expect(missing.status).toBe(404);
		expect(missing.data).toEqual({
			type: 'NOT_FOUND',
			message: `Subaccount with value 'nope@${seed.regionHost}' does not exist`,
		});
	});

	it('monitoring, ping without credentials, unknown paths', async () => {
		expect((await call('GET', '/api/monitoring/memory')).data).toEqual(SEED.monitoring.memory);
		expect((await call('GET', '/api/monitoring/disk')).data).toEqual(SEED.monitoring.disk);
		const ping = await call('GET', '/exposed?action=ping', {}, null);
		expect(ping.status).toBe(200);
		expect(ping.data).toBe(PING_ANSWER);
		const unknown = await call('GET', '/api/v1/nothing/here');
		expect(unknown.status).toBe(404);
		expect(unknown.data.type).toBe('NOT_FOUND');
	});

	it('an older connector (memoryAndDiskMonitoring off): memory and disk are unknown resources, the rest answers', async () => {
		emulator.memoryAndDiskMonitoring = false;
		for (const part of ['memory', 'disk']) {
			const answer = await call('GET', `/api/monitoring/${part}`);
			expect(answer.status).toBe(404);
			expect(answer.data).toEqual({
				type: 'NOT_FOUND',
				message: `No resource found for GET /api/monitoring/${part}`,
			});
		}
		expect((await call('GET', '/api/monitoring/subaccounts')).status).toBe(200);
		expect((await call('GET', '/api/v1/connector/version')).data).toEqual({
			version: SEED.version,
		});
		// reset() brings the full version back
		emulator.reset();
		expect((await call('GET', '/api/monitoring/memory')).status).toBe(200);
	});

	it('the option starts an older connector from the first call', async () => {
		const older = await startSapCloudConnectorEmulator({
			https: false,
			memoryAndDiskMonitoring: false,
			version: '2.12.5',
		});
		try {
			expect(older.memoryAndDiskMonitoring).toBe(false);
			const disk = await axios.get(`${older.url}/api/monitoring/disk`, {
				auth: { username: older.username, password: older.password },
				validateStatus: () => true,
			});
			expect(disk.status).toBe(404);
			older.reset();
			expect(older.memoryAndDiskMonitoring).toBe(false);
		} finally {
			await older.close();
		}
	});

	it('401 without or with wrong credentials, and Connection: close is recorded', async () => {
		const none = await call('GET', '/api/v1/connector/version', {}, null);
		expect(none.status).toBe(401);
		expect(none.headers['www-authenticate']).toMatch(/^Basic /);
		const wrong = await call(
			'GET',
			'/api/v1/connector/version',
			{},
			{
				username: 'Administrator',
				password: 'wrong',
			},
		);
		expect(wrong.status).toBe(401);
		expect(wrong.headers.connection).toBe('close');
		expect(lastRequest().connectionClose).toBe(true);

		const keepAlive = await axios.get(`${emulator.url}/api/v1/connector/version`, {
			httpsAgent: new https.Agent({ rejectUnauthorized: false, keepAlive: true }),
			auth: { username: emulator.username, password: emulator.password },
		});
		expect(keepAlive.status).toBe(200);
		expect(lastRequest().connectionClose).toBe(false);
	});
});

describe('backup', () => {
	it('answers a real ZIP whose secrets are encrypted with the password', async () => {
		const res = await call('POST', BACKUP_PATH, {
			data: { password: BACKUP_PASSWORD },
			responseType: 'arraybuffer',
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/zip');
		expect(res.headers['content-disposition']).toMatch(
			/^attachment; filename="scc_backup_\d{14}\.zip"$/,
		);
		const zip = Buffer.from(res.data as ArrayBuffer);
		expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));

		const entries = zipEntries(zip);
		expect(Object.keys(entries).sort()).toEqual([
			'META-INF/MANIFEST.MF',
			'config.json',
			'version.txt',
		]);
		expect(entries['version.txt']?.toString()).toBe(`${SEED.version}\n`);
		const text = entries['config.json']?.toString() ?? '';
		expect(text).toContain(SEED.subaccounts[0].subaccount);
		for (const s of SEED.subaccounts) expect(text).not.toContain(s.cloudPassword);
		expect(text).not.toContain(SEED.settings.proxy.password);
		expect(text).not.toContain(BACKUP_PASSWORD);

		const content = await readBackup(zip, BACKUP_PASSWORD);
		expect(content.configuration).toEqual(configurationOf(emulator));
		await expect(readBackup(zip, 'wrong')).rejects.toMatchObject({ reason: 'password' });

		expect(emulator.state.backupsMade).toBe(1);
		expect(emulator.state.lastBackup).toMatchObject({ bytes: zip.length });
	});

	it('a missing or empty password is a 400 INVALID_REQUEST, and no backup is made', async () => {
		for (const data of [{}, { password: '' }, { password: 7 }]) {
			const res = await call('POST', BACKUP_PATH, { data });
			expect(res.status).toBe(400);
			expect(res.data.type).toBe('INVALID_REQUEST');
		}
		expect(emulator.state.backupsMade).toBe(0);
	});
});

describe('restore', () => {
	it('backup -> change -> wrong password (400, unchanged) -> right password (204, restored, restart)', async () => {
		const before = configurationOf(emulator);
		const zip = await makeBackup();
		const changed = changeConfiguration(emulator);
		expect(changed).not.toEqual(before);

		const wrong = await putForm(restoreForm(zip, 'not-the-password'));
		expect(wrong.status).toBe(400);
		expect(wrong.data).toEqual({
			type: 'INVALID_REQUEST',
			message: expect.stringMatching(/password/i),
		});
		expect(configurationOf(emulator)).toEqual(changed);
		expect(emulator.restarting).toBe(false);
		expect(emulator.state.restores).toBe(0);

		const form = restoreForm(zip, BACKUP_PASSWORD, 'my-backup.zip');
		const res = await putForm(form);
		expect(res.status).toBe(204);
		expect(configurationOf(emulator)).toEqual(before);
		expect(emulator.state.restores).toBe(1);

		// the restart began right after the 204: connections are refused now
		expect(emulator.restarting).toBe(true);
		const refused = await call('GET', '/exposed?action=ping', {}, null).catch((e: unknown) => e);
		expect(refused).toMatchObject({ code: 'ECONNREFUSED' });

		await emulator.whenUp();
		const ping = await call('GET', '/exposed?action=ping', {}, null);
		expect(ping.status).toBe(200);
		const version = await call('GET', '/api/v1/connector/version');
		expect(version.data).toEqual({ version: SEED.version });

		const put = emulator.requests.filter((r) => r.method === 'PUT').pop() as SapRecordedRequest;
		expect(emulator.state.lastRestore).toMatchObject({
			status: 204,
			fileName: 'my-backup.zip',
			fileBytes: zip.length,
			bytesReceived: put.rawBodyLength,
			contentLength: put.rawBodyLength,
			contentLengthMatched: true,
			chunked: false,
			connectionClose: true,
			restart: { windowMs: 400, startedAt: expect.any(Number), endedAt: expect.any(Number) },
		});
		expect(emulator.uploadOf(put)).toEqual(zip);
		// the backup password is nowhere in the printable record
		expect(put.parts?.find((p) => p.name === 'password')?.value).toBe('[redacted]');
		expect(JSON.stringify(emulator.requests.filter((r) => r.method === 'PUT'))).not.toContain(
			BACKUP_PASSWORD,
		);
	});

	it('a restart window of 0: a restart too quick to see, the connector keeps answering', async () => {
		emulator.restartWindowMs = 0;
		const zip = await makeBackup();
		const res = await putForm(restoreForm(zip, BACKUP_PASSWORD));
		expect(res.status).toBe(204);
		expect(emulator.restarting).toBe(false);
		const version = await call('GET', '/api/v1/connector/version');
		expect(version.status).toBe(200);
		expect(emulator.state.restores).toBe(1);
		expect(emulator.state.lastRestore?.restart).toEqual({
			windowMs: 0,
			startedAt: expect.any(Number),
			endedAt: expect.any(Number),
		});
	});

	it('missing file, missing password, no filename, not a ZIP, a foreign ZIP, a damaged ZIP: 400 and nothing changes', async () => {
		const zip = await makeBackup();
		const changed = changeConfiguration(emulator);
		const damaged = Buffer.from(zip);
		damaged[60] = (damaged[60] as number) ^ 0xff; // inside the first entry's data: CRC fails
		const foreign = createZip([{ name: 'config.json', data: '{"hello":"world"}' }]);

		const bodies: FormData[] = [
			restoreForm(undefined, BACKUP_PASSWORD),
			restoreForm(zip, undefined),
			restoreForm(zip, ''),
			restoreForm(Buffer.from('this is not a zip\r\n'), BACKUP_PASSWORD),
			restoreForm(foreign, BACKUP_PASSWORD),
			restoreForm(damaged, BACKUP_PASSWORD),
		];
		const noName = new FormData();
		noName.append('backup', zip); // a Buffer without a filename is not a file
		noName.append('password', BACKUP_PASSWORD);
		bodies.push(noName);

		for (const form of bodies) {
			const res = await putForm(form);
			expect(res.status).toBe(400);
			expect(res.data.type).toBe('INVALID_REQUEST');
		}
		// not multipart at all, and a malformed multipart body
		const asJson = await call('PUT', BACKUP_PATH, { data: { password: BACKUP_PASSWORD } });
		expect(asJson.status).toBe(400);
		const malformed = await call('PUT', BACKUP_PATH, {
			data: '--xyz\r\nContent-Disposition: form-data; name="password"\r\n\r\nsecret',
			headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
		});
		expect(malformed.status).toBe(400);
		expect(malformed.data.type).toBe('INVALID_REQUEST');
		expect(lastRequest().multipartError).toMatch(/closing boundary/);

		expect(configurationOf(emulator)).toEqual(changed);
		expect(emulator.state.restores).toBe(0);
		expect(emulator.restarting).toBe(false);
	});

	it('a chunked upload (no Content-Length) is accepted and recorded as such; 411 when required', async () => {
		const zip = await makeBackup();
		changeConfiguration(emulator);
		const form = restoreForm(zip, BACKUP_PASSWORD);
		const res = await call('PUT', BACKUP_PATH, {
			data: Readable.from([form.getBuffer()]),
			headers: form.getHeaders(),
		});
		expect(res.status).toBe(204);
		expect(emulator.state.lastRestore).toMatchObject({
			chunked: true,
			contentLengthMatched: false,
		});
		expect(emulator.state.lastRestore?.contentLength).toBeUndefined();
		await emulator.whenUp();

		const strict = await startSapCloudConnectorEmulator({
			https: false,
			requireContentLength: true,
		});
		try {
			const again = await axios.put(
				`${strict.url}${BACKUP_PATH}`,
				Readable.from([form.getBuffer()]),
				{
					headers: form.getHeaders(),
					auth: { username: strict.username, password: strict.password },
					validateStatus: () => true,
				},
			);
			expect(again.status).toBe(411);
			expect(strict.state.restores).toBe(0);
		} finally {
			await strict.close();
		}
	});

	it('a backup from a newer connector version is refused', async () => {
		const zip = await createBackup(configurationOf(emulator), BACKUP_PASSWORD, '2.99.0');
		const res = await putForm(restoreForm(zip, BACKUP_PASSWORD));
		expect(res.status).toBe(400);
		expect(res.data.message).toMatch(/2\.99\.0/);
	});
});

describe('multipart parsing', () => {
	it('keeps binary parts byte for byte, CRLF and boundary look-alikes included', async () => {
		const form = new FormData();
		const boundary = form.getBoundary();
		const file = Buffer.concat([
			Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0x2d, 0x2d]),
			Buffer.from(`\r\n--${boundary.slice(0, -1)}\r\n`, 'latin1'),
			Buffer.from('\r\n\r\nContent-Disposition: form-data; name="password"\r\n\r\n--\r\n'),
			Buffer.from([0x0d, 0x0d, 0x0a, 0x0a, 0x0d]),
		]);
		form.append('backup', file, { filename: 'weird.bin', contentType: 'application/octet-stream' });
		form.append('password', 'pa\r\nss');
		form.append('comment', 'hello');

		const parsed = parseMultipart(form.getBuffer(), form.getHeaders()['content-type'] as string);
		expect(parsed.boundary).toBe(boundary);
		expect(parsed.parts.map((p) => p.name)).toEqual(['backup', 'password', 'comment']);
		expect(parsed.parts[0]?.data.equals(file)).toBe(true);
		expect(parsed.parts[0]).toMatchObject({
			filename: 'weird.bin',
			contentType: 'application/octet-stream',
		});
		expect(parsed.parts[1]?.data.toString()).toBe('pa\r\nss');

		// through the emulator: parsed the same way, refused (not a ZIP), recorded without the password
		const res = await putForm(form);
		expect(res.status).toBe(400);
		const rec = lastRequest();
		expect(emulator.uploadOf(rec)?.equals(file)).toBe(true);
		expect(rec.parts).toEqual([
			expect.objectContaining({ name: 'backup', filename: 'weird.bin', size: file.length }),
			expect.objectContaining({ name: 'password', value: '[redacted]', size: 6 }),
			expect.objectContaining({ name: 'comment', value: 'hello' }),
		]);
		expect(rec.rawBodyLength).toBe(form.getBuffer().length);
		expect(String(rec.body)).not.toContain('pa\r\nss');
	});

	it('handles a preamble, an epilogue, quoted boundaries and filename*', () => {
		const body = Buffer.from(
			'preamble\r\n--a b\r\n' +
				'Content-Disposition: form-data; name="backup"; filename="x.zip"; filename*=UTF-8\'\'%C3%A4.zip\r\n\r\n' +
				'DATA\r\n--a b\r\nContent-Disposition: form-data; name="password"\r\n\r\nsecret\r\n--a b--\r\nepilogue',
		);
		const parsed = parseMultipart(body, 'multipart/form-data; boundary="a b"');
		expect(parsed.parts.map((p) => [p.name, p.filename, p.data.toString()])).toEqual([
			['backup', 'ä.zip', 'DATA'],
			['password', undefined, 'secret'],
		]);
	});

	it.each([
		['no boundary parameter', 'x', 'multipart/form-data'],
		['not multipart', 'x', 'application/json'],
		['no opening boundary', 'hello', 'multipart/form-data; boundary=b'],
		[
			'no closing boundary',
			'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx',
			'multipart/form-data; boundary=b',
		],
		[
			'no blank line after headers',
			'--b\r\nContent-Disposition: form-data; name="a"\r\n--b--',
			'multipart/form-data; boundary=b',
		],
		[
			'no Content-Disposition',
			'--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--',
			'multipart/form-data; boundary=b',
		],
		[
			'no name',
			'--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--',
			'multipart/form-data; boundary=b',
		],
		[
			'LF instead of CRLF',
			'--b\nContent-Disposition: form-data; name="a"\n\nx\n--b--',
			'multipart/form-data; boundary=b',
		],
	])('rejects a body with %s', (_what, body, contentType) => {
		expect(() => parseMultipart(Buffer.from(body), contentType)).toThrow(MultipartError);
	});
});

describe('zip', () => {
	it('round-trips stored and deflated entries and checks CRC-32', () => {
		const big = Buffer.alloc(100_000, 'abc\r\n');
		const zip = createZip([
			{ name: 'a.txt', data: 'hello' },
			{ name: 'dir/b.bin', data: big, method: 'store' },
			{ name: 'c.bin', data: big },
		]);
		const entries = readZip(zip);
		expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
			['a.txt', 'deflate', 5],
			['dir/b.bin', 'store', big.length],
			['c.bin', 'deflate', big.length],
		]);
		expect(entries[2]?.data.equals(big)).toBe(true);
		expect(entries[2]?.compressedSize).toBeLessThan(big.length / 10);
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);

		const corrupt = Buffer.from(zip);
		corrupt[30 + 'a.txt'.length + 1] = (corrupt[30 + 'a.txt'.length + 1] as number) ^ 0x01;
		expect(() => readZip(corrupt)).toThrow(ZipError);
		expect(() => readZip(zip.subarray(0, zip.length - 5))).toThrow(ZipError);
		expect(() => readZip(Buffer.from('not a zip at all, not even close'))).toThrow(ZipError);
	});
});

describe('switches', () => {
	it('a shadow instance answers 403 FORBIDDEN to backup and restore', async () => {
		const zip = await makeBackup();
		emulator.shadow = true;
		const backup = await call('POST', BACKUP_PATH, { data: { password: BACKUP_PASSWORD } });
		expect(backup.status).toBe(403);
		expect(backup.data.type).toBe('FORBIDDEN');
		const restore = await putForm(restoreForm(zip, BACKUP_PASSWORD));
		expect(restore.status).toBe(403);
		expect(errorOf(restore)).toMatchObject({ type: 'FORBIDDEN' });
		expect(emulator.state.restores).toBe(0);
		expect(emulator.state.backupsMade).toBe(1);
	});

	it('htmlLogin answers 200 text/html to API calls (restore included) and changes nothing; ping still works', async () => {
		const zip = await makeBackup();
		const changed = changeConfiguration(emulator);
		emulator.faults.htmlLogin = true;
		const version = await call('GET', '/api/v1/connector/version');
		expect(version.status).toBe(200);
		expect(version.headers['content-type']).toMatch(/^text\/html/);
		const restore = await putForm(restoreForm(zip, BACKUP_PASSWORD));
		expect(restore.status).toBe(200);
		expect(restore.headers['content-type']).toMatch(/^text\/html/);
		expect(configurationOf(emulator)).toEqual(changed);
		expect(emulator.restarting).toBe(false);
		expect((await call('GET', '/exposed?action=ping', {}, null)).data).toBe(PING_ANSWER);
	});

	it('uiLock -> 409, restoreFails -> 500 RUNTIME_FAILURE, passwordChangeRequired -> 403; nothing changes', async () => {
		const zip = await makeBackup();
		const changed = changeConfiguration(emulator);

		emulator.uiLock = true;
		const locked = await putForm(restoreForm(zip, BACKUP_PASSWORD));
		expect(locked.status).toBe(409);
		expect(locked.data.type).toBe('ILLEGAL_STATE');
		emulator.uiLock = false;

		emulator.restoreFails = true;
		const failed = await putForm(restoreForm(zip, BACKUP_PASSWORD));
		expect(failed.status).toBe(500);
		expect(failed.data.type).toBe('RUNTIME_FAILURE');
		expect(emulator.state.lastRestore).toMatchObject({ status: 500, type: 'RUNTIME_FAILURE' });
		emulator.restoreFails = false;

		emulator.passwordChangeRequired = true;
		const forbidden = await call('GET', '/api/v1/connector/version');
		expect(forbidden.status).toBe(403);
		expect(forbidden.data.type).toBe('FORBIDDEN_REQUEST');

		expect(configurationOf(emulator)).toEqual(changed);
		expect(emulator.state.restores).toBe(0);
		expect(emulator.restarting).toBe(false);
	});

	it('http-kit faults: a 503 burst, a dropped connection, a slow answer', async () => {
		emulator.faults.failNext(1, { status: 503, retryAfter: 2 });
		const busy = await call('GET', '/api/v1/connector/version');
		expect(busy.status).toBe(503);
		expect(busy.headers['retry-after']).toBe('2');
		expect(busy.data).toEqual({ type: 'ILLEGAL_STATE', message: 'HTTP 503' });

		emulator.faults.dropNext(1);
		const dropped = await call('GET', '/api/v1/connector/version').catch((e: unknown) => e);
		expect(dropped).toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE|ERR_/) });

		emulator.faults.slowNext(1, 50);
		const slow = await call('GET', '/api/v1/connector/version');
		expect(slow.status).toBe(200);
	});

	it('restart() by hand refuses connections for the window, then serves the same port', async () => {
		const port = emulator.port;
		const restarted = emulator.restart(200);
		const refused = await call('GET', '/exposed?action=ping', {}, null).catch((e: unknown) => e);
		expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
		await restarted;
		expect(emulator.port).toBe(port);
		expect((await call('GET', '/exposed?action=ping', {}, null)).status).toBe(200);
	});
});
