/**
 * Guards that keep a credential and a cluster safe from surprising input: the
 * credential is never sent to another host, a path can never climb to a parent,
 * an unreachable or misconfigured Base URL is named as such, a waiting Create
 * stops polling when cancelled and never invites a second backup.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NetAppOntapApi } from '../../credentials/NetAppOntapApi.credentials';
import { NetAppOntap } from '../../nodes/NetAppOntap/NetAppOntap.node';
import { SEED, startOntapEmulator } from '../emulators/ontap';
import { runListSearch } from '../harness';
import {
	apiCalls,
	byId,
	json,
	ONTAP_TYPE,
	ontapCredential,
	runOntap,
	useOntapEmulator,
} from './helpers';

const emulator = useOntapEmulator();

/** A loopback server that answers every request with `answer` and records what it got. */
async function fakeServer(answer: (request: IncomingMessage, url: string) => unknown) {
	const seen: Array<{ url: string; authorization?: string }> = [];
	const server: Server = createServer((request, response) => {
		seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		response.writeHead(200, { 'content-type': 'application/hal+json' });
		response.end(JSON.stringify(answer(request, base)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	server.unref();
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		seen,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const wait = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('the credential never goes to another host', () => {
	it('a next link on another origin is refused and that host receives nothing', async () => {
		const elsewhere = await fakeServer(() => ({ records: [] }));
		const cluster = await fakeServer((_request, base) => ({
			records: [{ uuid: SEED.svms.svm1, id: '2000:4000' }],
			num_records: 1,
			_links: {
				self: { href: '/api/protocols/ndmp/sessions' },
				next: { href: `${elsewhere.url}/api/steal` },
			},
		}));
		try {
			const result = await runOntap(
				emulator(),
				{ resource: 'ndmpSession', operation: 'getAll', returnAll: true },
				{ credentialData: { baseUrl: cluster.url } },
			);
			expect(result.error?.message).toBe('Refused to send the credential to another host');
			expect(cluster.seen).toHaveLength(1);
			expect(elsewhere.seen).toHaveLength(0);
		} finally {
			await elsewhere.close();
			await cluster.close();
		}
	});

	it("a list search token that is not the collection's next link starts from the first page", async () => {
		const elsewhere = await fakeServer(() => ({ records: [] }));
		try {
			const result = await runListSearch({
				nodeType: ONTAP_TYPE,
				node: new NetAppOntap(),
				method: 'searchClusterNodes',
				paginationToken: `${elsewhere.url}/api/cluster/nodes?steal=1`,
				credentials: [ontapCredential(emulator())],
				credentialTypes: [new NetAppOntapApi()],
			});
			expect(elsewhere.seen).toHaveLength(0);
			expect(result.results.map((entry) => entry.name)).toEqual(['node1', 'node2']);
			expect(apiCalls(emulator())).toEqual(['GET /api/cluster/nodes']);
		} finally {
			await elsewhere.close();
		}
	});

	it('list search pages with the token ONTAP handed out', async () => {
		const paged = await startOntapEmulator({ maxPageSize: 1 });
		try {
			const search = async (paginationToken?: string) =>
				await runListSearch({
					nodeType: ONTAP_TYPE,
					node: new NetAppOntap(),
					method: 'searchClusterNodes',
					paginationToken,
					credentials: [ontapCredential(paged)],
					credentialTypes: [new NetAppOntapApi()],
				});
			const first = await search();
			expect(first.results.map((entry) => entry.name)).toEqual(['node1']);
			expect(first.paginationToken).toMatch(/^\/api\/cluster\/nodes\?/);
			const second = await search(first.paginationToken);
			expect(second.results.map((entry) => entry.name)).toEqual(['node2']);
		} finally {
			await paged.close();
		}
	});

	it('a collection that hands out the same next page twice is an error, not an endless loop', async () => {
		const looping = await fakeServer(() => ({
			records: [{ uuid: SEED.svms.svm1, id: '2000:4000' }],
			_links: { next: { href: '/api/protocols/ndmp/sessions?start.token=again' } },
		}));
		try {
			const result = await runOntap(
				emulator(),
				{ resource: 'ndmpSession', operation: 'getAll', returnAll: true },
				{ credentialData: { baseUrl: looping.url } },
			);
			expect(result.error?.message).toBe('ONTAP returned the same next page twice');
			expect(looping.seen).toHaveLength(2);
		} finally {
			await looping.close();
		}
	});
});

describe('paths cannot climb to a parent', () => {
	it.each([
		[
			'a session ID of ..',
			{ resource: 'ndmpSession', operation: 'delete', ownerUuid: SEED.svms.svm1, sessionId: '..' },
			'Session ID',
		],
		[
			'a backup name of ..',
			{
				resource: 'configurationBackupFile',
				operation: 'delete',
				clusterNode: byId(SEED.nodes.node1),
				name: '..',
			},
			'Name',
		],
		[
			'an NDMP user of .',
			{ resource: 'ndmpSvm', operation: 'generatePassword', svm: byId(SEED.svms.svm1), user: '.' },
			'User',
		],
	])('%s is refused before sending', async (_title, parameters, label) => {
		const result = await runOntap(emulator(), parameters);
		expect(result.error?.message).toBe(`Invalid parameter "${label}": must not be only dots`);
		expect(emulator().requests).toHaveLength(0);
	});
});

describe('a misconfigured credential is named', () => {
	it('a Base URL without a scheme is refused before sending', async () => {
		const result = await runOntap(
			emulator(),
			{ resource: 'ndmp', operation: 'get' },
			{
				credentialData: { baseUrl: emulator().url.replace('http://', '') },
			},
		);
		expect(result.error?.message).toMatch(/Base URL .* is not a valid http\(s\) URL/);
		expect(emulator().requests).toHaveLength(0);
	});

	it('a host that does not resolve is reported as unreachable, with nothing sent', async () => {
		const result = await runOntap(
			emulator(),
			{
				resource: 'configurationBackupFile',
				operation: 'create',
				clusterNode: byId(SEED.nodes.node1),
				name: 'x',
			},
			{ credentialData: { baseUrl: 'https://cluster.does-not-exist.invalid' } },
		);
		expect(result.error?.message).toBe(
			'ONTAP could not be reached at cluster.does-not-exist.invalid',
		);
		expect(result.error?.description).toMatch(/Nothing was sent/);
	});

	it('a short password never mangles output data that happens to contain it', async () => {
		const cluster = await startOntapEmulator({ password: 'node2' });
		try {
			cluster.state.ndmp.mode = 'node';
			const result = await runOntap(
				cluster,
				{ resource: 'ndmpNode', operation: 'getAll', returnAll: true },
				{ credentialData: { password: 'node2' } },
			);
			expect(json(result.items).map((record) => (record.node as { name: string }).name)).toEqual([
				'node1',
				'node2',
			]);
		} finally {
			await cluster.close();
		}
	});
});

describe('a Create that has been sent', () => {
	it('survives a few failed job reads', async () => {
		emulator().faults.failNext(2, { status: 500 }, (request) =>
			request.path.startsWith('/api/cluster/jobs/'),
		);
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node1),
			name: 'flaky-jobs',
			options: { pollInterval: 0.1 },
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([expect.objectContaining({ name: 'flaky-jobs.7z' })]);
		expect(emulator().requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('says the backup may exist when the job cannot be followed', async () => {
		emulator().faults.failNext(30, { status: 500 }, (request) =>
			request.path.startsWith('/api/cluster/jobs/'),
		);
		const result = await runOntap(emulator(), {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(SEED.nodes.node1),
			name: 'unfollowable',
			options: { pollInterval: 0.1 },
		});
		expect(result.error?.httpCode).toBe('500');
		expect(result.error?.description).toMatch(
			/The backup "unfollowable.7z" was requested \(job [0-9a-f-]+\) and may exist: check with Job > Get/,
		);
		expect(emulator().requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('stops polling once the execution is cancelled', async () => {
		const slow = await startOntapEmulator({ jobPolls: 1000 });
		try {
			const result = await runOntap(
				slow,
				{
					resource: 'configurationBackupFile',
					operation: 'create',
					clusterNode: byId(SEED.nodes.node1),
					name: 'cancelled',
					options: { pollInterval: 0.2, timeout: 60 },
				},
				{ cancelAfterMs: 800 },
			);
			// n8n reports the cancel, or the node's own "Stopped waiting ... cancelled" error
			expect(result.status === 'canceled' || /cancelled/.test(result.error?.message ?? '')).toBe(
				true,
			);
			// give a loop that ignored the cancel time to show itself
			await wait(300);
			const pollsAfterCancel = slow.requests.length;
			await wait(1200);
			expect(slow.requests.length).toBe(pollsAfterCancel);
		} finally {
			await slow.close();
		}
	});
});

describe('Generate Password', () => {
	it('is sent once even when the cluster is busy (each call makes a new password)', async () => {
		emulator().faults.failNext(1, { status: 503, retryAfter: 1 });
		const result = await runOntap(emulator(), {
			resource: 'ndmpSvm',
			operation: 'generatePassword',
			svm: byId(SEED.svms.svm1),
			user: 'ndmpuser',
		});
		expect(result.error?.httpCode).toBe('503');
		expect(emulator().requests).toHaveLength(1);
	});
});
