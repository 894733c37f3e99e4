import { SEED, startOntapEmulator } from '../emulators/ontap';
import {
	apiCalls,
	byId,
	fromList,
	json,
	ONTAP_PASSWORD,
	runOntap,
	visibleText,
	useOntapEmulator,
} from './helpers';

const emulator = useOntapEmulator({ jobPolls: 2 });

/** Every successful run pairs each output item with its input item. */
function expectPaired(items: Array<{ pairedItem?: unknown }>) {
	for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
}

describe('configuration backup settings', () => {
	it('get returns url, username and certificate validation, never the password', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'get',
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				url: SEED.configBackup.url,
				username: 'me',
				validate_certificate: false,
			}),
		]);
		expect(JSON.stringify(result.items)).not.toContain(SEED.configBackup.password);
		expect(apiCalls(emulator())).toEqual(['GET /api/support/configuration-backup']);
		expectPaired(result.items);
	});

	it('update sends the changed fields and outputs the settings now in force', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: {
				url: 'https://backup.example.com/ontap',
				username: 'backup-user',
				password: 'dest-pass-123',
				validateCertificate: true,
			},
		});
		expect(result.error).toBeUndefined();
		const patch = emulator().requests.find((request) => request.method === 'PATCH');
		expect(patch?.path).toBe('/api/support/configuration-backup');
		expect(patch?.body).toEqual({
			url: 'https://backup.example.com/ontap',
			username: 'backup-user',
			password: 'dest-pass-123',
			validate_certificate: true,
		});
		expect(emulator().state.configBackup).toMatchObject({
			url: 'https://backup.example.com/ontap',
			username: 'backup-user',
			password: 'dest-pass-123',
			validate_certificate: true,
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				url: 'https://backup.example.com/ontap',
				validate_certificate: true,
			}),
		]);
		expect(visibleText(result)).not.toContain('dest-pass-123');
	});

	it('update of validateCertificate alone checks the stored URL is https first', async () => {
		emulator().state.configBackup.url = 'https://vault.example.com/b';
		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { validateCertificate: true },
		});
		expect(result.error).toBeUndefined();
		expect(apiCalls(emulator())).toEqual([
			'GET /api/support/configuration-backup',
			'PATCH /api/support/configuration-backup',
			'GET /api/support/configuration-backup',
		]);
		expect(emulator().state.configBackup.validate_certificate).toBe(true);
	});
});

