/**
 * A small, strict ZIP writer and reader for the emulators (PKWARE APPNOTE 6.3:
 * local file headers, central directory, end of central directory record).
 * The writer deflates with node:zlib (method 8) or stores (method 0); the reader
 * checks every signature, the sizes and the CRC-32 of every entry and refuses
 * what it does not support (encryption, ZIP64, multi-disk archives) with a
 * ZipError. Node built-ins only.
 */
import * as zlib from 'node:zlib';

export class ZipError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ZipError';
	}
}

export interface ZipInput {
	/** Path inside the archive, '/' separated (no leading '/'). */
	name: string;
	data: Buffer | string;
	/** Default 'deflate'. */
	method?: 'deflate' | 'store';
	/** Modification time (DOS resolution: 2 s). Default: now. */
	modified?: Date;
}

export interface ZipEntry {
	name: string;
	/** The uncompressed bytes (CRC and size already checked). */
	data: Buffer;
	method: 'deflate' | 'store';
	crc32: number;
	compressedSize: number;
	size: number;
	modified: Date;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const MAX_COMMENT = 0xffff;
/** Bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

/** CRC-32 (ISO 3309, the one ZIP and gzip use). */
export function crc32(data: Buffer, previous = 0): number {
	let crc = (previous ^ 0xffffffff) >>> 0;
	for (let i = 0; i < data.length; i++) {
		crc = (CRC_TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

function dosDateTime(date: Date): { time: number; date: number } {
	const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
	return {
		time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
		date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
	};
}

function fromDosDateTime(time: number, date: number): Date {
	return new Date(
		((date >>> 9) & 0x7f) + 1980,
		((date >>> 5) & 0x0f) - 1,
		date & 0x1f,
		(time >>> 11) & 0x1f,
		(time >>> 5) & 0x3f,
		(time & 0x1f) * 2,
	);
}

/** Build a ZIP archive from `entries`, in order. */
export function createZip(entries: readonly ZipInput[]): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	const seen = new Set<string>();
	for (const entry of entries) {
		if (entry.name === '' || entry.name.startsWith('/') || seen.has(entry.name))
			throw new ZipError(`bad or duplicate entry name "${entry.name}"`);
		seen.add(entry.name);
		const name = Buffer.from(entry.name, 'utf8');
		const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
		const method = entry.method === 'store' ? 0 : 8;
		const body = method === 8 ? zlib.deflateRawSync(data) : data;
		const crc = crc32(data);
		const { time, date } = dosDateTime(entry.modified ?? new Date());
		if (body.length >= 0xffffffff || data.length >= 0xffffffff || offset >= 0xffffffff)
			throw new ZipError('ZIP64 is not supported');

		const local = Buffer.alloc(LOCAL_HEADER);
		local.writeUInt32LE(LOCAL_SIG, 0);
		local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
		local.writeUInt16LE(FLAG_UTF8, 6);
		local.writeUInt16LE(method, 8);
		local.writeUInt16LE(time, 10);
		local.writeUInt16LE(date, 12);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28); // extra field length
		locals.push(local, name, body);

		const central = Buffer.alloc(CENTRAL_HEADER);
		central.writeUInt32LE(CENTRAL_SIG, 0);
		central.writeUInt16LE(0x0314, 4); // made by: UNIX, spec 2.0
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(FLAG_UTF8, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt16LE(time, 12);
		central.writeUInt16LE(date, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt16LE(0, 30); // extra
		central.writeUInt16LE(0, 32); // comment
		central.writeUInt16LE(0, 34); // disk number start
		central.writeUInt16LE(0, 36); // internal attributes
		central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external: regular file, rw-r--r--
		central.writeUInt32LE(offset, 42);
		centrals.push(central, name);

		offset += local.length + name.length + body.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(END_RECORD);
	end.writeUInt32LE(END_SIG, 0);
	end.writeUInt16LE(0, 4); // this disk
	end.writeUInt16LE(0, 6); // disk with the central directory
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	end.writeUInt16LE(0, 20); // comment length
	return Buffer.concat([...locals, directory, end]);
}

function findEndRecord(zip: Buffer): number {
	const lowest = Math.max(0, zip.length - END_RECORD - MAX_COMMENT);
	for (let at = zip.length - END_RECORD; at >= lowest; at--) {
		if (zip.readUInt32LE(at) !== END_SIG) continue;
		// The comment must run exactly to the end of the file.
		if (at + END_RECORD + zip.readUInt16LE(at + 20) === zip.length) return at;
	}
	throw new ZipError('not a ZIP archive: no end of central directory record');
}

/** Read and verify every entry of a ZIP archive. Throws ZipError when anything is off. */
export function readZip(zip: Buffer): ZipEntry[] {
	if (!Buffer.isBuffer(zip) || zip.length < END_RECORD)
		throw new ZipError('not a ZIP archive: too short');
	const end = findEndRecord(zip);
	const disk = zip.readUInt16LE(end + 4);
	const directoryDisk = zip.readUInt16LE(end + 6);
	const onDisk = zip.readUInt16LE(end + 8);
	const total = zip.readUInt16LE(end + 10);
	const directorySize = zip.readUInt32LE(end + 12);
	const directoryOffset = zip.readUInt32LE(end + 16);
	if (disk !== 0 || directoryDisk !== 0 || onDisk !== total)
		throw new ZipError('multi-disk archives are not supported');
	if (total === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
		throw new ZipError('ZIP64 is not supported');
	if (directoryOffset + directorySize > end)
		throw new ZipError('the central directory lies outside the archive');

	const entries: ZipEntry[] = [];
	const names = new Set<string>();
	let at = directoryOffset;
	for (let index = 0; index < total; index++) {
		if (at + CENTRAL_HEADER > end || zip.readUInt32LE(at) !== CENTRAL_SIG)
			throw new ZipError(`central directory entry ${index}: bad signature`);
		const flags = zip.readUInt16LE(at + 8);
		const methodCode = zip.readUInt16LE(at + 10);
		const time = zip.readUInt16LE(at + 12);
		const date = zip.readUInt16LE(at + 14);
		const crc = zip.readUInt32LE(at + 16);
		const compressedSize = zip.readUInt32LE(at + 20);
		const size = zip.readUInt32LE(at + 24);
		const nameLength = zip.readUInt16LE(at + 28);
		const extraLength = zip.readUInt16LE(at + 30);
		const commentLength = zip.readUInt16LE(at + 32);
		const localOffset = zip.readUInt32LE(at + 42);
		const next = at + CENTRAL_HEADER + nameLength + extraLength + commentLength;
		if (next > end) throw new ZipError(`central directory entry ${index}: truncated`);
		const rawName = zip.subarray(at + CENTRAL_HEADER, at + CENTRAL_HEADER + nameLength);
		const name = rawName.toString(flags & FLAG_UTF8 ? 'utf8' : 'latin1');
		if (flags & FLAG_ENCRYPTED) throw new ZipError(`${name}: encrypted entries are not supported`);
		if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff)
			throw new ZipError(`${name}: ZIP64 is not supported`);
		if (methodCode !== 0 && methodCode !== 8)
			throw new ZipError(`${name}: compression method ${methodCode} is not supported`);
		if (names.has(name)) throw new ZipError(`${name}: duplicate entry`);
		names.add(name);

		if (localOffset + LOCAL_HEADER > directoryOffset || zip.readUInt32LE(localOffset) !== LOCAL_SIG)
			throw new ZipError(`${name}: bad local file header signature`);
		const localFlags = zip.readUInt16LE(localOffset + 6);
		const localMethod = zip.readUInt16LE(localOffset + 8);
		const localNameLength = zip.readUInt16LE(localOffset + 26);
		const localExtraLength = zip.readUInt16LE(localOffset + 28);
		const localName = zip.subarray(
			localOffset + LOCAL_HEADER,
			localOffset + LOCAL_HEADER + localNameLength,
		);
		if (localMethod !== methodCode || !localName.equals(rawName))
			throw new ZipError(`${name}: local header does not match the central directory`);
		if (!(localFlags & FLAG_DATA_DESCRIPTOR)) {
			// Without a data descriptor the local header carries the real sizes and CRC.
			if (
				zip.readUInt32LE(localOffset + 14) !== crc ||
				zip.readUInt32LE(localOffset + 18) !== compressedSize ||
				zip.readUInt32LE(localOffset + 22) !== size
			)
				throw new ZipError(`${name}: local header does not match the central directory`);
		}
		const dataStart = localOffset + LOCAL_HEADER + localNameLength + localExtraLength;
		if (dataStart + compressedSize > directoryOffset)
			throw new ZipError(`${name}: data runs past the central directory`);
		const stored = zip.subarray(dataStart, dataStart + compressedSize);
		let data: Buffer;
		try {
			data = methodCode === 8 ? zlib.inflateRawSync(stored) : Buffer.from(stored);
		} catch (error) {
			throw new ZipError(`${name}: cannot inflate (${(error as Error).message})`);
		}
		if (data.length !== size) throw new ZipError(`${name}: size mismatch`);
		if (crc32(data) !== crc) throw new ZipError(`${name}: CRC-32 mismatch`);
		entries.push({
			name,
			data,
			method: methodCode === 8 ? 'deflate' : 'store',
			crc32: crc,
			compressedSize,
			size,
			modified: fromDosDateTime(time, date),
		});
		at = next;
	}
	if (at !== directoryOffset + directorySize)
		throw new ZipError('central directory size does not match its entries');
	return entries;
}

/** The entries of a ZIP archive by name (verified like readZip). */
export function zipEntries(zip: Buffer): Record<string, Buffer> {
	const out: Record<string, Buffer> = {};
	for (const entry of readZip(zip)) out[entry.name] = entry.data;
	return out;
}

/** True when `data` starts like a ZIP archive (local file header or empty-archive signature). */
export function looksLikeZip(data: Buffer): boolean {
	if (data.length < 4) return false;
	const sig = data.readUInt32LE(0);
	return sig === LOCAL_SIG || sig === END_SIG;
}
