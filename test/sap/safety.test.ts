/**
 * Guards that keep the credential and the connector safe: the credential goes to the
 * credential's Base URL and nowhere else, and a restore (which restarts the connector)
 * is sent once, to that host, whatever an answer says. A loopback server stands in for
 * the host at the Base URL and answers with a redirect; the emulator, on another origin,
 * records whatever is sent on to it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { configurationOf } from '../emulators/sapCloudConnector';
import {
	BACKUP_PASSWORD,
	BACKUP_PATH,
	CREDENTIAL_PASSWORD,
	VERSION_PATH,
	createParameters,
	expectNoSecrets,
	restoreFrom,
	runSap,
	seedBackup,
	useSapEmulator,
	visibleText,
	visibleTextOutsideParameters,
} from './helpers';

const emulator = useSapEmulator({ restartWindowMs: 300 });

interface Seen {
	method: string;
	url: string;
	authorization?: string;
	bytes: number;
}

/** Answers the first request with a redirect to `location(path)`, later ones with 204. */
async function redirectingHost(location: (path: string) => string, status: number) {
	const seen: Seen[] = [];
	const server: Server = createServer((request, response) => {
		let bytes = 0;
		request.on('data', (chunk: Buffer) => (bytes += chunk.length));
		request.on('end', () => {
			seen.push({
				method: request.method ?? '',
				url: request.url ?? '',
				authorization: request.headers.authorization,
				bytes,
			});
			if (seen.length === 1) response.writeHead(status, { Location: location(request.url ?? '') });
			else response.writeHead(204);
			response.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	server.unref();
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('redirects', () => {
	// redirects are never followed: neither the credential nor the backup goes anywhere else
	it('a 307 to the restore upload is not followed to another host: the credential and the backup stay put', async () => {
		const zip = await seedBackup(emulator());
		const host = await redirectingHost((path) => `${emulator().url}${path}`, 307);
		try {
			const result = await restoreFrom(
				emulator(),
				zip,
				{ options: { waitForRestart: false } },
				{ credentialData: { baseUrl: host.url } },
			);
			expect(host.seen.map((request) => `${request.method} ${request.url}`)).toEqual([
				`PUT ${BACKUP_PATH}`,
			]);
			expect(emulator().requests).toEqual([]);
			expect(emulator().state.restores).toBe(0);
			expect(result.status).toBe('error');
		} finally {
			await host.close();
		}
	});

	// a 307 on the same host would make the upload go out twice
	it('a 307 to the restore upload on the same host does not send the restore a second time', async () => {
		const zip = await seedBackup(emulator());
		const host = await redirectingHost((path) => `${path}/again`, 307);
		try {
			const result = await restoreFrom(
				emulator(),
				zip,
				{ options: { waitForRestart: false } },
				{ credentialData: { baseUrl: host.url } },
			);
			expect(host.seen.filter((request) => request.method === 'PUT')).toHaveLength(1);
			expect(result.status).toBe('error');
		} finally {
			await host.close();
		}
	});

	it('a 307 to the backup POST is not followed to another host: the credential and the backup password stay put', async () => {
		const host = await redirectingHost((path) => `${emulator().url}${path}`, 307);
		try {
			const result = await runSap(emulator(), createParameters(), {
				credentialData: { baseUrl: host.url },
			});
			expect(host.seen.map((request) => `${request.method} ${request.url}`)).toEqual([
				`POST ${BACKUP_PATH}`,
			]);
			expect(emulator().requests).toEqual([]);
			expect(emulator().state.backupsMade).toBe(0);
			expect(result.status).toBe('error');
			expect(result.items).toEqual([]);
		} finally {
			await host.close();
		}
	});

	// the credential never leaves for another origin, whatever the appliance answers
	it('a 302 to another host: the credential is not sent there', async () => {
		const host = await redirectingHost((path) => `${emulator().url}${path}`, 302);
		try {
			const result = await runSap(
				emulator(),
				{ resource: 'connector', operation: 'getVersion' },
				{ credentialData: { baseUrl: host.url } },
			);
			expect(host.seen.map((request) => `${request.method} ${request.url}`)).toEqual([
				`GET ${VERSION_PATH}`,
			]);
			expect(emulator().requests.filter((request) => request.headers.authorization)).toEqual([]);
			expect(result.status).toBe('error');
		} finally {
			await host.close();
		}
	});
});

describe('the Base URL', () => {
	it.each([
		['no scheme', 'scc.example.com:8443'],
		['ftp://', 'ftp://127.0.0.1:8443'],
	])('with %s is refused before anything is sent', async (_title, baseUrl) => {
		const before = configurationOf(emulator());
		const zip = await seedBackup(emulator());
		const result = await restoreFrom(emulator(), zip, {}, { credentialData: { baseUrl } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`The credential's Base URL "${baseUrl}" is not a valid http(s) URL`,
		);
		expect(emulator().requests).toEqual([]);
		expect(configurationOf(emulator())).toEqual(before);
	});

	it.each([
		['a read', { resource: 'connector', operation: 'getHealth' }],
		['the create', createParameters()],
	])('with no scheme, %s is refused before anything is sent', async (_title, parameters) => {
		const baseUrl = 'scc.example.com:8443';
		const result = await runSap(emulator(), parameters, { credentialData: { baseUrl } });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`The credential's Base URL "${baseUrl}" is not a valid http(s) URL`,
		);
		expect(emulator().requests).toEqual([]);
	});

	it('with a trailing slash reaches the same paths', async () => {
		const result = await runSap(
			emulator(),
			{ resource: 'connector', operation: 'getVersion' },
			{ credentialData: { baseUrl: `${emulator().url}/` } },
		);
		expect(result.error).toBeUndefined();
		expect(emulator().requests.map((request) => request.path)).toEqual([VERSION_PATH]);
	});

	// a restore that provably never left n8n must not send the user looking for a restart
	it('nothing listening there: "refused the connection", and no talk of a restore that may have arrived', async () => {
		const closed = await redirectingHost(() => '/', 302);
		await closed.close();
		const zip = await seedBackup(emulator());
		const result = await restoreFrom(
			emulator(),
			zip,
			{},
			{ credentialData: { baseUrl: closed.url } },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('SAP Cloud Connector refused the connection');
		expect(result.error?.description).toMatch(/nothing was sent/);
		expect(result.error?.description).not.toMatch(/may have reached/);
	});

	it('an untrusted certificate: nothing was sent, and no talk of a restore that may have arrived', async () => {
		const zip = await seedBackup(emulator());
		const result = await restoreFrom(
			emulator(),
			zip,
			{},
			{ credentialData: { ignoreSslIssues: false } },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/TLS certificate was not accepted/);
		expect(emulator().requests).toEqual([]);
		expect(result.error?.description).not.toMatch(/may have reached/);
	});
});

describe('secrets during the restart wait', () => {
	it('the wait fails after the restart (401): neither password shows in anything the user sees', async () => {
		const zip = await seedBackup(emulator());
		emulator().faults.failNext(
			1,
			{
				status: 401,
				contentType: 'application/json',
				body: JSON.stringify({
					type: 'FORBIDDEN_REQUEST',
					message: `Administrator:${CREDENTIAL_PASSWORD} refused, backup "${BACKUP_PASSWORD}"`,
				}),
			},
			(request) => request.method === 'GET' && request.path === VERSION_PATH,
		);
		const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.1 } });
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toMatch(/may have another Administrator password/);
		expectNoSecrets(visibleText(result), [CREDENTIAL_PASSWORD]);
		// the backup password is a node parameter: n8n keeps its own copy of those in a failed run
		expectNoSecrets(visibleTextOutsideParameters(result), [BACKUP_PASSWORD, CREDENTIAL_PASSWORD]);
	});

	it('a restore that waited for the restart: its output holds no secret', async () => {
		const zip = await seedBackup(emulator());
		const result = await restoreFrom(emulator(), zip, { options: { pollInterval: 0.1 } });
		expect(result.error).toBeUndefined();
		expect(result.items[0]?.json.restart).toBe('restarted');
		expectNoSecrets(visibleText(result), [BACKUP_PASSWORD, CREDENTIAL_PASSWORD]);
	});
});