describe('configuration backup files', () => {
	it('getAll lists every file with its details, one item per file', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		const files = json(result.items);
		expect(files.map((file) => file.name)).toEqual(SEED.backupFiles.map((file) => file.name));
		expect(files[0]).toEqual(
			expect.objectContaining({
				node: expect.objectContaining({ name: 'node1' }),
				size: SEED.backupFiles[0].size,
			}),
		);
		expect(emulator().requests[0].query).toMatchObject({ fields: '*' });
	});

	it('getAll filters by node name', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			returnAll: true,
			filters: { nodeName: 'node2' },
		});
		expect(json(result.items).map((file) => file.name)).toEqual([SEED.backupFiles[1].name]);
		expect(emulator().requests[0].query).toMatchObject({ 'node.name': 'node2' });
	});

	it('get returns one file by node and name', async () => {
		const name = SEED.backupFiles[0].name;
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'get',
			clusterNode: fromList(SEED.nodes.node1),
			name,
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			expect.objectContaining({ name, size: SEED.backupFiles[0].size }),
		]);
		expect(apiCalls(emulator())).toEqual([
			`GET /api/support/configuration-backup/backups/${SEED.nodes.node1}/${encodeURIComponent(name)}`,
		]);
	});

	it('create posts once, waits for the job and outputs the new file', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node2),
			name: 'before-upgrade',
			options: { pollInterval: 0.1 },
		});
		expect(result.error).toBeUndefined();
		const posts = emulator().requests.filter((request) => request.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual({ node: { uuid: SEED.nodes.node2 }, name: 'before-upgrade.7z' });
		const jobPolls = emulator().requests.filter((request) =>
			request.path.startsWith('/api/cluster/jobs/'),
		);
		expect(jobPolls.length).toBeGreaterThanOrEqual(2);
		const [file] = json(result.items);
		expect(file).toEqual(
			expect.objectContaining({
				name: 'before-upgrade.7z',
				node: expect.objectContaining({ uuid: SEED.nodes.node2 }),
				size: SEED.createdBackupSize,
				job: expect.objectContaining({ state: 'success' }),
			}),
		);
		expect(emulator().state.backupFiles.map((backup) => backup.name)).toContain(
			'before-upgrade.7z',
		);
	});

	it('create without waiting outputs the job to follow up with Job > Get', async () => {
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node1),
			name: 'quick.7z',
			options: { waitForCompletion: false },
		});
		expect(result.error).toBeUndefined();
		const [output] = json(result.items);
		expect(output).toEqual(
			expect.objectContaining({
				name: 'quick.7z',
				job: expect.objectContaining({ uuid: expect.any(String) }),
			}),
		);
		expect(apiCalls(emulator())).toEqual(['POST /api/support/configuration-backup/backups']);

		const jobUuid = (output.job as { uuid: string }).uuid;
		emulator().requests.length = 0;
		const followUp = await runOntap(emulator(), {
			resource: 'job',
			operation: 'get',
			jobUuid,
			options: { waitForCompletion: true, pollInterval: 0.1 },
		});
		expect(followUp.error).toBeUndefined();
		expect(json(followUp.items)).toEqual([
			expect.objectContaining({ uuid: jobUuid, state: 'success' }),
		]);
	});

	it('delete removes the file', async () => {
		const name = SEED.backupFiles[1].name;
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'delete',
			clusterNode: byId(SEED.nodes.node2),
			name,
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([{ deleted: true, name, node: { uuid: SEED.nodes.node2 } }]);
		expect(apiCalls(emulator())).toEqual([
			`DELETE /api/support/configuration-backup/backups/${SEED.nodes.node2}/${encodeURIComponent(name)}`,
		]);
		expect(emulator().state.backupFiles.map((backup) => backup.name)).not.toContain(name);
	});

	it('download puts the exact bytes into the binary field with the file name and 7z type', async () => {
		const seeded = emulator().state.backupFiles[0];
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'download',
			clusterNode: byId(seeded.node.uuid),
			name: seeded.name,
			binaryPropertyName: 'backup',
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.binary?.backup).toEqual(
			expect.objectContaining({ fileName: seeded.name, mimeType: 'application/x-7z-compressed' }),
		);
		const bytes = await result.binaryBuffer(item, 'backup');
		expect(bytes.equals(seeded.content)).toBe(true);
		expect(item.json).toEqual(
			expect.objectContaining({ name: seeded.name, size: seeded.size, downloaded: true }),
		);
		expect(item.json).not.toHaveProperty('download_link');
		const download = emulator().requests.find((request) => request.path.startsWith('/backups/'));
		expect(download?.headers.authorization).toMatch(/^Basic /);
	});
});

describe('NDMP mode', () => {
	it('get returns the mode', async () => {
		const result = await runOntap(emulator(), { resource: 'ndmp', operation: 'get' });
		expect(json(result.items)).toEqual([expect.objectContaining({ mode: 'svm' })]);
	});

	it('update switches the mode and outputs it', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmp',
			operation: 'update',
			mode: 'node',
		});
		expect(result.error).toBeUndefined();
		expect(emulator().requests.find((request) => request.method === 'PATCH')?.body).toEqual({
			mode: 'node',
		});
		expect(emulator().state.ndmp.mode).toBe('node');
		expect(json(result.items)).toEqual([expect.objectContaining({ mode: 'node' })]);
	});
});

describe('NDMP nodes (node scope)', () => {
	beforeEach(() => {
		emulator().state.ndmp.mode = 'node';
	});

	it('getAll lists both nodes, filtered by name', async () => {
		const all = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'getAll',
			returnAll: true,
		});
		expect(json(all.items).map((record) => (record.node as { name: string }).name)).toEqual([
			'node1',
			'node2',
		]);
		emulator().requests.length = 0;
		const one = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'getAll',
			returnAll: true,
			filters: { nodeName: 'node2' },
		});
		expect(json(one.items)).toHaveLength(1);
		expect(emulator().requests[0].query).toMatchObject({ 'node.name': 'node2' });
	});

	it('get returns one node configuration', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'get',
			clusterNode: byId(SEED.nodes.node1),
		});
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				node: expect.objectContaining({ uuid: SEED.nodes.node1 }),
				enabled: expect.any(Boolean),
			}),
		]);
	});

	it('update sets user, password, types and enables NDMP; the password is stored, never shown', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(SEED.nodes.node2),
			updateFields: {
				user: 'ndmpuser',
				password: 'ndmp-pass-77',
				authenticationTypes: ['challenge'],
				enabled: true,
			},
		});
		expect(result.error).toBeUndefined();
		expect(emulator().requests.find((request) => request.method === 'PATCH')?.body).toEqual({
			user: 'ndmpuser',
			password: 'ndmp-pass-77',
			authentication_types: ['challenge'],
			enabled: true,
		});
		const stored = emulator().state.ndmp.nodes.find(
			(config) => config.node.uuid === SEED.nodes.node2,
		);
		expect(stored).toMatchObject({ user: 'ndmpuser', password: 'ndmp-pass-77', enabled: true });
		expect(json(result.items)).toEqual([
			expect.objectContaining({ user: 'ndmpuser', enabled: true }),
		]);
		expect(visibleText(result)).not.toContain('ndmp-pass-77');
	});
});

