/** The credential dialog's Test button, through n8n-core's RoutingNode, against the emulator. */
import { SapCloudConnectorApi } from '../../credentials/SapCloudConnectorApi.credentials';
import { SEED, startSapCloudConnectorEmulator } from '../emulators/sapCloudConnector';
import { runNode } from '../harness';
import { CREDENTIAL_TEST_TYPE, credentialTestNode } from '../harness/credential-test';
import {
	CREDENTIAL_PASSWORD,
	VERSION_PATH,
	calls,
	sapCredential,
	useSapEmulator,
	visibleText,
} from './helpers';

const emulator = useSapEmulator();

/** What the credential dialog's Test button does. */
async function testCredential(emu = emulator(), data = {}) {
	const credentialType = new SapCloudConnectorApi();
	return await runNode({
		nodeType: CREDENTIAL_TEST_TYPE,
		node: credentialTestNode(credentialType),
		parameters: {},
		credentialTypes: [credentialType],
		credentials: [sapCredential(emu, data)],
	});
}

describe('SAP Cloud Connector API credential test', () => {
	it('calls GET /api/v1/connector/version with basic auth and Connection: close, and succeeds', async () => {
		const result = await testCredential();
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ version: SEED.version }]);
		expect(calls(emulator())).toEqual([`GET ${VERSION_PATH}`]);
		const [request] = emulator().requests;
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`${SEED.credentials.username}:${CREDENTIAL_PASSWORD}`).toString('base64')}`,
		);
		expect(request.headers.accept).toBe('application/json');
		expect(request.connectionClose).toBe(true);
	});

	it('accepts a Base URL with a trailing slash', async () => {
		const result = await testCredential(emulator(), { baseUrl: `${emulator().url}//` });
		expect(result.error).toBeUndefined();
		expect(emulator().requests.map((request) => request.path)).toEqual([VERSION_PATH]);
	});

	it('fails with a wrong password, without showing it', async () => {
		const result = await testCredential(emulator(), { password: 'not-the-password' });
		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('401');
		expect(visibleText(result)).not.toContain('not-the-password');
	});

	it('fails with a wrong username', async () => {
		const result = await testCredential(emulator(), { username: 'sccadmin' });
		expect(result.error?.httpCode).toBe('401');
	});

	it('honours Ignore SSL Issues against the self-signed certificate', async () => {
		const strict = await testCredential(emulator(), { ignoreSslIssues: false });
		expect(strict.error).toBeDefined();
		expect(emulator().requests).toHaveLength(0);
		const relaxed = await testCredential(emulator(), { ignoreSslIssues: true });
		expect(relaxed.error).toBeUndefined();
		expect(calls(emulator())).toEqual([`GET ${VERSION_PATH}`]);
	});

	it('works against a plain http:// connector too', async () => {
		const plain = await startSapCloudConnectorEmulator({ https: false });
		try {
			const result = await testCredential(plain);
			expect(result.error).toBeUndefined();
			expect(plain.requests.map((request) => request.path)).toEqual([VERSION_PATH]);
		} finally {
			await plain.close();
		}
	});
});
