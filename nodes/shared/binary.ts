import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApplianceClient, ByteStream, RetryPolicy } from './request';

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
	/** GET by default; a POST that answers with the file (SAP's backup) needs its body */
	method?: 'GET' | 'POST';
	body?: IDataObject;
	retry?: RetryPolicy;
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
		method: options.method ?? 'GET',
		body: options.body,
		retry: options.retry,
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

/** A file from an input item's binary property, ready to upload. */
export interface UploadSource {
	fileName: string;
	mimeType: string;
	size: number;
	/** opens the bytes: a stream from n8n's binary store (each call a fresh one), or the buffer */
	open(): Promise<ByteStream | Buffer>;
}

/**
 * The file in `propertyName` of the input item, read through n8n's helpers so every binary
 * mode works (file system, S3, database): a stored file is streamed, an in-memory one is
 * handed over as it is. Missing properties fail with n8n's own clear error.
 */
export async function binaryForUpload(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<UploadSource> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	const fileName = binary.fileName ?? 'upload';
	const mimeType = binary.mimeType;
	if (binary.id) {
		const id = binary.id;
		const metadata = await ctx.helpers.getBinaryMetadata(id);
		return {
			fileName,
			mimeType,
			size: Number(metadata.fileSize),
			open: async () => (await ctx.helpers.getBinaryStream(id)) as unknown as ByteStream,
		};
	}
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	return { fileName, mimeType, size: buffer.length, open: async () => buffer };
}

const ZIP_END_SIGNATURE = 0x06054b50;
/** The end-of-central-directory record: 22 bytes plus a comment of up to 65,535. */
const ZIP_TAIL = 22 + 0xffff;

async function headAndTail(source: UploadSource): Promise<{ head: Buffer; tail: Buffer }> {
	const content = await source.open();
	if (Buffer.isBuffer(content))
		return { head: content.subarray(0, 4), tail: content.subarray(-ZIP_TAIL) };
	let head = Buffer.alloc(0);
	// the last chunks that cover ZIP_TAIL bytes, joined once at the end (not copied per chunk)
	const last: Buffer[] = [];
	let held = 0;
	for await (const piece of content) {
		const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
		if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
		last.push(chunk);
		held += chunk.length;
		while (last.length > 1 && held - (last[0] as Buffer).length >= ZIP_TAIL)
			held -= (last.shift() as Buffer).length;
	}
	return { head, tail: Buffer.concat(last).subarray(-ZIP_TAIL) };
}

/**
 * Why `source` is not a readable ZIP archive, or undefined when it is one: it must start
 * with a local file header and end with a central directory that lists at least one entry
 * and fits inside the file. Reads the file once (streamed), holding at most 128 KiB.
 */
export async function zipProblem(source: UploadSource): Promise<string | undefined> {
	if (!Number.isFinite(source.size) || source.size < 22)
		return 'it is too short to be a ZIP archive';
	const { head, tail } = await headAndTail(source);
	if (!head.equals(SIGNATURES.zip.bytes)) {
		const start = head.toString('utf8').trimStart();
		if (start.startsWith('<')) return 'it is an HTML or XML document, not a ZIP archive';
		if (/^[{[]/.test(start)) return 'it is a JSON document, not a ZIP archive';
		return 'it does not start like a ZIP archive';
	}
	for (let at = tail.length - 22; at >= 0; at--) {
		if (tail.readUInt32LE(at) !== ZIP_END_SIGNATURE) continue;
		const entries = tail.readUInt16LE(at + 10);
		const directorySize = tail.readUInt32LE(at + 12);
		const directoryOffset = tail.readUInt32LE(at + 16);
		const endOffset = source.size - (tail.length - at);
		// ZIP64 archives mark these fields 0xFFFF / 0xFFFFFFFF and keep the real values elsewhere
		const zip64 = entries === 0xffff || directoryOffset === 0xffffffff;
		if (!zip64 && entries === 0) return 'it is an empty ZIP archive';
		if (!zip64 && directoryOffset + directorySize !== endOffset) {
			return 'its table of contents does not match its size (the file is cut off or damaged)';
		}
		return undefined;
	}
	return 'it has no ZIP table of contents (the file is cut off or damaged)';
}