describe('NDMP SVMs', () => {
	it('getAll lists every SVM; Limit asks for no more than needed', async () => {
		const all = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'getAll',
			returnAll: true,
		});
		expect(json(all.items)).toHaveLength(3);
		emulator().requests.length = 0;
		const two = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
		});
		expect(json(two.items)).toHaveLength(2);
		expect(emulator().requests).toHaveLength(1);
		expect(emulator().requests[0].query).toMatchObject({ max_records: '2' });
	});

	it('get and update one SVM', async () => {
		const get = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'get',
			svm: byId(SEED.svms.svm2),
		});
		expect(json(get.items)).toEqual([
			expect.objectContaining({ svm: expect.objectContaining({ name: 'svm2' }) }),
		]);

		const update = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'update',
			svm: fromList(SEED.svms.svm2),
			updateFields: { enabled: false, authenticationTypes: ['plaintext_sso'] },
		});
		expect(update.error).toBeUndefined();
		const config = emulator().state.ndmp.svms.find((svm) => svm.svm.uuid === SEED.svms.svm2);
		expect(config).toMatchObject({ enabled: false, authentication_types: ['plaintext_sso'] });
		expect(json(update.items)).toEqual([
			expect.objectContaining({ enabled: false, authentication_types: ['plaintext_sso'] }),
		]);
	});

	it('generatePassword outputs the generated password once, sent once', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'generatePassword',
			svm: byId(SEED.svms.vs_backup),
			user: 'ndmpuser',
		});
		expect(result.error).toBeUndefined();
		expect(emulator().state.generatedPasswords).toHaveLength(1);
		expect(json(result.items)).toEqual([
			expect.objectContaining({
				user: 'ndmpuser',
				password: emulator().state.generatedPasswords[0].password,
			}),
		]);
		expect(apiCalls(emulator())).toEqual([
			`GET /api/protocols/ndmp/svms/${SEED.svms.vs_backup}/passwords/ndmpuser`,
		]);
		expect(visibleText(result)).not.toContain(ONTAP_PASSWORD);
	});
});

