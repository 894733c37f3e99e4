import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, sleep } from 'n8n-workflow';

import { getBinaryDataStoragePath, runNode, runWorkflow } from './index';

// ---------------------------------------------------------------------------
// Throwaway HTTP server
// ---------------------------------------------------------------------------
interface SeenRequest {
	method: string;
	url: string;
	authorization?: string;
}

const seen: SeenRequest[] = [];
let tokenCounter = 0;
let server: Server;
let baseUrl: string;

function handle(req: IncomingMessage, body: string) {
	const auth = req.headers.authorization;
	const url = req.url ?? '/';
	if (req.method === 'POST' && url === '/login') {
		const { username, password } = JSON.parse(body || '{}') as Record<string, string>;
		if (username !== 'bob' || password !== 'token-pass') return { status: 403, body: {} };
		return { status: 200, body: { token: `tok-${++tokenCounter}` } };
	}
	if (url.startsWith('/fail')) {
		return { status: 500, body: { message: 'boom from server' } };
	}
	if (url.startsWith('/bearer')) {
		if (!auth?.startsWith('Bearer tok-')) return { status: 401, body: { message: 'expired' } };
		return { status: 200, body: { ok: true, auth } };
	}
	return { status: 200, body: { ok: true, path: url } };
}

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			seen.push({
				method: req.method ?? '',
				url: req.url ?? '',
				authorization: req.headers.authorization,
			});
			const { status, body: responseBody } = handle(req, body);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(responseBody));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

beforeEach(() => {
	seen.length = 0;
});

// ---------------------------------------------------------------------------
// Test-only credential and node types
// ---------------------------------------------------------------------------
class TestBasicApi implements ICredentialType {
	name = 'testBasicApi';
	displayName = 'Test Basic API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Username', name: 'username', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.username}}', password: '={{$credentials.password}}' },
		},
	};
}

