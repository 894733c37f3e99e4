/**
 * A loopback emulator of the parts of a NetApp ONTAP 9.x cluster's REST API
 * that the package uses: cluster/node/SVM look-ups, jobs, configuration
 * backup settings and files (including the download link), and NDMP (mode,
 * node and SVM configurations, password generation, sessions).
 *
 * Behaviour follows shared/api-reference (NetApp's configuration-backup and
 * NDMP references) and the ONTAP section of shared/API-FACTS.md; where those
 * are silent it imitates a real ONTAP (e.g. collections return only their key
 * fields unless `fields=` asks for more). Tests drive the node against it and
 * then inspect `requests` and the live `state`.
 */
import * as crypto from 'node:crypto';
import { URL } from 'node:url';

import {
	type FaultControls,
	type FaultResponse,
	type RecordedRequest,
	type Reply,
	jsonReply,
	parseBasicAuth,
	selfSignedTls,
	startEmulatorServer,
} from './http-kit';

export type { RecordedRequest, RequestMatcher } from './http-kit';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type OntapFaultResponse = FaultResponse;
export type OntapFaults = FaultControls;

export interface OntapEmulatorOptions {
	/** Serve HTTPS with test/emulators/certs (self-signed). Default false. */
	https?: boolean;
	/** Default 'admin'. */
	username?: string;
	/** Default 'netapp1!'. */
	password?: string;
	/** Page size when max_records is absent. Default 20 (small, so paging shows). */
	defaultPageSize?: number;
	/**
	 * Most records one page holds, whatever max_records asks: a real ONTAP cuts a page
	 * short when return_timeout (15 s) runs out. Default: no cap.
	 */
	maxPageSize?: number;
	/** Closes itself after this long (default 15 minutes, so a forgotten emulator never lingers). */
	maxLifetimeMs?: number;
	/** How many GETs of a job answer 'running' before it finishes. Default 2. */
	jobPolls?: number;
	/** Default 'svm'. */
	ndmpMode?: NdmpMode;
	/** How many NDMP sessions to seed (even indexes halted, odd active). Default 5. */
	sessions?: number;
}

export interface OntapEmulator {
	/** e.g. http://127.0.0.1:PORT (https://... with the https option). */
	url: string;
	port: number;
	/** Every request received, in order, including failed-auth and faulted ones. */
	requests: RecordedRequest[];
	/** The most requests open at the same time since the last reset. */
	readonly maxInFlight: number;
	/** Live, mutable state. The same object for the emulator's whole life (reset() refills it). */
	state: OntapState;
	faults: OntapFaults;
	/**
	 * Close the listener and cut open connections immediately (before this
	 * returns), refuse connections for `windowMs`, then listen again on the
	 * same port. The promise settles once it is listening again, so start the
	 * client before awaiting it.
	 */
	restart(windowMs: number): Promise<void>;
	/** Back to the seeded state; clears requests and faults. */
	reset(): void;
	close(): Promise<void>;
	/** Append `count` generated sessions (owner/ids continue the seed pattern), with overrides merged in. */
	addSessions(count: number, overrides?: DeepPartial<NdmpSession>): void;
	jobOf(uuid: string): Job | undefined;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export type NdmpMode = 'svm' | 'node';
export type NdmpAuthType = 'challenge' | 'plaintext' | 'plaintext_sso';

export interface Ref {
	uuid: string;
	name: string;
}

export interface OntapVersion {
	full: string;
	generation: number;
	major: number;
	minor: number;
}

export interface ClusterInfo {
	name: string;
	uuid: string;
	version: OntapVersion;
}

export interface ClusterNode {
	uuid: string;
	name: string;
	serial_number: string;
	system_id: string;
	model: string;
	location: string;
	state: 'up' | 'down' | 'taken_over' | 'waiting_for_giveback' | 'booting' | 'unknown';
	version: OntapVersion;
}

export interface Svm {
	uuid: string;
	name: string;
	state: 'running' | 'stopped' | 'starting' | 'stopping' | 'deleting' | 'initializing';
	subtype: 'default' | 'dp_destination' | 'sync_source' | 'sync_destination';
	language: string;
}

export interface ConfigBackupSettings {
	url: string;
	username: string;
	/** Write-only on the API: stored here, never returned. */
	password: string;
	validate_certificate: boolean;
}

export interface BackupFile {
	node: Ref;
	name: string;
	type: 'cluster' | 'node';
	/** ISO 8601 with offset, as ONTAP prints it. */
	time: string;
	/** Bytes; equals content.length for files the emulator creates. */
	size: number;
	auto: boolean;
	version: string;
	backup_nodes: { name: string }[];
	/** What GET download_link answers. */
	content: Buffer;
}

export interface NdmpNodeConfig {
	node: Ref;
	enabled: boolean;
	authentication_types: NdmpAuthType[];
	user?: string;
	/** Write-only on the API: stored here, never returned. */
	password?: string;
}

export interface NdmpSvmConfig {
	svm: Ref;
	enabled: boolean;
	authentication_types: NdmpAuthType[];
}

export type NdmpConnectionType = 'local' | 'tcp' | 'tcp_ipv6';
export type NdmpState = 'idle' | 'listen' | 'connected' | 'active' | 'halted';

export interface NdmpConnection {
	address: string;
	port: number;
	type: NdmpConnectionType;
}

export interface NdmpSession {
	/** The owner: the SVM's UUID in SVM scope, the node's UUID in node scope. */
	uuid: string;
	/** 'NNNN:MMMM' in SVM scope, 'NNNN' in node scope. */
	id: string;
	svm: Ref;
	node: Ref;
	data: {
		bytes_processed: number;
		connection: NdmpConnection;
		operation: 'backup' | 'restore';
		reason: string;
		state: NdmpState;
	};
	mover: {
		bytes_moved: number;
		connection: NdmpConnection;
		mode: 'read' | 'write' | 'noaction';
		reason: string;
		state: NdmpState | 'paused';
	};
	scsi: { device_id: string; host_adapter: number; lun_id: number; target_id: number };
	data_path: string;
	tape_device: string;
	tape_mode: 'read' | 'write' | 'noaction';
	backup_engine: 'dump' | 'smtape';
	client_address: string;
	client_port: number;
	source_address: string;
}

export type JobState = 'queued' | 'running' | 'paused' | 'success' | 'failure';

export interface Job {
	uuid: string;
	/** ONTAP describes REST-started jobs as "<METHOD> <path>". */
	description: string;
	state: JobState;
	message: string;
	code: number;
	start_time: string;
	end_time?: string;
	error?: { code: string; message: string };
	/** GETs of this job so far (emulator bookkeeping, not returned). */
	polls: number;
}

export interface GeneratedPassword {
	svm: Ref;
	user: string;
	password: string;
}

export interface OntapState {
	cluster: ClusterInfo;
	nodes: ClusterNode[];
	svms: Svm[];
	configBackup: ConfigBackupSettings;
	backupFiles: BackupFile[];
	ndmp: { mode: NdmpMode; nodes: NdmpNodeConfig[]; svms: NdmpSvmConfig[] };
	/** When false, PATCH /protocols/ndmp {mode:'node'} fails with 65601575. */
	nodeScopeSupported: boolean;
	sessions: NdmpSession[];
	jobs: Job[];
	/** Every password GET /protocols/ndmp/svms/{uuid}/passwords/{user} generated, in order. */
	generatedPasswords: GeneratedPassword[];
}

// ---------------------------------------------------------------------------
// Seed data (deterministic)
// ---------------------------------------------------------------------------

export const SEED = {
	cluster: { name: 'cluster1', uuid: 'c1a5e7f0-6c2e-11ee-9c1a-005056bb0001' },
	nodes: {
		node1: '1cd8a442-86d1-11e0-ae1c-123478563412',
		node2: '2d1a7c90-86d1-11e0-ae1c-123478563413',
	},
	svms: {
		svm1: '02c9e252-41be-11e9-81d5-00a0986138f7',
		svm2: '13d5a2c8-41be-11e9-81d5-00a0986138f8',
		vs_backup: '9b372ce7-3a4b-11e9-a7f8-0050568e3d73',
	},
	configBackup: {
		url: 'http://10.224.65.198/backups',
		username: 'me',
		password: 'seed-secret-1',
		validate_certificate: false,
	},
	backupFiles: [
		{
			node: 'node1',
			name: 'cluster1.node1.2025-11-20.18_15_00.7z',
			time: '2025-11-20T18:15:00+00:00',
			size: 40_123,
		},
		{
			node: 'node2',
			name: 'cluster1.node2.2025-11-21.00_10_00.7z',
			time: '2025-11-21T00:10:00+00:00',
			size: 73_421,
		},
	],
	/** The size of a backup file the emulator creates. */
	createdBackupSize: 64 * 1024,
	version: { full: 'NetApp Release 9.14.1', generation: 9, major: 14, minor: 1 },
} as const;

const ONTAP_VERSION_SHORT = '9.14.1';
const SEVEN_Z_SIGNATURE = Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]);
const DOWNLOAD_CHUNK = 16 * 1024;
const HAL = 'application/hal+json';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUTH_TYPES: readonly NdmpAuthType[] = ['challenge', 'plaintext', 'plaintext_sso'];

