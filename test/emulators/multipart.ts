/**
 * A strict, binary-safe multipart/form-data parser for the emulators
 * (RFC 7578 on top of RFC 2046 section 5.1.1): the boundary comes from the
 * Content-Type header, delimiters are CRLF "--" boundary, each part has a
 * header block ended by an empty line and a Content-Disposition: form-data
 * header with a name. Part bodies are Buffers cut at the exact byte offsets,
 * so CR, LF, "--" and NUL bytes inside a file survive. Anything malformed is
 * a MultipartError. Node built-ins only.
 */

export class MultipartError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MultipartError';
	}
}

export interface MultipartPart {
	/** The part's headers, names lower-cased, values trimmed (UTF-8). */
	headers: Record<string, string>;
	/** The `name` of its Content-Disposition. */
	name: string;
	/** The `filename` (or RFC 5987 `filename*`) of its Content-Disposition, when present. */
	filename?: string;
	/** Its Content-Type header, when present. */
	contentType?: string;
	/** The part's body, byte for byte. */
	data: Buffer;
}

export interface MultipartBody {
	boundary: string;
	parts: MultipartPart[];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Split `value; a=b; c="d;e"` into the value and its parameters (names lower-cased). */
export function parseHeaderParams(header: string): {
	value: string;
	params: Record<string, string>;
} {
	const params: Record<string, string> = {};
	let i = header.indexOf(';');
	const value = (i === -1 ? header : header.slice(0, i)).trim();
	if (i === -1) return { value, params };
	while (i < header.length) {
		i++; // past ';'
		while (i < header.length && /\s/.test(header[i] as string)) i++;
		const eq = header.indexOf('=', i);
		const semi = header.indexOf(';', i);
		if (eq === -1 || (semi !== -1 && semi < eq)) {
			// a parameter without a value: skip it
			if (semi === -1) break;
			i = semi;
			continue;
		}
		const name = header.slice(i, eq).trim().toLowerCase();
		i = eq + 1;
		while (i < header.length && /[ \t]/.test(header[i] as string)) i++;
		let paramValue = '';
		if (header[i] === '"') {
			i++;
			let closed = false;
			while (i < header.length) {
				const c = header[i] as string;
				if (c === '\\' && i + 1 < header.length) {
					paramValue += header[i + 1];
					i += 2;
					continue;
				}
				if (c === '"') {
					closed = true;
					i++;
					break;
				}
				paramValue += c;
				i++;
			}
			if (!closed) throw new MultipartError(`unterminated quoted parameter "${name}"`);
			const rest = header.indexOf(';', i);
			i = rest === -1 ? header.length : rest;
		} else {
			const end = header.indexOf(';', i);
			paramValue = header.slice(i, end === -1 ? header.length : end).trim();
			i = end === -1 ? header.length : end;
		}
		if (name !== '' && !(name in params)) params[name] = paramValue;
	}
	return { value, params };
}

/** The boundary of a multipart/form-data Content-Type header. */
export function boundaryOf(contentType: string | string[] | undefined): string {
	const header = Array.isArray(contentType) ? contentType[0] : contentType;
	if (header === undefined || header.trim() === '')
		throw new MultipartError('no Content-Type header');
	const { value, params } = parseHeaderParams(header);
	if (value.toLowerCase() !== 'multipart/form-data')
		throw new MultipartError(`Content-Type is ${value}, not multipart/form-data`);
	const boundary = params.boundary;
	if (boundary === undefined || boundary === '')
		throw new MultipartError('the Content-Type has no boundary');
	if (boundary.length > 70 || /[\r\n]/.test(boundary) || boundary.endsWith(' '))
		throw new MultipartError('the boundary is not valid');
	return boundary;
}

function decodeExtValue(value: string): string | undefined {
	// RFC 5987: charset'language'percent-encoded
	const match = /^([^']*)'[^']*'(.*)$/.exec(value);
	if (!match) return undefined;
	const charset = (match[1] ?? '').toLowerCase();
	try {
		if (charset === 'utf-8') return decodeURIComponent(match[2] ?? '');
		if (charset === 'iso-8859-1')
			return (match[2] ?? '').replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
				String.fromCharCode(parseInt(hex, 16)),
			);
	} catch {
		return undefined;
	}
	return undefined;
}

function parsePartHeaders(block: Buffer, index: number): Record<string, string> {
	const headers: Record<string, string> = {};
	if (block.length === 0) return headers;
	const lines = block.toString('utf8').split('\r\n');
	let last: string | undefined;
	for (const line of lines) {
		if (/^[ \t]/.test(line) && last !== undefined) {
			headers[last] = `${headers[last] ?? ''} ${line.trim()}`; // obsolete folding
			continue;
		}
		const colon = line.indexOf(':');
		if (colon <= 0) throw new MultipartError(`part ${index}: malformed header line`);
		const name = line.slice(0, colon).trim().toLowerCase();
		if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
			throw new MultipartError(`part ${index}: malformed header name`);
		headers[name] = line.slice(colon + 1).trim();
		last = name;
	}
	return headers;
}

/**
 * Parse a multipart/form-data body. `contentType` is the request's
 * Content-Type header (the boundary is read from it).
 */
export function parseMultipart(
	body: Buffer,
	contentType: string | string[] | undefined,
): MultipartBody {
	const boundary = boundaryOf(contentType);
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const nextDelimiter = Buffer.concat([CRLF, delimiter]);

	// The first delimiter opens the body, or follows a preamble and a CRLF.
	let pos: number;
	if (body.subarray(0, delimiter.length).equals(delimiter)) {
		pos = 0;
	} else {
		const found = body.indexOf(nextDelimiter);
		if (found === -1) throw new MultipartError('the body has no opening boundary');
		pos = found + CRLF.length;
	}

	const parts: MultipartPart[] = [];
	for (let index = 0; ; index++) {
		let p = pos + delimiter.length;
		if (body[p] === 0x2d && body[p + 1] === 0x2d) {
			// close delimiter: what follows is the epilogue
			return { boundary, parts };
		}
		while (body[p] === 0x20 || body[p] === 0x09) p++; // transport padding
		if (body[p] !== 0x0d || body[p + 1] !== 0x0a) {
			if (p >= body.length) throw new MultipartError('the body ends without a closing boundary');
			throw new MultipartError(`part ${index}: the boundary line does not end with CRLF`);
		}
		p += 2;

		let contentStart: number;
		let headerBlock: Buffer;
		if (body[p] === 0x0d && body[p + 1] === 0x0a) {
			headerBlock = Buffer.alloc(0);
			contentStart = p + 2;
		} else {
			const headerEnd = body.indexOf(HEADER_END, p);
			const nextAt = body.indexOf(nextDelimiter, p);
			if (headerEnd === -1 || (nextAt !== -1 && nextAt < headerEnd))
				throw new MultipartError(`part ${index}: no empty line after its headers`);
			headerBlock = body.subarray(p, headerEnd);
			contentStart = headerEnd + HEADER_END.length;
		}

		const contentEnd = body.indexOf(nextDelimiter, contentStart);
		if (contentEnd === -1)
			throw new MultipartError(`part ${index}: the body ends without a closing boundary`);

		const headers = parsePartHeaders(headerBlock, index);
		const disposition = headers['content-disposition'];
		if (disposition === undefined)
			throw new MultipartError(`part ${index}: no Content-Disposition header`);
		const { value, params } = parseHeaderParams(disposition);
		if (value.toLowerCase() !== 'form-data')
			throw new MultipartError(`part ${index}: Content-Disposition is not form-data`);
		if (params.name === undefined || params.name === '')
			throw new MultipartError(`part ${index}: Content-Disposition has no name`);
		const part: MultipartPart = {
			headers,
			name: params.name,
			data: body.subarray(contentStart, contentEnd),
		};
		const extended =
			params['filename*'] === undefined ? undefined : decodeExtValue(params['filename*']);
		const filename = extended ?? params.filename;
		if (filename !== undefined) part.filename = filename;
		if (headers['content-type'] !== undefined) part.contentType = headers['content-type'];
		parts.push(part);

		pos = contentEnd + CRLF.length;
	}
}
