/**
 * What the user reads when ONTAP says no: every error the appliance answers with is
 * shown with its HTTP status, ONTAP's error code and ONTAP's message, plus a hint;
 * answers that are not JSON are named as such; Continue On Fail turns errors into
 * items; and no secret (credential password, a password being set) is ever shown.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { SEED } from '../emulators/ontap';
import {
	apiCalls,
	byId,
	json,
	ONTAP_PASSWORD,
	runOntap,
	visibleText,
	visibleTextOutsideParameters,
	useOntapEmulator,
} from './helpers';

const emulator = useOntapEmulator();

type Result = Awaited<ReturnType<typeof runOntap>>;

const NODE1 = SEED.nodes.node1;
const NODE2 = SEED.nodes.node2;
const SVM1 = SEED.svms.svm1;
/** Well-formed UUIDs that no object on the emulated cluster has. */
const UNKNOWN_UUID = '7e57e57e-0000-4000-8000-000000000001';

/** The error a user reads: ONTAP's message, the status, ONTAP's code and what to do. */
function expectOntapError(
	result: Result,
	expected: {
		httpCode: string;
		code: string;
		message: string;
		target?: string;
		hint: RegExp;
		call: string;
	},
) {
	expect(result.status).toBe('error');
	expect(result.items).toEqual([]);
	expect(result.error).toBeDefined();
	expect(result.error?.message).toBe(expected.message);
	expect(result.error?.httpCode).toBe(expected.httpCode);
	expect(result.error?.description).toContain(`ONTAP error ${expected.code}`);
	if (expected.target) expect(result.error?.description).toContain(`on "${expected.target}"`);
	expect(result.error?.description).toContain(`(${expected.call})`);
	expect(result.error?.description).toMatch(expected.hint);
}