/**
 * Deterministic pseudo-random content for a backup file: SHA-256 in counter
 * mode over the name, behind a 7z signature so it at least looks like one.
 */
export function backupBytes(name: string, size: number): Buffer {
	const out = Buffer.alloc(size);
	for (let offset = 0, counter = 0; offset < size; counter++) {
		const block = crypto.createHash('sha256').update(`${name}\u0000${counter}`).digest();
		offset += block.copy(out, offset);
	}
	SEVEN_Z_SIGNATURE.copy(out, 0, 0, Math.min(size, SEVEN_Z_SIGNATURE.length));
	return out;
}

function seedState(mode: NdmpMode, sessionCount: number): OntapState {
	const version = (): OntapVersion => ({ ...SEED.version });
	const nodes: ClusterNode[] = [
		{
			uuid: SEED.nodes.node1,
			name: 'node1',
			serial_number: '4048820-60-9',
			system_id: '4048820609',
			model: 'AFF-A400',
			location: 'rack 1',
			state: 'up',
			version: version(),
		},
		{
			uuid: SEED.nodes.node2,
			name: 'node2',
			serial_number: '4048820-61-7',
			system_id: '4048820617',
			model: 'AFF-A400',
			location: 'rack 1',
			state: 'up',
			version: version(),
		},
	];
	const svms: Svm[] = (['svm1', 'svm2', 'vs_backup'] as const).map((name) => ({
		uuid: SEED.svms[name],
		name,
		state: 'running',
		subtype: 'default',
		language: 'c.utf_8',
	}));
	const ref = (r: Ref): Ref => ({ uuid: r.uuid, name: r.name });
	const state: OntapState = {
		cluster: { name: SEED.cluster.name, uuid: SEED.cluster.uuid, version: version() },
		nodes,
		svms,
		configBackup: { ...SEED.configBackup },
		backupFiles: SEED.backupFiles.map((seed) => ({
			node: ref(nodes.find((n) => n.name === seed.node) as ClusterNode),
			name: seed.name,
			type: 'cluster',
			time: seed.time,
			size: seed.size,
			auto: false,
			version: ONTAP_VERSION_SHORT,
			backup_nodes: nodes.map((n) => ({ name: n.name })),
			content: backupBytes(seed.name, seed.size),
		})),
		ndmp: {
			mode,
			nodes: [
				// node2 has no user, so enabling it alone fails with 68812800.
				{
					node: ref(nodes[0] as ClusterNode),
					enabled: true,
					authentication_types: ['challenge'],
					user: 'ndmpuser',
					password: 'seed-ndmp-1',
				},
				{ node: ref(nodes[1] as ClusterNode), enabled: false, authentication_types: ['challenge'] },
			],
			svms: [
				{ svm: ref(svms[0] as Svm), enabled: true, authentication_types: ['challenge'] },
				{ svm: ref(svms[1] as Svm), enabled: false, authentication_types: ['challenge'] },
				{
					svm: ref(svms[2] as Svm),
					enabled: true,
					authentication_types: ['plaintext', 'challenge'],
				},
			],
		},
		nodeScopeSupported: true,
		sessions: [],
		jobs: [],
		generatedPasswords: [],
	};
	for (let i = 0; i < sessionCount; i++) state.sessions.push(makeSession(i, state));
	return state;
}

/**
 * The i-th generated session. Even indexes are halted, odd ones active;
 * owners rotate over the SVMs (SVM scope) or nodes (node scope).
 */
