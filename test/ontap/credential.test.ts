import { NetAppOntapApi } from '../../credentials/NetAppOntapApi.credentials';
import { startOntapEmulator } from '../emulators/ontap';
import { runNode } from '../harness';
import { CREDENTIAL_TEST_TYPE, credentialTestNode } from '../harness/credential-test';
import { ONTAP_PASSWORD, ontapCredential, useOntapEmulator } from './helpers';

const emulator = useOntapEmulator();

/** What the credential dialog's Test button does, through n8n-core's RoutingNode. */
async function testCredential(emu = emulator(), data = {}) {
	const credentialType = new NetAppOntapApi();
	return await runNode({
		nodeType: CREDENTIAL_TEST_TYPE,
		node: credentialTestNode(credentialType),
		parameters: {},
		credentialTypes: [credentialType],
		credentials: [ontapCredential(emu, data)],
	});
}

describe('NetApp ONTAP API credential test', () => {
	it('calls GET /api/cluster with basic auth and succeeds', async () => {
		const result = await testCredential();
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual(expect.objectContaining({ name: 'cluster1' }));
		const [request] = emulator().requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/cluster');
		expect(request.headers.authorization).toBe(
			`Basic ${Buffer.from(`admin:${ONTAP_PASSWORD}`).toString('base64')}`,
		);
	});

	it('accepts a Base URL with /api and a trailing slash', async () => {
		const result = await testCredential(emulator(), { baseUrl: `${emulator().url}/api/` });
		expect(result.error).toBeUndefined();
		expect(emulator().requests[0].path).toBe('/api/cluster');
	});

	it('fails with a wrong password', async () => {
		const result = await testCredential(emulator(), { password: 'not-the-password' });
		expect(result.error?.httpCode).toBe('401');
	});

	it('honours Ignore SSL Issues against a self-signed certificate', async () => {
		const secure = await startOntapEmulator({ https: true });
		try {
			const strict = await testCredential(secure, { ignoreSslIssues: false });
			expect(strict.error).toBeDefined();
			expect(secure.requests).toHaveLength(0);
			const relaxed = await testCredential(secure, { ignoreSslIssues: true });
			expect(relaxed.error).toBeUndefined();
			expect(secure.requests.map((request) => request.path)).toEqual(['/api/cluster']);
		} finally {
			await secure.close();
		}
	});
});