class TestTokenApi implements ICredentialType {
	name = 'testTokenApi';
	displayName = 'Test Token API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Username', name: 'username', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: Record<string, unknown>) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.baseUrl as string}/login`,
			body: { username: credentials.username, password: credentials.password },
			json: true,
		})) as { token: string };
		return { accessToken: response.token };
	}

	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};
}

const HTTP_NODE_TYPE = 'harness-test.httpTest';
class HttpTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HTTP Test',
		name: 'httpTest',
		group: ['transform'],
		version: 1,
		description: 'Calls a URL with credentials',
		defaults: { name: 'HTTP Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'testBasicApi',
				required: true,
				displayOptions: { show: { authType: ['testBasicApi'] } },
			},
			{
				name: 'testTokenApi',
				required: true,
				displayOptions: { show: { authType: ['testTokenApi'] } },
			},
		],
		properties: [
			{
				displayName: 'Auth',
				name: 'authType',
				type: 'options',
				options: [
					{ name: 'Basic', value: 'testBasicApi' },
					{ name: 'Token', value: 'testTokenApi' },
				],
				default: 'testBasicApi',
			},
			{ displayName: 'URL', name: 'url', type: 'string', default: '', required: true },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const authType = this.getNodeParameter('authType', i) as string;
				const url = this.getNodeParameter('url', i) as string;
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, authType, {
					method: 'GET' as IHttpRequestMethods,
					url,
					json: true,
				})) as JsonObject;
				out.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeApiError) throw error;
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [out];
	}
}

const WRITER_TYPE = 'harness-test.binaryWriter';
class BinaryWriterNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binary Writer',
		name: 'binaryWriter',
		group: ['transform'],
		version: 1,
		description: 'Writes a binary',
		defaults: { name: 'Binary Writer' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Content', name: 'content', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const content = this.getNodeParameter('content', i) as string;
			const binary = await this.helpers.prepareBinaryData(
				Buffer.from(content, 'utf8'),
				'backup.txt',
				'text/plain',
			);
			out.push({
				json: { written: content.length },
				binary: { data: binary },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

const READER_TYPE = 'harness-test.binaryReader';
class BinaryReaderNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binary Reader',
		name: 'binaryReader',
		group: ['transform'],
		version: 1,
		description: 'Reads a binary',
		defaults: { name: 'Binary Reader' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const meta = this.helpers.assertBinaryData(i, 'data');
			const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
			let streamed = '';
			if (meta.id) {
				const stream = await this.helpers.getBinaryStream(meta.id);
				for await (const chunk of stream) streamed += (chunk as Buffer).toString('utf8');
			}
			out.push({
				json: {
					text: buffer.toString('utf8'),
					streamed,
					id: meta.id ?? null,
					fileName: meta.fileName ?? null,
					mimeType: meta.mimeType,
				},
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

const WAITER_TYPE = 'harness-test.waiter';
let waiterSawAbort = false;
class WaiterNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Waiter',
		name: 'waiter',
		group: ['transform'],
		version: 1,
		description: 'Waits until cancelled',
		defaults: { name: 'Waiter' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const started = Date.now();
		while (!this.getExecutionCancelSignal()?.aborted) {
			if (Date.now() - started > 20_000) throw new Error('never cancelled');
			await sleep(50);
		}
		waiterSawAbort = true;
		return [[{ json: { waitedMs: Date.now() - started }, pairedItem: { item: 0 } }]];
	}
}

const credentialTypes = [new TestBasicApi(), new TestTokenApi()];

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------
describe('test harness', () => {
	it('applies generic basic auth, resolves expressions and keeps pairedItem', async () => {
		const result = await runNode({
			nodeType: HTTP_NODE_TYPE,
			node: new HttpTestNode(),
			parameters: { authType: 'testBasicApi', url: `={{ "${baseUrl}/data/" + $json.id }}` },
			credentialTypes,
			credentials: [{ type: 'testBasicApi', data: { username: 'alice', password: 's3cret-pw' } }],
			inputItems: [{ json: { id: 'a' } }, { json: { id: 'b' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const expected = `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`;
		expect(seen).toEqual([
			{ method: 'GET', url: '/data/a', authorization: expected },
			{ method: 'GET', url: '/data/b', authorization: expected },
		]);
		expect(result.items.map((i) => i.json)).toEqual([
			{ ok: true, path: '/data/a' },
			{ ok: true, path: '/data/b' },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.logs.length).toBeGreaterThan(0);
		expect(result.logs.join('\n')).not.toContain('s3cret-pw');
	});

	it('runs preAuthentication for an empty expirable token and stores the token', async () => {
		const result = await runNode({
			nodeType: HTTP_NODE_TYPE,
			node: new HttpTestNode(),
			parameters: { authType: 'testTokenApi', url: `${baseUrl}/bearer` },
			credentialTypes,
			credentials: [
				{ type: 'testTokenApi', data: { baseUrl, username: 'bob', password: 'token-pass' } },
			],
			inputItems: [{ json: {} }, { json: {} }],
		});

		expect(result.error).toBeUndefined();
		const token = `tok-${tokenCounter}`;
		// one login (first item), then the stored token is reused for the second item
		expect(seen.map((r) => `${r.method} ${r.url} ${r.authorization ?? ''}`)).toEqual([
			'POST /login ',
			`GET /bearer Bearer ${token}`,
			`GET /bearer Bearer ${token}`,
		]);
		expect(result.credentialStore[0].data.accessToken).toBe(token);
		expect(result.items).toHaveLength(2);
	});

	it('re-runs preAuthentication when the server says the token expired (401)', async () => {
		const result = await runNode({
			nodeType: HTTP_NODE_TYPE,
			node: new HttpTestNode(),
			parameters: { authType: 'testTokenApi', url: `${baseUrl}/bearer` },
			credentialTypes,
			credentials: [
				{
					type: 'testTokenApi',
					data: { baseUrl, username: 'bob', password: 'token-pass', accessToken: 'stale' },
				},
			],
		});

		expect(result.error).toBeUndefined();
		const token = `tok-${tokenCounter}`;
		expect(seen.map((r) => `${r.method} ${r.url} ${r.authorization ?? ''}`)).toEqual([
			'GET /bearer Bearer stale',
			'POST /login ',
			`GET /bearer Bearer ${token}`,
		]);
		expect(result.credentialStore[0].data.accessToken).toBe(token);
	});

	it('surfaces a NodeApiError as the workflow error', async () => {
		const result = await runNode({
			nodeType: HTTP_NODE_TYPE,
			node: new HttpTestNode(),
			parameters: { authType: 'testBasicApi', url: `${baseUrl}/fail` },
			credentialTypes,
			credentials: [{ type: 'testBasicApi', data: { username: 'alice', password: 'pw' } }],
		});

		expect(result.status).toBe('error');
		expect(result.error).toBeDefined();
		expect(result.error?.httpCode).toBe('500');
		expect(result.error?.message).toBeTruthy();
		expect(result.error?.node).toBe(result.nodeName);
		expect(result.nodeError(result.nodeName)?.httpCode).toBe('500');
		expect(result.items).toEqual([]);
	});

	it('puts {json:{error}} in the output with continueOnFail', async () => {
		const result = await runNode({
			nodeType: HTTP_NODE_TYPE,
			node: new HttpTestNode(),
			parameters: { authType: 'testBasicApi', url: `${baseUrl}/fail` },
			credentialTypes,
			credentials: [{ type: 'testBasicApi', data: { username: 'alice', password: 'pw' } }],
			continueOnFail: true,
		});

		expect(result.status).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(typeof result.items[0].json.error).toBe('string');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('round-trips binaries through the BinaryDataService (filesystem mode)', async () => {
		const result = await runWorkflow({
			workflow: {
				nodes: [
					{
						id: '1',
						name: 'Start',
						type: 'test.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: '2',
						name: 'Write',
						type: WRITER_TYPE,
						typeVersion: 1,
						position: [200, 0],
						parameters: { content: '={{ "hello " + "backup" }}' },
					},
					{
						id: '3',
						name: 'Read',
						type: READER_TYPE,
						typeVersion: 1,
						position: [400, 0],
						parameters: {},
					},
				],
				connections: {
					Start: { main: [[{ node: 'Write', type: NodeConnectionTypes.Main, index: 0 }]] },
					Write: { main: [[{ node: 'Read', type: NodeConnectionTypes.Main, index: 0 }]] },
				},
			},
			nodeTypes: { [WRITER_TYPE]: new BinaryWriterNode(), [READER_TYPE]: new BinaryReaderNode() },
		});

		expect(result.error).toBeUndefined();
		const [written] = result.output('Write');
		expect(written.binary?.data.id).toMatch(/^filesystem(-v2)?:/);
		expect(written.binary?.data.fileName).toBe('backup.txt');
		expect((await result.binaryBuffer(written)).toString()).toBe('hello backup');
		expect(result.output('Read')[0].json).toMatchObject({
			text: 'hello backup',
			streamed: 'hello backup',
			fileName: 'backup.txt',
			mimeType: 'text/plain',
		});
		expect(getBinaryDataStoragePath()).toBeTruthy();
	});

	it('feeds input binaries to the node under test via runNode', async () => {
		const result = await runNode({
			nodeType: READER_TYPE,
			node: new BinaryReaderNode(),
			parameters: {},
			inputItems: [
				{
					json: { n: 1 },
					binary: {
						data: {
							data: Buffer.from('abc'),
							fileName: 'a.bin',
							mimeType: 'application/octet-stream',
						},
					},
				},
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			text: 'abc',
			streamed: 'abc',
			fileName: 'a.bin',
			mimeType: 'application/octet-stream',
		});
		expect(result.items[0].json.id).toMatch(/^filesystem(-v2)?:/);
	});

	it('cancels the execution after cancelAfterMs and fires the cancel signal', async () => {
		waiterSawAbort = false;
		const started = Date.now();
		const result = await runNode({
			nodeType: WAITER_TYPE,
			node: new WaiterNode(),
			parameters: {},
			cancelAfterMs: 300,
		});

		expect(waiterSawAbort).toBe(true);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.status).toBe('canceled');
	});
});