function makeSession(i: number, state: OntapState): NdmpSession {
	const node = state.nodes[i % Math.max(state.nodes.length, 1)] ?? {
		uuid: SEED.nodes.node1,
		name: 'node1',
	};
	const svm = state.svms[i % Math.max(state.svms.length, 1)] ?? {
		uuid: SEED.svms.svm1,
		name: 'svm1',
	};
	const svmScope = state.ndmp.mode === 'svm';
	const halted = i % 2 === 0;
	const operation = i % 3 === 1 ? 'restore' : 'backup';
	const reason = halted ? (i % 4 === 0 ? 'aborted' : 'successful') : 'na';
	const source = svmScope
		? `10.224.66.${10 + (i % state.svms.length || 0)}`
		: `10.224.65.${11 + (i % state.nodes.length || 0)}`;
	return {
		uuid: svmScope ? svm.uuid : node.uuid,
		id: svmScope ? `${2000 + i}:${4000 + i}` : `${2000 + i}`,
		svm: { uuid: svm.uuid, name: svm.name },
		node: { uuid: node.uuid, name: node.name },
		data: {
			bytes_processed: 5000 * (i + 1),
			connection: { address: source, port: 18600, type: 'local' },
			operation,
			reason,
			state: halted ? 'halted' : 'active',
		},
		mover: {
			bytes_moved: 645_120 * (i + 1),
			connection: { address: source, port: 18600, type: 'local' },
			mode: operation === 'backup' ? 'read' : 'write',
			reason,
			state: halted ? 'halted' : 'active',
		},
		scsi: { device_id: `0a.${i % 16}`, host_adapter: 0, lun_id: 0, target_id: i % 16 },
		data_path: `/${svm.name}/vol${i + 1}`,
		tape_device: `nrst${i % 4}a`,
		tape_mode: operation === 'backup' ? 'write' : 'read',
		backup_engine: i % 4 === 3 ? 'smtape' : 'dump',
		client_address: `10.224.70.${100 + (i % 100)}`,
		client_port: 10_000 + i,
		source_address: source,
	};
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Thrown by handlers; becomes an ONTAP error answer. */
class OntapError extends Error {
	readonly status: number;
	readonly code: string;
	readonly target: string | undefined;
	readonly args: { code: string; message: string }[] | undefined;

	constructor(
		status: number,
		code: string,
		message: string,
		target?: string,
		args?: { code: string; message: string }[],
	) {
		super(message);
		this.status = status;
		this.code = code;
		this.target = target;
		this.args = args;
	}

	reply(contentType = HAL): Reply {
		const error: Record<string, unknown> = { code: this.code, message: this.message };
		if (this.target !== undefined) error.target = this.target;
		if (this.args) error.arguments = this.args;
		return ontapReply(this.status, { error }, contentType);
	}
}

const apiNotFound = (): OntapError => new OntapError(404, '3', 'API not found');
const entryNotFound = (target: string): OntapError =>
	new OntapError(404, '4', "entry doesn't exist", target);
const unexpectedArgument = (name: string, target = name): OntapError =>
	new OntapError(400, '262197', `Unexpected argument "${name}".`, target, [
		{ code: '', message: name },
	]);
const invalidValue = (name: string): OntapError =>
	new OntapError(400, '262186', `Invalid value for "${name}"`, name);
const cannotBeSetTo = (field: string, value: unknown): OntapError =>
	new OntapError(400, '262196', `Field "${field}" cannot be set to "${String(value)}"`, field);
const invalidUuid = (target: string): OntapError =>
	new OntapError(400, '68812802', 'The UUID is not valid.', target);

function ontapReply(
	status: number,
	body: unknown,
	contentType = HAL,
	headers: Record<string, string> = {},
): Reply {
	return jsonReply(status, body, contentType, {
		'Cache-Control': 'no-cache,no-store,must-revalidate',
		...headers,
	});
}

// ---------------------------------------------------------------------------
// Collections: filters, fields, order_by, paging
// ---------------------------------------------------------------------------

type JsonObject = Record<string, unknown>;

interface CollectionDef<T extends object> {
	/** The collection's path; next links point here. */
	path: string;
	/** Dotted leaf fields a client may filter, order and select on. */
	fields: readonly string[];
	/** Top-level keys every record carries whatever `fields` says. */
	keys: readonly string[];
	/** Extra top-level fields returned when `fields` is absent (ONTAP returns only keys by default). */
	defaults?: readonly string[];
	view(item: T): JsonObject;
}

/**
 * The continuation parameter of next links. It carries the sort values and
 * sequence number of the last record returned (like ONTAP's keyed `start.*`
 * parameters), so deleting records while paging skips nothing.
 */
const START_PARAM = 'start.token';
const COLLECTION_PARAMS = new Set([
	'fields',
	'max_records',
	'return_records',
	'return_timeout',
	'order_by',
	START_PARAM,
]);

interface OrderKey {
	field: string;
	desc: boolean;
}

interface Row {
	seq: number;
	view: JsonObject;
}

/** Insertion sequence of state objects: the default order and the paging tie-break. */
const sequence = new WeakMap<object, number>();
let sequenceCounter = 0;
function seqOf(item: object): number {
	let seq = sequence.get(item);
	if (seq === undefined) {
		seq = ++sequenceCounter;
		sequence.set(item, seq);
	}
	return seq;
}

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The values at a dotted path, flattening arrays on the way (e.g. backup_nodes.name). */
function valuesAt(source: unknown, field: string): unknown[] {
	let current: unknown[] = [source];
	for (const part of field.split('.')) {
		const next: unknown[] = [];
		for (const value of current) {
			if (!isObject(value) || !(part in value)) continue;
			const child = value[part];
			if (Array.isArray(child)) next.push(...child);
			else next.push(child);
		}
		current = next;
	}
	return current.filter((v) => v !== undefined);
}

function isNumeric(text: string): boolean {
	return text.trim() !== '' && Number.isFinite(Number(text));
}

/** Compare a record value with a query operand: numbers numerically, times as times, else text. */
function compareToOperand(value: unknown, operand: string): number {
	if (
		(typeof value === 'number' || (typeof value === 'string' && isNumeric(value))) &&
		isNumeric(operand)
	) {
		return Number(value) - Number(operand);
	}
	const text = String(value);
	const a = Date.parse(text);
	const b = Date.parse(operand);
	if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
	return text < operand ? -1 : text > operand ? 1 : 0;
}

function globToRegExp(glob: string): RegExp {
	const escaped = glob.replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`, 'is');
}

/** One query alternative (no `|`, no leading `!`) against one value. */
function matchOperand(value: unknown, operand: string): boolean {
	if (operand.toLowerCase() === 'null')
		return value === undefined || value === null || value === '';
	if (value === undefined || value === null) return false;
	const range = /^(.+?)\.\.(.+)$/.exec(operand);
	if (range?.[1] !== undefined && range[2] !== undefined) {
		return compareToOperand(value, range[1]) >= 0 && compareToOperand(value, range[2]) <= 0;
	}
	const comparison = /^(<=|>=|<|>)(.*)$/.exec(operand);
	if (comparison?.[1] !== undefined && comparison[2] !== undefined) {
		const diff = compareToOperand(value, comparison[2]);
		switch (comparison[1]) {
			case '<':
				return diff < 0;
			case '<=':
				return diff <= 0;
			case '>':
				return diff > 0;
			default:
				return diff >= 0;
		}
	}
	if (typeof value === 'boolean') return operand.toLowerCase() === String(value);
	if (operand.includes('*')) return globToRegExp(operand).test(String(value));
	if (typeof value === 'number') return isNumeric(operand) && Number(operand) === value;
	// ONTAP query matching is case-insensitive for text.
	return String(value).toLowerCase() === operand.toLowerCase();
}

/** ONTAP query semantics: `a|b` alternatives, `!x` negation, `*` wildcards, `<`/`>`/`..`, `null`. */
function matchesFilter(values: unknown[], expression: string): boolean {
	return expression.split('|').some((alternative) => {
		const negated = alternative.startsWith('!');
		const operand = negated ? alternative.slice(1) : alternative;
		const hit =
			values.length === 0
				? matchOperand(undefined, operand)
				: values.some((v) => matchOperand(v, operand));
		return negated ? !hit : hit;
	});
}

function compareValues(a: unknown, b: unknown): number {
	const aMissing = a === undefined || a === null;
	const bMissing = b === undefined || b === null;
	if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
	const x = String(a);
	const y = String(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

function sortValues(row: Row, order: readonly OrderKey[]): unknown[] {
	return order.map((key) => valuesAt(row.view, key.field)[0] ?? null);
}

function compareKeys(
	a: { values: unknown[]; seq: number },
	b: { values: unknown[]; seq: number },
	order: readonly OrderKey[],
): number {
	for (let i = 0; i < order.length; i++) {
		const diff = compareValues(a.values[i], b.values[i]);
		if (diff !== 0) return order[i]?.desc ? -diff : diff;
	}
	return a.seq - b.seq;
}

function parsePositiveInt(value: string, name: string): number {
	if (!/^\d+$/.test(value) || Number(value) < 1) throw invalidValue(name);
	return Number(value);
}

function checkReturnTimeout(value: string | undefined): number {
	if (value === undefined) return 0;
	if (!/^\d+$/.test(value) || Number(value) > 120) throw invalidValue('return_timeout');
	return Number(value);
}

function parseBoolParam(value: string | undefined, name: string, fallback: boolean): boolean {
	if (value === undefined) return fallback;
	if (/^(true|1)$/i.test(value)) return true;
	if (/^(false|0)$/i.test(value)) return false;
	throw invalidValue(name);
}

function isKnownField(
	def: { fields: readonly string[]; keys: readonly string[] },
	name: string,
): boolean {
	return (
		name === '_links' ||
		def.keys.includes(name) ||
		def.fields.some((field) => field === name || field.startsWith(`${name}.`))
	);
}

/** `fields=`: undefined when absent, 'all' for * / **, else the requested names. */
function parseFields(
	def: { fields: readonly string[]; keys: readonly string[] },
	value: string | undefined,
): 'all' | string[] | undefined {
	if (value === undefined) return undefined;
	const names = value
		.split(',')
		.map((n) => n.trim())
		.filter((n) => n !== '');
	if (names.some((n) => n === '*' || n === '**')) return 'all';
	for (const name of names) if (!isKnownField(def, name)) throw unexpectedArgument(name, 'fields');
	return names;
}

function parseOrderBy(def: { fields: readonly string[] }, value: string | undefined): OrderKey[] {
	if (value === undefined) return [];
	return value
		.split(',')
		.map((item) => item.trim())
		.filter((item) => item !== '')
		.map((item) => {
			const [field = '', direction, ...extra] = item.split(/\s+/);
			if (!def.fields.includes(field)) throw unexpectedArgument(field, 'order_by');
			if (extra.length > 0 || (direction !== undefined && !/^(asc|desc)$/i.test(direction)))
				throw invalidValue('order_by');
			return { field, desc: direction?.toLowerCase() === 'desc' };
		});
}

/** Copy the dotted path `parts` of `source` into `target` (arrays are followed element-wise). */
function copyPath(source: JsonObject, target: JsonObject, parts: readonly string[]): void {
	const [head, ...rest] = parts;
	if (head === undefined || !(head in source)) return;
	const value = source[head];
	if (rest.length === 0 || value === null || typeof value !== 'object') {
		target[head] = value;
		return;
	}
	if (Array.isArray(value)) {
		const existing = target[head];
		const out: unknown[] = Array.isArray(existing) ? existing : value.map(() => ({}));
		value.forEach((element, i) => {
			if (isObject(element) && isObject(out[i])) copyPath(element, out[i] as JsonObject, rest);
		});
		target[head] = out;
		return;
	}
	const existing = target[head];
	const out: JsonObject = isObject(existing) ? existing : {};
	copyPath(value as JsonObject, out, rest);
	target[head] = out;
}

function project(
	view: JsonObject,
	keys: readonly string[],
	selected: readonly string[],
): JsonObject {
	const out: JsonObject = {};
	for (const name of [...keys, ...selected, '_links']) copyPath(view, out, name.split('.'));
	return out;
}

function encodeQueryValue(value: string): string {
	// Keep commas readable (fields=a,b); everything else percent-encoded.
	return encodeURIComponent(value).replace(/%2C/gi, ',');
}

function listCollection<T extends object>(
	def: CollectionDef<T>,
	items: readonly T[],
	rec: RecordedRequest,
	defaultPageSize: number,
	maxPageSize = Number.POSITIVE_INFINITY,
): JsonObject {
	const query = rec.query;
	const filters: [string, string][] = [];
	for (const [name, value] of Object.entries(query)) {
		if (COLLECTION_PARAMS.has(name)) continue;
		if (!def.fields.includes(name)) throw unexpectedArgument(name);
		filters.push([name, value]);
	}
	const pageSize = Math.min(
		maxPageSize,
		query.max_records === undefined
			? defaultPageSize
			: parsePositiveInt(query.max_records, 'max_records'),
	);
	const returnRecords = parseBoolParam(query.return_records, 'return_records', true);
	checkReturnTimeout(query.return_timeout);
	const selection = parseFields(def, query.fields);
	const order = parseOrderBy(def, query.order_by);

	const rows: Row[] = items
		.map((item) => ({ seq: seqOf(item), view: def.view(item) }))
		.filter((row) =>
			filters.every(([field, expression]) => matchesFilter(valuesAt(row.view, field), expression)),
		);
	const keyOf = (row: Row) => ({ values: sortValues(row, order), seq: row.seq });
	rows.sort((a, b) => compareKeys(keyOf(a), keyOf(b), order));

	const self = { href: rec.rawUrl };
	if (!returnRecords) return { num_records: rows.length, records: [], _links: { self } };

	let start = 0;
	const token = query[START_PARAM];
	if (token !== undefined) {
		const after = decodeToken(token, order.length);
		start = rows.findIndex((row) => compareKeys(keyOf(row), after, order) > 0);
		if (start === -1) start = rows.length;
	}
	const page = rows.slice(start, start + pageSize);
	// ONTAP also returns the fields a query filtered on.
	const selected =
		selection === 'all'
			? undefined
			: [...(selection ?? def.defaults ?? []), ...filters.map(([f]) => f)];
	const links: JsonObject = { self };
	const last = page[page.length - 1];
	if (last && start + page.length < rows.length) {
		const params = Object.entries(query).filter(([name]) => name !== START_PARAM);
		params.push([START_PARAM, encodeToken(keyOf(last))]);
		links.next = {
			href: `${def.path}?${params.map(([k, v]) => `${encodeQueryValue(k)}=${encodeQueryValue(v)}`).join('&')}`,
		};
	}
	return {
		records: page.map((row) => (selected ? project(row.view, def.keys, selected) : row.view)),
		num_records: page.length,
		_links: links,
	};
}

function encodeToken(key: { values: unknown[]; seq: number }): string {
	return Buffer.from(JSON.stringify([key.values, key.seq]), 'utf8').toString('base64url');
}

function decodeToken(token: string, orderLength: number): { values: unknown[]; seq: number } {
	try {
		const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
		if (
			Array.isArray(parsed) &&
			Array.isArray(parsed[0]) &&
			parsed[0].length === orderLength &&
			typeof parsed[1] === 'number'
		) {
			return { values: parsed[0] as unknown[], seq: parsed[1] };
		}
	} catch {
		// fall through
	}
	throw invalidValue(START_PARAM);
}

/** A single-record GET: `fields` (default all) and `return_timeout` only. */
function showRecord(
	def: { fields: readonly string[]; keys: readonly string[] },
	view: JsonObject,
	rec: RecordedRequest,
): JsonObject {
	allowQuery(rec, ['fields', 'return_timeout']);
	const selection = parseFields(def, rec.query.fields);
	return selection === undefined || selection === 'all' ? view : project(view, def.keys, selection);
}

function allowQuery(rec: RecordedRequest, allowed: readonly string[]): void {
	for (const name of Object.keys(rec.query))
		if (!allowed.includes(name)) throw unexpectedArgument(name);
	checkReturnTimeout(rec.query.return_timeout);
	if (rec.query.return_records !== undefined)
		parseBoolParam(rec.query.return_records, 'return_records', false);
}

// ---------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------

/** The JSON object body of a PATCH/POST; `allowed` names the accepted fields. */
function bodyObject(rec: RecordedRequest, allowed: readonly string[]): JsonObject {
	if (rec.body === undefined) return {};
	if (!isObject(rec.body))
		throw new OntapError(
			400,
			'262179',
			'Invalid JSON input: the request body must be a JSON object.',
		);
	for (const name of Object.keys(rec.body))
		if (!allowed.includes(name)) throw unexpectedArgument(name);
	return rec.body;
}

/** ONTAP accepts true/false, "true"/"false" and 1/0 (its own examples send 1 and "false"). */
function boolField(body: JsonObject, name: string): boolean | undefined {
	const value = body[name];
	if (value === undefined) return undefined;
	if (value === true || value === 1 || (typeof value === 'string' && /^(true|1)$/i.test(value)))
		return true;
	if (value === false || value === 0 || (typeof value === 'string' && /^(false|0)$/i.test(value)))
		return false;
	throw invalidValue(name);
}

function stringField(body: JsonObject, name: string): string | undefined {
	const value = body[name];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw invalidValue(name);
	return value;
}

function authTypesField(body: JsonObject): NdmpAuthType[] | undefined {
	const value = body.authentication_types;
	if (value === undefined) return undefined;
	const list = Array.isArray(value) ? value : [value];
	for (const item of list) {
		if (typeof item !== 'string' || !AUTH_TYPES.includes(item as NdmpAuthType))
			throw cannotBeSetTo('authentication_types', item);
	}
	const types = [...new Set(list as NdmpAuthType[])];
	if (types.includes('plaintext_sso') && types.length > 1) {
		throw new OntapError(
			400,
			'65601551',
			'plaintext_sso cannot be combined with other authentication types',
			'authentication_types',
		);
	}
	return types;
}

// ---------------------------------------------------------------------------
// Views (what the API shows of the state; never secrets)
// ---------------------------------------------------------------------------

const selfLink = (href: string) => ({ self: { href } });
const refView = (r: Ref): JsonObject => ({ uuid: r.uuid, name: r.name });
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function isoSeconds(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

function jobUuid(n: number): string {
	const hex = crypto.createHash('sha256').update(`ontap-emulator-job-${n}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const NODE_FIELDS = [
	'uuid',
	'name',
	'serial_number',
	'system_id',
	'model',
	'location',
	'state',
	'version.full',
	'version.generation',
	'version.major',
	'version.minor',
] as const;
const SVM_FIELDS = ['uuid', 'name', 'state', 'subtype', 'language'] as const;
const JOB_FIELDS = [
	'uuid',
	'description',
	'state',
	'message',
	'code',
	'start_time',
	'end_time',
	'error.code',
	'error.message',
] as const;
const BACKUP_FIELDS = [
	'node.uuid',
	'node.name',
	'name',
	'type',
	'time',
	'size',
	'auto',
	'version',
	'backup_nodes.name',
	'download_link',
] as const;
const NDMP_NODE_FIELDS = [
	'node.uuid',
	'node.name',
	'enabled',
	'authentication_types',
	'user',
] as const;
const NDMP_SVM_FIELDS = ['svm.uuid', 'svm.name', 'enabled', 'authentication_types'] as const;
/** Every filter the reference lists for GET /protocols/ndmp/sessions. */
const SESSION_FIELDS = [
	'data_path',
	'data.bytes_processed',
	'data.operation',
	'data.state',
	'data.connection.address',
	'data.connection.type',
	'data.connection.port',
	'data.reason',
	'uuid',
	'tape_mode',
	'svm.uuid',
	'svm.name',
	'tape_device',
	'node.name',
	'node.uuid',
	'source_address',
	'client_port',
	'mover.bytes_moved',
	'mover.mode',
	'mover.connection.address',
	'mover.connection.type',
	'mover.connection.port',
	'mover.state',
	'mover.reason',
	'scsi.host_adapter',
	'scsi.device_id',
	'scsi.lun_id',
	'scsi.target_id',
	'backup_engine',
	'client_address',
	'id',
] as const;

// ---------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------

type JobOutcome = { ok: true } | { ok: false; code: number; message: string };

const SESSIONS_PATH = '/api/protocols/ndmp/sessions';

export async function startOntapEmulator(
	options: OntapEmulatorOptions = {},
): Promise<OntapEmulator> {
	const username = options.username ?? 'admin';
	const password = options.password ?? 'netapp1!';
	const defaultPageSize = Math.max(1, Math.floor(options.defaultPageSize ?? 20));
	const maxPageSize = options.maxPageSize ?? Number.POSITIVE_INFINITY;
	const jobPolls = Math.max(0, Math.floor(options.jobPolls ?? 2));
	const seedMode: NdmpMode = options.ndmpMode ?? 'svm';
	const seedSessions = Math.max(0, Math.floor(options.sessions ?? 5));

	const state: OntapState = seedState(seedMode, seedSessions);
	let nextSessionIndex = seedSessions;
	let jobCounter = 0;
	/** What each unfinished job does when it finishes (kept out of the plain-data state). */
	const jobEffects = new Map<string, () => JobOutcome>();

	const tls = options.https ? selfSignedTls() : undefined;

	const server = await startEmulatorServer({
		...(tls ? { tls } : {}),
		...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
		handle: (rec) => handle(rec),
		faultBody: (status) => ({
			contentType: HAL,
			body: JSON.stringify({ error: { code: String(status), message: httpStatusText(status) } }),
		}),
		// The brief: the login page replaces API answers (not file downloads).
		htmlLoginApplies: (rec) => rec.path.startsWith('/api'),
		htmlLoginPage:
			'<!DOCTYPE html>\n<html><head><title>ONTAP System Manager</title></head><body>' +
			'<form method="post" action="/sysmgr/v4/login"><input name="username"><input name="password" type="password">' +
			'<button type="submit">Sign In</button></form></body></html>\n',
	});

	// --- views ---------------------------------------------------------------

	const nodeView = (n: ClusterNode): JsonObject => ({
		...cloneJson(n),
		_links: selfLink(`/api/cluster/nodes/${n.uuid}`),
	});
	const svmView = (s: Svm): JsonObject => ({
		...cloneJson(s),
		_links: selfLink(`/api/svm/svms/${s.uuid}`),
	});
	const jobView = (j: Job): JsonObject => {
		const { polls: _polls, ...visible } = j;
		return { ...cloneJson(visible), _links: selfLink(`/api/cluster/jobs/${j.uuid}`) };
	};
	const backupView = (b: BackupFile): JsonObject => ({
		node: refView(b.node),
		name: b.name,
		type: b.type,
		time: b.time,
		size: b.size,
		auto: b.auto,
		version: b.version,
		backup_nodes: b.backup_nodes.map((n) => ({ name: n.name })),
		download_link: `${server.url}/backups/${encodeURIComponent(b.name)}`,
		_links: selfLink(
			`/api/support/configuration-backup/backups/${b.node.uuid}/${encodeURIComponent(b.name)}`,
		),
	});
	const ndmpNodeView = (c: NdmpNodeConfig): JsonObject => ({
		node: refView(c.node),
		enabled: c.enabled,
		authentication_types: [...c.authentication_types],
		...(c.user !== undefined && c.user !== '' ? { user: c.user } : {}),
		_links: selfLink(`/api/protocols/ndmp/nodes/${c.node.uuid}`),
	});
	const ndmpSvmView = (c: NdmpSvmConfig): JsonObject => ({
		svm: refView(c.svm),
		enabled: c.enabled,
		authentication_types: [...c.authentication_types],
		_links: selfLink(`/api/protocols/ndmp/svms/${c.svm.uuid}`),
	});
	const sessionView = (s: NdmpSession): JsonObject => ({
		...cloneJson(s),
		_links: selfLink(`${SESSIONS_PATH}/${s.uuid}/${encodeURIComponent(s.id)}`),
	});

	const collections = {
		nodes: {
			path: '/api/cluster/nodes',
			fields: NODE_FIELDS,
			keys: ['uuid', 'name'],
			view: nodeView,
		} as CollectionDef<ClusterNode>,
		svms: {
			path: '/api/svm/svms',
			fields: SVM_FIELDS,
			keys: ['uuid', 'name'],
			view: svmView,
		} as CollectionDef<Svm>,
		jobs: {
			path: '/api/cluster/jobs',
			fields: JOB_FIELDS,
			keys: ['uuid'],
			view: jobView,
		} as CollectionDef<Job>,
		backups: {
			path: '/api/support/configuration-backup/backups',
			fields: BACKUP_FIELDS,
			keys: ['node', 'name'],
			view: backupView,
		} as CollectionDef<BackupFile>,
		ndmpNodes: {
			path: '/api/protocols/ndmp/nodes',
			fields: NDMP_NODE_FIELDS,
			keys: ['node'],
			view: ndmpNodeView,
		} as CollectionDef<NdmpNodeConfig>,
		ndmpSvms: {
			path: '/api/protocols/ndmp/svms',
			fields: NDMP_SVM_FIELDS,
			keys: ['svm'],
			view: ndmpSvmView,
		} as CollectionDef<NdmpSvmConfig>,
		sessions: {
			path: SESSIONS_PATH,
			fields: SESSION_FIELDS,
			keys: ['uuid', 'id', 'node', 'svm'],
			view: sessionView,
		} as CollectionDef<NdmpSession>,
	};
	const list = <T extends object>(
		def: CollectionDef<T>,
		items: readonly T[],
		rec: RecordedRequest,
	): Reply => ontapReply(200, listCollection(def, items, rec, defaultPageSize, maxPageSize));

	// --- jobs ----------------------------------------------------------------

	const createJob = (rec: RecordedRequest, effect: () => JobOutcome): Job => {
		const job: Job = {
			uuid: jobUuid(++jobCounter),
			description: `${rec.method} ${rec.path}`,
			state: 'queued',
			message: 'Queued',
			code: 0,
			start_time: isoSeconds(new Date()),
			polls: 0,
		};
		state.jobs.push(job);
		jobEffects.set(job.uuid, effect);
		return job;
	};

	const finishJob = (job: Job): void => {
		if (job.state === 'success' || job.state === 'failure') return;
		const effect = jobEffects.get(job.uuid);
		jobEffects.delete(job.uuid);
		const outcome = effect ? effect() : ({ ok: true } as const);
		job.end_time = isoSeconds(new Date());
		if (outcome.ok) {
			job.state = 'success';
			job.message = 'success';
			job.code = 0;
		} else {
			job.state = 'failure';
			job.message = outcome.message;
			job.code = outcome.code;
			job.error = { code: String(outcome.code), message: outcome.message };
		}
	};

	/** A job GET: 'running' for `jobPolls` GETs, then the job finishes. */
	const pollJob = (job: Job): void => {
		if (job.state === 'success' || job.state === 'failure' || job.state === 'paused') return;
		job.polls++;
		if (job.polls > jobPolls) {
			finishJob(job);
		} else {
			job.state = 'running';
			job.message = 'Running';
		}
	};

	const jobRef = (job: Job): JsonObject => ({
		job: { uuid: job.uuid, _links: selfLink(`/api/cluster/jobs/${job.uuid}`) },
	});

	// --- routing -------------------------------------------------------------

	const handle = (rec: RecordedRequest): Reply => {
		const isDownload = rec.path === '/backups' || rec.path.startsWith('/backups/');
		try {
			const credentials = parseBasicAuth(rec.headers.authorization);
			if (!credentials || credentials.user !== username || credentials.password !== password) {
				return ontapReply(
					401,
					{ error: { message: 'not authorized for that command', code: '6691623' } },
					HAL,
					{ 'WWW-Authenticate': 'Basic realm="ONTAP"' },
				);
			}
			if (isDownload) return download(rec);
			return route(rec);
		} catch (error) {
			if (error instanceof OntapError) return error.reply(isDownload ? 'application/json' : HAL);
			throw error;
		}
	};

	const allowMethods = (rec: RecordedRequest, ...methods: string[]): void => {
		if (!methods.includes(rec.method)) {
			throw new OntapError(405, '3', `The "${rec.method}" method is not allowed on this API.`);
		}
	};

	const route = (rec: RecordedRequest): Reply => {
		if (!rec.path.startsWith('/api/')) throw apiNotFound();
		// Session paths keep their empty segments: "/sessions//2000" is an error of its own.
		if (rec.path.startsWith(`${SESSIONS_PATH}/`)) return sessionRecord(rec);

		const trimmed =
			rec.path.length > 5 && rec.path.endsWith('/') ? rec.path.slice(0, -1) : rec.path;
		const segs = trimmed.split('/').slice(2).map(safeDecode);
		const at = (...pattern: string[]): string[] | undefined => {
			if (segs.length !== pattern.length) return undefined;
			const captured: string[] = [];
			for (let i = 0; i < pattern.length; i++) {
				const seg = segs[i] ?? '';
				if (pattern[i] === '*') {
					if (seg === '') return undefined;
					captured.push(seg);
				} else if (pattern[i] !== seg) {
					return undefined;
				}
			}
			return captured;
		};
		let m: string[] | undefined;

		if (at('cluster')) return clusterInfo(rec);
		if (at('cluster', 'nodes')) {
			allowMethods(rec, 'GET');
			return list(collections.nodes, state.nodes, rec);
		}
		if ((m = at('cluster', 'nodes', '*'))) {
			allowMethods(rec, 'GET');
			const node = state.nodes.find((n) => n.uuid.toLowerCase() === m?.[0]?.toLowerCase());
			if (!node) throw entryNotFound('uuid');
			return ontapReply(200, showRecord(collections.nodes, nodeView(node), rec));
		}
		if (at('cluster', 'jobs')) {
			allowMethods(rec, 'GET');
			return list(collections.jobs, state.jobs, rec);
		}
		if ((m = at('cluster', 'jobs', '*'))) {
			allowMethods(rec, 'GET');
			const job = state.jobs.find((j) => j.uuid.toLowerCase() === m?.[0]?.toLowerCase());
			if (!job) throw entryNotFound('uuid');
			allowQuery(rec, ['fields', 'return_timeout']);
			pollJob(job);
			return ontapReply(200, showRecord(collections.jobs, jobView(job), rec));
		}
		if (at('svm', 'svms')) {
			allowMethods(rec, 'GET');
			return list(collections.svms, state.svms, rec);
		}
		if ((m = at('svm', 'svms', '*'))) {
			allowMethods(rec, 'GET');
			const svm = state.svms.find((s) => s.uuid.toLowerCase() === m?.[0]?.toLowerCase());
			if (!svm) throw entryNotFound('uuid');
			return ontapReply(200, showRecord(collections.svms, svmView(svm), rec));
		}
		if (at('support', 'configuration-backup')) return configBackupSettings(rec);
		if (at('support', 'configuration-backup', 'backups')) return backupCollection(rec);
		if ((m = at('support', 'configuration-backup', 'backups', '*', '*')))
			return backupRecord(rec, m[0] ?? '', m[1] ?? '');
		if (at('protocols', 'ndmp')) return ndmpMode(rec);
		if (at('protocols', 'ndmp', 'nodes')) {
			allowMethods(rec, 'GET');
			requireNodeScope();
			return list(collections.ndmpNodes, state.ndmp.nodes, rec);
		}
		if ((m = at('protocols', 'ndmp', 'nodes', '*'))) return ndmpNodeRecord(rec, m[0] ?? '');
		if (at('protocols', 'ndmp', 'svms')) {
			allowMethods(rec, 'GET');
			requireSvmScope();
			return list(collections.ndmpSvms, state.ndmp.svms, rec);
		}
		if ((m = at('protocols', 'ndmp', 'svms', '*'))) return ndmpSvmRecord(rec, m[0] ?? '');
		if ((m = at('protocols', 'ndmp', 'svms', '*', 'passwords', '*')))
			return ndmpPassword(rec, m[0] ?? '', m[1] ?? '');
		if (at('protocols', 'ndmp', 'sessions')) {
			allowMethods(rec, 'GET');
			return list(collections.sessions, state.sessions, rec);
		}
		throw apiNotFound();
	};

	// --- cluster -------------------------------------------------------------

	const clusterInfo = (rec: RecordedRequest): Reply => {
		allowMethods(rec, 'GET');
		const view = { ...cloneJson(state.cluster), _links: selfLink('/api/cluster') };
		const def = {
			fields: [
				'name',
				'uuid',
				'version.full',
				'version.generation',
				'version.major',
				'version.minor',
			],
			keys: [],
		};
		return ontapReply(200, showRecord(def, view, rec));
	};

	// --- configuration backup settings ---------------------------------------

	const configBackupSettings = (rec: RecordedRequest): Reply => {
		allowMethods(rec, 'GET', 'PATCH');
		if (rec.method === 'GET') {
			const settings = state.configBackup;
			const view: JsonObject = {
				...(settings.url !== '' ? { url: settings.url } : {}),
				...(settings.username !== '' ? { username: settings.username } : {}),
				validate_certificate: settings.validate_certificate,
				_links: selfLink('/api/support/configuration-backup'),
			};
			const def = { fields: ['url', 'username', 'validate_certificate'], keys: [] };
			return ontapReply(200, showRecord(def, view, rec));
		}

		allowQuery(rec, ['return_timeout', 'return_records']);
		// rest_method is in the reference's example but not in ONTAP 9.6-9.15: accepted, ignored.
		const body = bodyObject(rec, [
			'url',
			'username',
			'password',
			'validate_certificate',
			'rest_method',
			'_links',
		]);
		const url = stringField(body, 'url');
		const user = stringField(body, 'username');
		const secret = stringField(body, 'password');
		const validate = boolField(body, 'validate_certificate');
		if (url !== undefined && url !== '') checkBackupUrl(url);
		const effectiveUrl = url ?? state.configBackup.url;
		const effectiveValidate = validate ?? state.configBackup.validate_certificate;
		if (effectiveValidate && !/^https:/i.test(effectiveUrl)) {
			throw new OntapError(
				400,
				'5963794',
				'Validating the certificate is supported for the HTTPS protocol only.',
				'validate_certificate',
			);
		}
		if (url !== undefined) state.configBackup.url = url;
		if (user !== undefined) state.configBackup.username = user;
		if (secret !== undefined) state.configBackup.password = secret;
		if (validate !== undefined) state.configBackup.validate_certificate = validate;
		return ontapReply(200, {});
	};

	const checkBackupUrl = (url: string): void => {
		const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
		if (scheme === undefined) throw new OntapError(400, '39387137', 'Invalid URL', 'url');
		if (!/^https?$/i.test(scheme))
			throw new OntapError(400, '39387138', 'Invalid URL Scheme', 'url');
		let host = '';
		try {
			host = new URL(url).hostname;
		} catch {
			host = '';
		}
		if (host === '') throw new OntapError(400, '39387137', 'Invalid URL', 'url');
	};

	// --- configuration backup files ------------------------------------------

	const backupCollection = (rec: RecordedRequest): Reply => {
		allowMethods(rec, 'GET', 'POST');
		if (rec.method === 'GET') return list(collections.backups, state.backupFiles, rec);

		allowQuery(rec, ['return_timeout', 'return_records']);
		const returnTimeout = checkReturnTimeout(rec.query.return_timeout);
		const body = bodyObject(rec, ['node', 'name', '_links']);
		const node = resolveNode(body.node);
		const name = body.name;
		if (typeof name !== 'string' || name.length <= 3 || !name.endsWith('.7z')) {
			throw new OntapError(400, '39387145', 'Backup name must end with ".7z"', 'name');
		}
		const job = createJob(rec, () => {
			// Backup names are cluster-wide (the download link is keyed by name alone).
			if (state.backupFiles.some((f) => f.name === name)) {
				return { ok: false, code: 39387146, message: `Backup file "${name}" already exists.` };
			}
			const content = backupBytes(name, SEED.createdBackupSize);
			state.backupFiles.push({
				node: { uuid: node.uuid, name: node.name },
				name,
				type: 'cluster',
				time: isoSeconds(new Date()),
				size: content.length,
				auto: false,
				version: ONTAP_VERSION_SHORT,
				backup_nodes: state.nodes.map((n) => ({ name: n.name })),
				content,
			});
			return { ok: true };
		});
		if (returnTimeout > 0) {
			// The job would finish well within the timeout: answer with the outcome.
			finishJob(job);
			if (job.state === 'failure')
				throw new OntapError(400, job.error?.code ?? String(job.code), job.message, 'name');
			return ontapReply(201, jobRef(job), HAL, {
				Location: `/api/support/configuration-backup/backups/${node.uuid}/${encodeURIComponent(name)}`,
			});
		}
		return ontapReply(202, jobRef(job));
	};

	const resolveNode = (value: unknown): ClusterNode => {
		const notFound = (): OntapError => new OntapError(400, '39387159', 'Node not found', 'node');
		if (!isObject(value)) throw notFound();
		const { uuid, name } = value;
		if (uuid === undefined && name === undefined) throw notFound();
		const node = state.nodes.find(
			(n) =>
				(uuid === undefined ||
					(typeof uuid === 'string' && n.uuid.toLowerCase() === uuid.toLowerCase())) &&
				(name === undefined || n.name === name),
		);
		if (!node) throw notFound();
		return node;
	};

	const backupRecord = (rec: RecordedRequest, nodeUuid: string, name: string): Reply => {
		allowMethods(rec, 'GET', 'DELETE');
		const index = state.backupFiles.findIndex(
			(f) => f.node.uuid.toLowerCase() === nodeUuid.toLowerCase() && f.name === name,
		);
		const file = state.backupFiles[index];
		if (!file) throw entryNotFound('name');
		if (rec.method === 'GET')
			return ontapReply(200, showRecord(collections.backups, backupView(file), rec));
		allowQuery(rec, ['return_timeout', 'return_records']);
		state.backupFiles.splice(index, 1);
		return ontapReply(200, {});
	};

	const download = (rec: RecordedRequest): Reply => {
		allowMethods(rec, 'GET');
		const name = safeDecode(rec.path.slice('/backups/'.length));
		const file = name === '' ? undefined : state.backupFiles.find((f) => f.name === name);
		if (!file) throw entryNotFound('name');
		return {
			status: 200,
			headers: {
				'Content-Type': 'application/x-7z-compressed',
				'Content-Disposition': `attachment; filename="${file.name}"`,
				'Cache-Control': 'no-cache,no-store,must-revalidate',
			},
			body: file.content,
			chunkSize: DOWNLOAD_CHUNK,
		};
	};

	// --- NDMP ----------------------------------------------------------------

	const ndmpMode = (rec: RecordedRequest): Reply => {
		allowMethods(rec, 'GET', 'PATCH');
		if (rec.method === 'GET') {
			// The reference lists collection-style parameters for this singleton; accept them.
			allowQuery(rec, [
				'mode',
				'fields',
				'max_records',
				'return_records',
				'return_timeout',
				'order_by',
			]);
			return ontapReply(200, { mode: state.ndmp.mode, _links: selfLink('/api/protocols/ndmp') });
		}
		allowQuery(rec, ['return_timeout', 'return_records']);
		const body = bodyObject(rec, ['mode', '_links']);
		if (body.mode === undefined) return ontapReply(200, {});
		if (body.mode !== 'svm' && body.mode !== 'node') throw cannotBeSetTo('mode', body.mode);
		if (body.mode === 'node' && !state.nodeScopeSupported) {
			throw new OntapError(
				400,
				'65601575',
				'Node-scope NDMP mode is not supported on this platform.',
				'mode',
			);
		}
		state.ndmp.mode = body.mode;
		return ontapReply(200, {});
	};

	const requireNodeScope = (): void => {
		if (state.ndmp.mode !== 'node') {
			throw new OntapError(
				400,
				'68812801',
				'Node-scoped operations are not allowed in an SVM-scope.',
			);
		}
	};

	const requireSvmScope = (): void => {
		if (state.ndmp.mode !== 'svm')
			throw new OntapError(400, '65601536', 'SVM-aware NDMP mode is disabled.');
	};

	const ndmpNodeRecord = (rec: RecordedRequest, uuid: string): Reply => {
		allowMethods(rec, 'GET', 'PATCH');
		requireNodeScope();
		if (!UUID_RE.test(uuid)) throw invalidUuid('node.uuid');
		const config = state.ndmp.nodes.find((c) => c.node.uuid.toLowerCase() === uuid.toLowerCase());
		if (!config)
			throw new OntapError(
				404,
				'68812804',
				'Failed to get the node name from the specified node UUID.',
				'node.uuid',
			);
		if (rec.method === 'GET')
			return ontapReply(200, showRecord(collections.ndmpNodes, ndmpNodeView(config), rec));

		allowQuery(rec, ['return_timeout', 'return_records']);
		const body = bodyObject(rec, [
			'enabled',
			'authentication_types',
			'user',
			'password',
			'node',
			'_links',
		]);
		const enabled = boolField(body, 'enabled');
		const types = authTypesField(body);
		const user = stringField(body, 'user');
		const secret = stringField(body, 'password');
		if (enabled === true && (user ?? config.user ?? '') === '') {
			throw new OntapError(
				400,
				'68812800',
				'The user is required to enable NDMP on a node.',
				'enabled',
			);
		}
		if (enabled !== undefined) config.enabled = enabled;
		if (types !== undefined) config.authentication_types = types;
		if (user !== undefined) config.user = user;
		if (secret !== undefined) config.password = secret;
		return ontapReply(200, {});
	};

	const findSvmConfig = (uuid: string): NdmpSvmConfig => {
		if (!UUID_RE.test(uuid)) throw invalidUuid('svm.uuid');
		const config = state.ndmp.svms.find((c) => c.svm.uuid.toLowerCase() === uuid.toLowerCase());
		if (!config) throw entryNotFound('svm.uuid');
		return config;
	};

	const ndmpSvmRecord = (rec: RecordedRequest, uuid: string): Reply => {
		allowMethods(rec, 'GET', 'PATCH');
		requireSvmScope();
		const config = findSvmConfig(uuid);
		if (rec.method === 'GET')
			return ontapReply(200, showRecord(collections.ndmpSvms, ndmpSvmView(config), rec));

		allowQuery(rec, ['return_timeout', 'return_records']);
		const body = bodyObject(rec, ['enabled', 'authentication_types', 'svm', '_links']);
		const enabled = boolField(body, 'enabled');
		const types = authTypesField(body);
		if (enabled !== undefined) config.enabled = enabled;
		if (types !== undefined) config.authentication_types = types;
		return ontapReply(200, {});
	};

	const ndmpPassword = (rec: RecordedRequest, uuid: string, user: string): Reply => {
		allowMethods(rec, 'GET');
		requireSvmScope();
		const config = findSvmConfig(uuid);
		const svm: Ref = { uuid: config.svm.uuid, name: config.svm.name };
		// Like ONTAP, a password is generated (a side effect) for any user name.
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
		let generated = '';
		for (let i = 0; i < 16; i++) generated += alphabet[crypto.randomInt(alphabet.length)];
		state.generatedPasswords.push({ svm, user, password: generated });
		const view: JsonObject = {
			svm: refView(svm),
			user,
			password: generated,
			_links: selfLink(
				`/api/protocols/ndmp/svms/${svm.uuid}/passwords/${encodeURIComponent(user)}`,
			),
		};
		return ontapReply(
			200,
			showRecord(
				{ fields: ['svm.uuid', 'svm.name', 'user', 'password'], keys: ['svm', 'user'] },
				view,
				rec,
			),
		);
	};

	const sessionRecord = (rec: RecordedRequest): Reply => {
		const parts = rec.path.slice(SESSIONS_PATH.length + 1).split('/');
		if (parts.length > 2) throw apiNotFound();
		allowMethods(rec, 'GET', 'DELETE');
		const owner = safeDecode(parts[0] ?? '');
		const id = safeDecode(parts[1] ?? ''); // e.g. 2000%3A4000 -> 2000:4000
		if (owner === '' || id === '')
			throw new OntapError(400, '68812806', 'UUID and Session ID are required.');
		if (!UUID_RE.test(owner)) throw invalidUuid('owner.uuid');
		const index = state.sessions.findIndex(
			(s) => s.uuid.toLowerCase() === owner.toLowerCase() && s.id === id,
		);
		const session = state.sessions[index];
		if (!session) {
			if (rec.method === 'DELETE') {
				// The reference lists these for DELETE when the owner itself is unknown.
				if (
					state.ndmp.mode === 'svm' &&
					!state.svms.some((s) => s.uuid.toLowerCase() === owner.toLowerCase())
				) {
					throw new OntapError(
						404,
						'68812803',
						'Failed to get the SVM name from the specified SVM UUID.',
						'owner.uuid',
					);
				}
				if (
					state.ndmp.mode === 'node' &&
					!state.nodes.some((n) => n.uuid.toLowerCase() === owner.toLowerCase())
				) {
					throw new OntapError(
						404,
						'68812804',
						'Failed to get the node name from the specified node UUID.',
						'owner.uuid',
					);
				}
			}
			throw entryNotFound('session.id');
		}
		if (rec.method === 'GET')
			return ontapReply(200, showRecord(collections.sessions, sessionView(session), rec));
		allowQuery(rec, ['return_timeout', 'return_records']);
		state.sessions.splice(index, 1);
		return ontapReply(200, {});
	};

	// --- public object ---------------------------------------------------------

	const emulator: OntapEmulator = {
		get url() {
			return server.url;
		},
		get port() {
			return server.port;
		},
		requests: server.requests,
		get maxInFlight() {
			return server.maxInFlight;
		},
		state,
		faults: server.faults,
		restart: (windowMs) => server.restart(windowMs),
		close: () => server.close(),
		reset(): void {
			// Refill the same objects so references held by tests stay live.
			Object.assign(state, seedState(seedMode, seedSessions));
			nextSessionIndex = seedSessions;
			jobEffects.clear();
			server.requests.length = 0;
			server.faults.clear();
			server.resetInFlight();
		},
		addSessions(count: number, overrides?: DeepPartial<NdmpSession>): void {
			for (let n = 0; n < count; n++) {
				const session = makeSession(nextSessionIndex++, state);
				if (overrides) {
					deepMerge(session, overrides);
					completeRefs(session, overrides);
				}
				state.sessions.push(session);
			}
		},
		jobOf: (uuid) => state.jobs.find((j) => j.uuid === uuid),
	};

	/** After overrides name an SVM or node, fill in the other half of the ref and the owner uuid. */
	const completeRefs = (session: NdmpSession, overrides: DeepPartial<NdmpSession>): void => {
		if (overrides.svm) {
			const svm = state.svms.find(
				(s) => s.uuid === overrides.svm?.uuid || s.name === overrides.svm?.name,
			);
			if (svm)
				session.svm = {
					uuid: overrides.svm.uuid ?? svm.uuid,
					name: overrides.svm.name ?? svm.name,
				};
		}
		if (overrides.node) {
			const node = state.nodes.find(
				(n) => n.uuid === overrides.node?.uuid || n.name === overrides.node?.name,
			);
			if (node)
				session.node = {
					uuid: overrides.node.uuid ?? node.uuid,
					name: overrides.node.name ?? node.name,
				};
		}
		if (overrides.uuid === undefined)
			session.uuid = state.ndmp.mode === 'svm' ? session.svm.uuid : session.node.uuid;
	};

	return emulator;
}

function deepMerge(target: object, patch: object): void {
	const out = target as JsonObject;
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		if (isObject(value) && isObject(out[key])) deepMerge(out[key] as JsonObject, value);
		else out[key] = cloneJson(value);
	}
}

function httpStatusText(status: number): string {
	const texts: Record<number, string> = {
		429: 'Too many requests',
		500: 'Internal server error',
		502: 'Bad gateway',
		503: 'Service unavailable',
		504: 'Gateway timeout',
	};
	return texts[status] ?? `HTTP ${status}`;
}
