/**
 * A chat webhook stand-in on 127.0.0.1: records every request it receives (method, path,
 * headers, body parsed as JSON when it is JSON) and answers 200 `ok`, as Slack's and
 * Mattermost's incoming webhooks do. The overdue-backup example posts its summary here in the
 * e2e test and in `npm start`.
 */
import * as http from 'node:http';

export interface CapturedRequest {
	at: string;
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: unknown;
}

export interface CaptureServer {
	/** http://127.0.0.1:<port> */
	readonly url: string;
	readonly requests: CapturedRequest[];
	close(): Promise<void>;
}

export async function startCaptureServer(
	onRequest: (request: CapturedRequest) => void = () => undefined,
): Promise<CaptureServer> {
	const requests: CapturedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let json: unknown;
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
			const captured: CapturedRequest = {
				at: new Date().toISOString(),
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				text,
				json,
			};
			requests.push(captured);
			res.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' });
			res.end('ok');
			onRequest(captured);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	let closed = false;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		async close() {
			if (closed) return;
			closed = true;
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