describe('authentication', () => {
	it('a wrong password gives 401 with a hint about username and password, and the password is shown nowhere', async () => {
		const wrong = 'wrong-pw-7731';
		const result = await runOntap(
			emulator(),
			{ resource: 'configurationBackup', operation: 'get' },
			{ credentialData: { password: wrong } },
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('not authorized for that command');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toContain('ONTAP error 6691623');
		expect(result.error?.description).toContain('(GET /api/support/configuration-backup)');
		// a 401 is not retried
		expect(apiCalls(emulator())).toEqual(['GET /api/support/configuration-backup']);
		expect(visibleText(result)).not.toContain(wrong);
		expect(visibleText(result)).not.toContain(ONTAP_PASSWORD);
		// ONTAP sends code 6691623 with a 401: the hint must still point at the credential, not at roles
		expect(result.error?.description).toMatch(/username and password/i);
	});
});

describe('ONTAP error answers', () => {
	it('404 code 4: an unknown NDMP session', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'get',
			ownerUuid: SVM1,
			sessionId: '9999:9999',
		});
		expectOntapError(result, {
			httpCode: '404',
			code: '4',
			message: "entry doesn't exist",
			target: 'session.id',
			hint: /does not exist: check the UUID or name/,
			call: `GET /api/protocols/ndmp/sessions/${SVM1}/9999%3A9999`,
		});
		expect(apiCalls(emulator())).toEqual([`GET /api/protocols/ndmp/sessions/${SVM1}/9999%3A9999`]);
	});

	it('404 code 68812804: an unknown node in node scope', async () => {
		emulator().state.ndmp.mode = 'node';
		const result = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'get',
			clusterNode: byId(UNKNOWN_UUID),
		});
		expectOntapError(result, {
			httpCode: '404',
			code: '68812804',
			message: 'Failed to get the node name from the specified node UUID.',
			target: 'node.uuid',
			hint: /No node has this UUID/,
			call: `GET /api/protocols/ndmp/nodes/${UNKNOWN_UUID}`,
		});
		expect(apiCalls(emulator())).toEqual([`GET /api/protocols/ndmp/nodes/${UNKNOWN_UUID}`]);
	});

	it('400 code 68812801: a node-scope call while NDMP runs in SVM scope, with the hint to switch', async () => {
		expect(emulator().state.ndmp.mode).toBe('svm');
		const result = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'get',
			clusterNode: byId(NODE1),
		});
		expectOntapError(result, {
			httpCode: '400',
			code: '68812801',
			message: 'Node-scoped operations are not allowed in an SVM-scope.',
			hint: /NDMP runs in SVM scope: node-scope NDMP calls are refused\. Switch with NDMP > Update \(mode node\)/,
			call: `GET /api/protocols/ndmp/nodes/${NODE1}`,
		});
		expect(apiCalls(emulator())).toHaveLength(1);
	});

	it('400 code 65601536: an SVM call while NDMP runs in node scope', async () => {
		emulator().state.ndmp.mode = 'node';
		const result = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'getAll',
			returnAll: true,
		});
		expectOntapError(result, {
			httpCode: '400',
			code: '65601536',
			message: 'SVM-aware NDMP mode is disabled.',
			hint: /NDMP runs in node scope: switch to SVM scope/,
			call: 'GET /api/protocols/ndmp/svms',
		});
		expect(apiCalls(emulator())).toEqual(['GET /api/protocols/ndmp/svms']);
	});

	it('68812802 (invalid UUID) cannot reach ONTAP: the node refuses a malformed UUID itself', async () => {
		emulator().state.ndmp.mode = 'node';
		const result = await runOntap(
			emulator(),
			{ resource: 'ndmpNode', operation: 'get', clusterNode: byId('={{ $json.node }}') },
			{ inputItems: [{ json: { node: '1cd8a442-86d1-11e0-ae1c-12347856341' } }] },
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/Invalid parameter "Cluster Node": must be a UUID/);
		expect(result.error?.httpCode ?? undefined).toBeUndefined();
		expect(emulator().requests).toEqual([]);
	});

	it('400 code 68812800: enabling NDMP on a node without a user', async () => {
		emulator().state.ndmp.mode = 'node';
		const result = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE2),
			updateFields: { enabled: true },
		});
		expectOntapError(result, {
			httpCode: '400',
			code: '68812800',
			message: 'The user is required to enable NDMP on a node.',
			target: 'enabled',
			hint: /Set an NDMP user on the node before enabling NDMP/,
			call: `PATCH /api/protocols/ndmp/nodes/${NODE2}`,
		});
		// a 400 is not retried, even for a PATCH marked idempotent
		expect(apiCalls(emulator())).toEqual([`PATCH /api/protocols/ndmp/nodes/${NODE2}`]);
		expect(emulator().state.ndmp.nodes[1]?.enabled).toBe(false);
	});

	it('400 code 65601575: node scope is not supported on this platform', async () => {
		emulator().state.nodeScopeSupported = false;
		const result = await runOntap(emulator(), {
			resource: 'ndmp',
			operation: 'update',
			mode: 'node',
		});
		expectOntapError(result, {
			httpCode: '400',
			code: '65601575',
			message: 'Node-scope NDMP mode is not supported on this platform.',
			target: 'mode',
			hint: /does not support node-scope NDMP/,
			call: 'PATCH /api/protocols/ndmp',
		});
		expect(emulator().state.ndmp.mode).toBe('svm');
	});

	it('400 code 39387159: a backup on a node the cluster does not have (POST sent once)', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(UNKNOWN_UUID),
			name: 'manual',
			options: { pollInterval: 0.1 },
		});
		expectOntapError(result, {
			httpCode: '400',
			code: '39387159',
			message: 'Node not found',
			target: 'node',
			hint: /node does not exist/,
			call: 'POST /api/support/configuration-backup/backups',
		});
		expect(apiCalls(emulator())).toEqual(['POST /api/support/configuration-backup/backups']);
	});

	it('404 code 68812803: deleting a session of an SVM the cluster does not have', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: UNKNOWN_UUID,
			sessionId: '2000:4000',
		});
		expectOntapError(result, {
			httpCode: '404',
			code: '68812803',
			message: 'Failed to get the SVM name from the specified SVM UUID.',
			target: 'owner.uuid',
			hint: /No SVM has this UUID/,
			call: `DELETE /api/protocols/ndmp/sessions/${UNKNOWN_UUID}/2000%3A4000`,
		});
		expect(emulator().state.sessions).toHaveLength(5);
	});

	it('400 code 262197: a field this ONTAP does not know', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
			options: { fields: 'id,no_such_field' },
		});
		expectOntapError(result, {
			httpCode: '400',
			code: '262197',
			message: 'Unexpected argument "no_such_field".',
			target: 'fields',
			hint: /does not know a filter or field that was sent: remove it/,
			call: 'GET /api/protocols/ndmp/sessions',
		});
		// a 400 is final: no retry
		expect(apiCalls(emulator())).toEqual(['GET /api/protocols/ndmp/sessions']);
		expect(emulator().requests[0]?.query.fields).toBe('id,no_such_field');
	});

	it('a failed backup job (39387146, name taken): the job message is the error and the POST was sent once', async () => {
		const existing = SEED.backupFiles[0].name;
		const filesBefore = emulator().state.backupFiles.length;
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(NODE1),
			name: existing,
			options: { waitForCompletion: true, pollInterval: 0.1, timeout: 30 },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Backup file "${existing}" already exists.`);
		expect(result.error?.description).toContain('ended in failure (code 39387146)');
		expect(result.error?.description).toContain(
			'A backup file with this name already exists on that node',
		);
		const job = emulator().state.jobs[0];
		expect(job?.state).toBe('failure');
		expect(result.error?.description).toContain(job?.uuid);

		const posts = emulator().requests.filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0]?.body).toEqual({ node: { uuid: NODE1 }, name: existing });
		// then only job polls, no second create
		expect(
			apiCalls(emulator())
				.slice(1)
				.every((call) => call === `GET /api/cluster/jobs/${job?.uuid}`),
		).toBe(true);
		expect(emulator().state.backupFiles).toHaveLength(filesBefore);
	});
});

describe('answers that are not JSON', () => {
	it('an HTML login page is named as such, once, without a retry storm', async () => {
		emulator().faults.htmlLogin = true;
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('ONTAP answered with an HTML page instead of JSON');
		expect(result.error?.httpCode).toBe('200');
		expect(result.error?.description).toMatch(/text\/html/);
		expect(result.error?.description).toMatch(/Base URL/);
		// a login page is not a transient fault: asked once, not retried
		expect(apiCalls(emulator())).toEqual(['GET /api/protocols/ndmp/sessions']);
		expect(result.items).toEqual([]);
	});

	it('a 200 answer with a plain-text body is an error, not data', async () => {
		emulator().faults.failNext(1, {
			status: 200,
			body: 'OK - maintenance finished',
			contentType: 'text/plain',
		});
		const result = await runOntap(emulator(), { resource: 'ndmp', operation: 'get' });

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('ONTAP answered with something that is not JSON');
		expect(result.error?.httpCode).toBe('200');
		expect(result.error?.description).toContain('text/plain');
		expect(result.error?.description).toContain('(GET /api/protocols/ndmp)');
		expect(apiCalls(emulator())).toEqual(['GET /api/protocols/ndmp']);
		expect(result.items).toEqual([]);
	});
});

describe('Continue On Fail', () => {
	it('with "Continue (using error output)" the failed item goes to the error output, with its details', async () => {
		const session = emulator().state.sessions[1];
		const result = await runOntap(
			emulator(),
			{
				resource: 'ndmpSession',
				operation: 'get',
				ownerUuid: '={{ $json.owner }}',
				sessionId: '={{ $json.id }}',
			},
			{
				onError: 'continueErrorOutput',
				inputItems: [
					{ json: { owner: SVM1, id: '9999:1' } },
					{ json: { owner: session?.uuid, id: session?.id } },
				],
			},
		);

		expect(result.status).toBe('success');
		const success = result.output(result.nodeName, 0);
		const failures = result.output(result.nodeName, 1);
		expect(success.map((item) => item.json.id)).toEqual([session?.id]);
		expect(failures).toHaveLength(1);
		// n8n adds the input item's fields to an error-output item
		expect(failures[0]?.json).toMatchObject({
			error: "entry doesn't exist",
			message: expect.stringMatching(/ONTAP error 4 on "session\.id".* \(HTTP 404\)$/s),
		});
		expect(
			Object.keys(failures[0]?.json ?? {})
				.filter((key) => !['owner', 'id'].includes(key))
				.sort(),
		).toEqual(['error', 'message']);
	});

	it('the error item carries error, description and httpCode; the good item is output as usual', async () => {
		const session = emulator().state.sessions[1];
		const result = await runOntap(
			emulator(),
			{
				resource: 'ndmpSession',
				operation: 'get',
				ownerUuid: '={{ $json.owner }}',
				sessionId: '={{ $json.id }}',
			},
			{
				continueOnFail: true,
				inputItems: [
					{ json: { owner: SVM1, id: '9999:1' } },
					{ json: { owner: session?.uuid, id: session?.id } },
				],
			},
		);

		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		const [failed, ok] = result.items;
		expect(failed?.json).toEqual({
			error: "entry doesn't exist",
			description: expect.stringContaining('ONTAP error 4 on "session.id"'),
			httpCode: '404',
		});
		expect(failed?.pairedItem).toEqual({ item: 0 });
		expect(ok?.json).toMatchObject({ uuid: session?.uuid, id: session?.id });
		expect(ok?.pairedItem).toEqual({ item: 1 });
	});
});

describe('pairedItem', () => {
	const twoItems = [{ json: { n: 1 } }, { json: { n: 2 } }];
	it.each([
		['configurationBackup get', { resource: 'configurationBackup', operation: 'get' }, 1],
		[
			'configurationBackupFile getAll',
			{ resource: 'configurationBackupFile', operation: 'getAll', returnAll: true },
			2,
		],
		['ndmp get', { resource: 'ndmp', operation: 'get' }, 1],
		['ndmpSvm getAll', { resource: 'ndmpSvm', operation: 'getAll', returnAll: true }, 3],
		['ndmpSvm get', { resource: 'ndmpSvm', operation: 'get', svm: byId(SVM1) }, 1],
		[
			'ndmpSvm update',
			{
				resource: 'ndmpSvm',
				operation: 'update',
				svm: byId(SVM1),
				updateFields: { enabled: true },
			},
			1,
		],
		[
			'ndmpSession getAll (limit 3)',
			{ resource: 'ndmpSession', operation: 'getAll', returnAll: false, limit: 3 },
			3,
		],
		[
			'ndmpSession getAll (all)',
			{ resource: 'ndmpSession', operation: 'getAll', returnAll: true },
			5,
		],
	] as const)(
		'every output item of %s points at its input item',
		async (_title, parameters, perItem) => {
			const result = await runOntap(emulator(), parameters, { inputItems: twoItems });

			expect(result.status).toBe('success');
			expect(result.items).toHaveLength(perItem * 2);
			result.items.forEach((item: INodeExecutionData, index) => {
				expect(item.pairedItem).toEqual({ item: index < perItem ? 0 : 1 });
			});
			expect(json(result.items).some((item) => 'error' in item)).toBe(false);
		},
	);
});

describe('secrets in error answers', () => {
	it('a PATCH error that echoes the new password and the credential password shows neither', async () => {
		const newSecret = 'new-secret-XYZ';
		emulator().faults.failNext(
			1,
			{
				status: 400,
				body: JSON.stringify({
					error: {
						code: '262196',
						message: `Field "password" cannot be set to "${newSecret}" (request by admin:${ONTAP_PASSWORD})`,
						target: 'password',
					},
				}),
			},
			(r) => r.method === 'PATCH',
		);

		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { username: 'backup-user', password: newSecret },
		});

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toContain('ONTAP error 262196');
		expect(result.error?.message).toMatch(/^Field "password" cannot be set to/);
		const patches = emulator().requests.filter((r) => r.method === 'PATCH');
		expect(patches).toHaveLength(1);
		expect(patches[0]?.body).toEqual({ username: 'backup-user', password: newSecret });

		expect(visibleText(result)).not.toContain(ONTAP_PASSWORD);
		const seen = visibleTextOutsideParameters(result);
		// a password being set (updateFields.password) that ONTAP echoes in its error is masked like a credential
		expect(seen).not.toContain(newSecret);
	});

	it('the same for an NDMP node password', async () => {
		emulator().state.ndmp.mode = 'node';
		const newSecret = 'ndmp-new-secret-XYZ';
		emulator().faults.failNext(
			1,
			{
				status: 400,
				body: JSON.stringify({
					error: { code: '262196', message: `Invalid password "${newSecret}"`, target: 'password' },
				}),
			},
			(r) => r.method === 'PATCH',
		);

		const result = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: { password: newSecret },
		});

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('400');
		expect(visibleText(result)).not.toContain(ONTAP_PASSWORD);
		const seen = visibleTextOutsideParameters(result);
		// as above: request-body secrets are masked in errors
		expect(seen).not.toContain(newSecret);
	});
});
