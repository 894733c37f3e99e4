import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApplianceClient, ByteStream } from './request';

/** The first bytes of a file format, checked before anything is stored. */
export interface FileSignature {
	/** e.g. `ZIP`, `7z` */
	format: string;
	bytes: Buffer;
}

export const SIGNATURES = {
	zip: { format: 'ZIP', bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04]) },
	sevenZip: { format: '7z', bytes: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) },
} satisfies Record<string, FileSignature>;

export interface DownloadOptions {
	path: string;
	fileName: string;
	mimeType: string;
	/** what is being downloaded, for messages, e.g. `backup file "x.7z"` */
	what: string;
	/** the size the appliance announced; Content-Length is used when absent */
	expectedBytes?: number;
	signature?: FileSignature;
	/** seconds until the answer starts */
	timeout?: number;
	headers?: IDataObject;
	itemIndex?: number;
}

export interface Download {
	binary: IBinaryData;
	fileName: string;
	bytes: number;
}

/** A transfer that ended early: the core retries it like a dropped connection. */
class BrokenTransfer extends Error {
	readonly code = 'ERR_STREAM_PREMATURE_CLOSE';
}

/** Waits until the stream has its first bytes (or ends), and puts them back. */
async function peek(stream: ByteStream, wanted: number): Promise<Buffer> {
	let head = Buffer.alloc(0);
	for (;;) {
		const chunk = stream.read();
		if (chunk !== null) {
			head = Buffer.concat([head, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)]);
			if (head.length >= wanted) break;
			continue;
		}
		if (stream.readableEnded) break;
		await new Promise<void>((resolve, reject) => {
			const done = () => {
				stream.off('readable', done);
				stream.off('end', done);
				stream.off('error', failed);
				resolve();
			};
			const failed = (error: unknown) => {
				stream.off('readable', done);
				stream.off('end', done);
				reject(error instanceof Error ? error : new BrokenTransfer(String(error)));
			};
			stream.once('readable', done);
			stream.once('end', done);
			stream.once('error', failed);
		});
		if (stream.readableEnded && stream.read() === null) break;
	}
	if (head.length) stream.unshift(head);
	return head;
}

/** Why these first bytes are not the file, or undefined when they may be. */
function impostor(
	head: Buffer,
	contentType: string,
	signature?: FileSignature,
): string | undefined {
	const start = head.subarray(0, 64).toString('utf8').trimStart();
	if (/html/i.test(contentType) || /^<(!doctype|html|\?xml)/i.test(start)) return 'an HTML page';
	if (/json/i.test(contentType) || /^[{[]/.test(start)) return 'a JSON document';
	if (signature && !head.subarray(0, signature.bytes.length).equals(signature.bytes)) {
		return head.length === 0 ? 'an empty answer' : `data that is not a ${signature.format} file`;
	}
	return undefined;
}

/**
 * Downloads a file into n8n's binary store: streamed through `prepareBinaryData`, so a
 * large file is never held whole; refused before anything is stored when the answer is
 * an HTML page, a JSON error or lacks the format's signature; checked against the size
 * the appliance announced. A transfer that breaks off is fetched again by the client's
 * retries (one budget for the whole download).
 */
export async function downloadToBinary(
	ctx: IExecuteFunctions,
	client: ApplianceClient,
	options: DownloadOptions,
): Promise<Download> {
	const response = await client.request<Download>({
		method: 'GET',
		path: options.path,
		expect: 'stream',
		headers: { Accept: options.mimeType, ...options.headers },
		timeout: options.timeout,
		itemIndex: options.itemIndex,
		consume: async (stream, headers) => {
			const contentType = String(headers['content-type'] ?? '');
			const head = await peek(stream, 64);
			const wrong = impostor(head, contentType, options.signature);
			if (wrong) {
				throw new NodeApiError(
					ctx.getNode(),
					{ contentType, what: options.what },
					{
						message: `${client.profile.system} answered the download of ${options.what} with ${wrong} instead of the file`,
						description:
							"Nothing was stored. A login page, a proxy or an error stands between n8n and the appliance: check the credential's Base URL and the appliance's logs.",
						itemIndex: options.itemIndex,
					},
				);
			}
			const announced = Number(headers['content-length'] ?? options.expectedBytes ?? NaN);
			const binary = await ctx.helpers.prepareBinaryData(
				stream as unknown as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
				options.fileName,
				options.mimeType,
			);
			const received = binary.bytes;
			if (Number.isFinite(announced) && received !== undefined && received !== announced) {
				throw new BrokenTransfer(`received ${received} of ${announced} bytes`);
			}
			return { binary, fileName: options.fileName, bytes: received ?? announced };
		},
	});
	return response.body;
}
