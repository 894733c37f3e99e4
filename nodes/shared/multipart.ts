import { randomBytes } from 'crypto';

import type { ByteStream } from './request';

/** A plain form field. */
export interface MultipartField {
	name: string;
	value: string;
}

/** A file part: its bytes come from a stream (read once, never held whole) or a buffer. */
export interface MultipartFile {
	name: string;
	fileName: string;
	contentType: string;
	content: ByteStream | Buffer;
	/** exact byte count of `content`: it goes into Content-Length */
	size: number;
}

export type MultipartPart = MultipartField | MultipartFile;

/** A plain form field. */
export function formField(name: string, value: string): MultipartField {
	return { name, value };
}

export interface MultipartBody {
	/** a Buffer when every part is in memory, otherwise a stream that can be read once */
	body: Buffer | ByteStream;
	headers: { 'Content-Type': string; 'Content-Length': number };
}

/** A Readable's class offers `from`; it is reached through an instance, since `stream` may not be imported here. */
type StreamClass = {
	from(source: AsyncIterable<Buffer>, options: { objectMode: boolean }): ByteStream;
};

const CRLF = '\r\n';

function isFile(part: MultipartPart): part is MultipartFile {
	return 'content' in part;
}

/** A header value inside quotes: quotes and line breaks cannot be allowed to end it early. */
function quoted(value: string): string {
	return `"${value.replace(/["\r\n]/g, (char) => encodeURIComponent(char))}"`;
}

function partHead(boundary: string, part: MultipartPart): Buffer {
	const lines = [`--${boundary}`];
	if (isFile(part)) {
		lines.push(
			`Content-Disposition: form-data; name=${quoted(part.name)}; filename=${quoted(part.fileName)}`,
			`Content-Type: ${part.contentType}`,
		);
	} else {
		lines.push(`Content-Disposition: form-data; name=${quoted(part.name)}`);
	}
	return Buffer.from(`${lines.join(CRLF)}${CRLF}${CRLF}`, 'utf8');
}

/**
 * A multipart/form-data body (RFC 7578) with an exact Content-Length. A file part given as
 * a stream is passed through chunk by chunk, so a large file is never held in memory; such
 * a body can be sent only once (the client never retries it).
 */
export function multipartBody(parts: MultipartPart[]): MultipartBody {
	const boundary = `----n8nBackupRestore${randomBytes(16).toString('hex')}`;
	const pieces: Array<Buffer | ByteStream> = [];
	let length = 0;
	for (const part of parts) {
		const head = partHead(boundary, part);
		pieces.push(head);
		length += head.length;
		if (isFile(part)) {
			pieces.push(part.content);
			length += part.size;
		} else {
			const value = Buffer.from(part.value, 'utf8');
			pieces.push(value);
			length += value.length;
		}
		const tail = Buffer.from(CRLF);
		pieces.push(tail);
		length += tail.length;
	}
	const closing = Buffer.from(`--${boundary}--${CRLF}`);
	pieces.push(closing);
	length += closing.length;

	const headers = {
		'Content-Type': `multipart/form-data; boundary=${boundary}`,
		'Content-Length': length,
	};
	const streamed = pieces.find((piece): piece is ByteStream => !Buffer.isBuffer(piece));
	if (!streamed) return { body: Buffer.concat(pieces as Buffer[]), headers };

	async function* chunks(): AsyncIterable<Buffer> {
		for (const piece of pieces) {
			if (Buffer.isBuffer(piece)) {
				yield piece;
				continue;
			}
			for await (const chunk of piece) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		}
	}
	const streamClass = streamed.constructor as unknown as StreamClass;
	return { body: streamClass.from(chunks(), { objectMode: false }), headers };
}
