/** The credential dialog's Test button, and the token kept out of everything a user sees. */
import { IbmQradarApi } from '../../credentials/IbmQradarApi.credentials';
import { runNode } from '../harness';
import { CREDENTIAL_TEST_TYPE, credentialTestNode } from '../harness/credential-test';
import {
	BACKUPS,
	FAST,
	TOKEN,
	calls,
	createBackupParameters,
	header,
	qradarCredential,
	runQradar,
	seedPendingRestore,
	useQradarEmulator,
	visibleText,
} from './helpers';

const emulator = useQradarEmulator();

async function testCredential(data = {}) {
	const credentialType = new IbmQradarApi();
	return await runNode({
		nodeType: CREDENTIAL_TEST_TYPE,
		node: credentialTestNode(credentialType),
		parameters: {},
		credentialTypes: [credentialType],
		credentials: [qradarCredential(emulator(), data)],
	});
}

describe('IBM QRadar API credential test', () => {
	it('one GET of at most one backup, with SEC and Version, succeeds', async () => {
		const result = await testCredential();
		expect(result.error).toBeUndefined();
		expect(calls(emulator())).toEqual([`GET ${BACKUPS}`]);
		const [request] = emulator().requests;
		expect(header(request, 'sec')).toBe(TOKEN);
		expect(header(request, 'version')).toBe('26.0');
		expect(header(request, 'range')).toBe('items=0-0');
		expect(request.authorized).toBe(true);
	});

	it('without an API version, no Version header', async () => {
		const result = await testCredential({ apiVersion: '' });
		expect(result.error).toBeUndefined();
		expect(header(emulator().requests[0], 'version')).toBeUndefined();
	});

	it('accepts a Base URL ending in /api/', async () => {
		const result = await testCredential({ baseUrl: `${emulator().url}/api/` });
		expect(result.error).toBeUndefined();
		expect(emulator().requests.map((r) => r.path)).toEqual([BACKUPS]);
	});

	it('fails with a wrong token, without showing it', async () => {
		const result = await testCredential({ token: 'not-the-token-42' });
		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('401');
		expect(emulator().requests[0].authorized).toBe(false);
		expect(visibleText(result)).not.toContain('not-the-token-42');
	});
});

describe('the node with a wrong token', () => {
	it('401 with the hint to check the authorized service token', async () => {
		const result = await runQradar(emulator(), createBackupParameters(), {
			credentialData: { token: 'wrong-token-77' },
		});
		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.message).toBe('Invalid authorization token provided in the SEC header.');
		expect(result.error?.description).toMatch(
			/Check the authorized service token of the credential \(Admin > Authorized Services\)/,
		);
		expect(visibleText(result)).not.toContain('wrong-token-77');
	});
});

describe('the token appears nowhere a user can see', () => {
	it('in items, run data and logs of a backup waited for', async () => {
		const result = await runQradar(
			emulator(),
			createBackupParameters({ options: { waitForCompletion: true, ...FAST } }),
		);
		expect(result.error).toBeUndefined();
		expect(header(emulator().requests[0], 'sec')).toBe(TOKEN);
		expect(visibleText(result)).not.toContain(TOKEN);
	});

	it('in a failed run, a refused restore start and a 422', async () => {
		emulator().switches.failingNames = ['fails'];
		const failed = await runQradar(
			emulator(),
			createBackupParameters({ name: 'fails', options: { waitForCompletion: true, ...FAST } }),
		);
		expect(failed.status).toBe('error');
		expect(visibleText(failed)).not.toContain(TOKEN);

		seedPendingRestore(emulator(), 'IN_PROGRESS');
		const refused = await runQradar(emulator(), {
			resource: 'restore',
			operation: 'start',
			restore: { __rl: true, mode: 'id', value: '1' },
		});
		expect(refused.error?.httpCode).toBe('422');
		expect(visibleText(refused)).not.toContain(TOKEN);

		const badFilter = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'getAll',
			filters: { filter: '"' },
		});
		expect(badFilter.error?.httpCode).toBe('422');
		expect(visibleText(badFilter)).not.toContain(TOKEN);
	});

	// a token is long enough to be masked in output wherever the console echoes it
	it('when the console echoes the token back in a record', async () => {
		emulator().state.backups[0].description = `made with ${TOKEN}`;
		const result = await runQradar(emulator(), {
			resource: 'backup',
			operation: 'get',
			backup: { __rl: true, mode: 'id', value: '1' },
		});
		expect(result.error).toBeUndefined();
		expect(visibleText(result)).not.toContain(TOKEN);
	});
});