describe('NDMP sessions', () => {
	it('Return All follows the next links over 4 pages, each record once', async () => {
		emulator().addSessions(65);
		const total = emulator().state.sessions.length;
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		const ids = json(result.items).map((session) => `${session.uuid}/${session.id}`);
		expect(ids).toHaveLength(total);
		expect(new Set(ids).size).toBe(total);
		const pages = emulator().requests.filter(
			(request) => request.path === '/api/protocols/ndmp/sessions',
		);
		expect(pages.length).toBe(Math.ceil(total / 20));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expectPaired(result.items);
	});

	it('Limit stops as soon as it has enough and shrinks max_records on the next page', async () => {
		emulator().addSessions(65);
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: false,
			limit: 30,
			options: { fields: 'id,uuid,data.state' },
		});
		expect(json(result.items)).toHaveLength(30);
		const pages = emulator().requests.filter(
			(request) => request.path === '/api/protocols/ndmp/sessions',
		);
		expect(pages.map((request) => request.query.max_records)).toEqual(['30']);
	});

	it('Limit over several pages asks only for what is missing', async () => {
		const small = await startOntapEmulator({ maxPageSize: 10, sessions: 45 });
		try {
			const result = await runOntap(small, {
				resource: 'ndmpSession',
				operation: 'getAll',
				returnAll: false,
				limit: 25,
			});
			expect(json(result.items)).toHaveLength(25);
			// pages of at most 10: asks for 25, then the 15 still missing, then 5; never more
			expect(small.requests.map((request) => request.query.max_records)).toEqual(['25', '15', '5']);
		} finally {
			await small.close();
		}
	});

	it('filters by every kind of value: text, number operator and owner', async () => {
		const result = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
			filters: { dataState: 'halted', svmName: 'svm*', clientPort: '>0' },
			options: { orderBy: 'id desc' },
		});
		expect(result.error).toBeUndefined();
		const expected = emulator().state.sessions.filter(
			(session) => session.data.state === 'halted' && session.svm.name.startsWith('svm'),
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(
			json(result.items)
				.map((session) => session.id)
				.sort(),
		).toEqual(expected.map((session) => session.id).sort());
		expect(emulator().requests[0].query).toMatchObject({
			'data.state': 'halted',
			'svm.name': 'svm*',
			client_port: '>0',
			order_by: 'id desc',
		});
	});

	it('get and delete address a session by owner and URL-encoded id', async () => {
		const session = emulator().state.sessions[0];
		expect(session.id).toContain(':');
		const get = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'get',
			ownerUuid: session.uuid,
			sessionId: session.id,
		});
		expect(json(get.items)).toEqual([
			expect.objectContaining({ id: session.id, uuid: session.uuid }),
		]);
		const encodedPath = `/api/protocols/ndmp/sessions/${session.uuid}/${encodeURIComponent(session.id)}`;
		expect(emulator().requests[0].path).toBe(encodedPath);
		expect(emulator().requests[0].path).toContain('%3A');

		const remove = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: session.uuid,
			sessionId: session.id,
		});
		expect(json(remove.items)).toEqual([
			{ deleted: true, ownerUuid: session.uuid, sessionId: session.id },
		]);
		expect(emulator().requests[1]).toEqual(
			expect.objectContaining({ method: 'DELETE', path: encodedPath }),
		);
		expect(
			emulator().state.sessions.find((candidate) => candidate.id === session.id),
		).toBeUndefined();
	});

	it('list halted sessions, then kill each one: a workflow of two nodes', async () => {
		const halted = emulator().state.sessions.filter((session) => session.data.state === 'halted');
		const list = await runOntap(emulator(), {
			resource: 'ndmpSession',
			operation: 'getAll',
			returnAll: true,
			filters: { dataState: 'halted' },
		});
		const kill = await runOntap(
			emulator(),
			{
				resource: 'ndmpSession',
				operation: 'delete',
				ownerUuid: '={{ $json.uuid }}',
				sessionId: '={{ $json.id }}',
			},
			{ inputItems: list.items.map((item) => ({ json: item.json })) },
		);
		expect(kill.error).toBeUndefined();
		expect(kill.items.map((item) => item.pairedItem)).toEqual(
			halted.map((_, index) => ({ item: index })),
		);
		expect(emulator().requests.filter((request) => request.method === 'DELETE')).toHaveLength(
			halted.length,
		);
		expect(emulator().state.sessions.every((session) => session.data.state !== 'halted')).toBe(
			true,
		);
	});
});

describe('jobs', () => {
	it('get returns the job state without waiting', async () => {
		await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node1),
			name: 'job-test',
			options: { waitForCompletion: false },
		});
		const job = emulator().state.jobs[0];
		emulator().requests.length = 0;
		const result = await runOntap(emulator(), {
			resource: 'job',
			operation: 'get',
			jobUuid: job.uuid,
		});
		expect(result.error).toBeUndefined();
		// one read, and the job is still running: Get does not wait unless asked to
		expect(apiCalls(emulator())).toEqual([`GET /api/cluster/jobs/${job.uuid}`]);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ uuid: job.uuid, state: expect.stringMatching(/queued|running/) }),
		]);
	});
});

describe('credential', () => {
	it('a base URL with /api and a trailing slash reaches the same cluster', async () => {
		const result = await runOntap(
			emulator(),
			{ resource: 'ndmp', operation: 'get' },
			{ credentialData: { baseUrl: `${emulator().url}/api/` } },
		);
		expect(result.error).toBeUndefined();
		expect(apiCalls(emulator())).toEqual(['GET /api/protocols/ndmp']);
	});

	it('works over HTTPS with a self-signed certificate only when Ignore SSL Issues is on', async () => {
		const secure = await startOntapEmulator({ https: true });
		try {
			const refused = await runOntap(
				secure,
				{ resource: 'ndmp', operation: 'get' },
				{ credentialData: { ignoreSslIssues: false } },
			);
			expect(refused.error?.message).toMatch(/certificate/i);
			const accepted = await runOntap(
				secure,
				{ resource: 'ndmp', operation: 'get' },
				{ credentialData: { ignoreSslIssues: true } },
			);
			expect(accepted.error).toBeUndefined();
			expect(json(accepted.items)).toEqual([expect.objectContaining({ mode: 'svm' })]);
		} finally {
			await secure.close();
		}
	});
});
