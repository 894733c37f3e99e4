/**
 * A loopback emulator of an IBM QRadar (JSA) console's backup and restore API.
 *
 * Behaviour follows shared/api-reference/ibm-qradar-backup-and-restore.txt and
 * the QRadar section of shared/API-FACTS.md. Where those are silent the
 * choices are marked "(inferred)" and kept configurable or obvious.
 *
 *   GET    /api/backup_and_restore/backups               list (Range, filter, sort, fields)
 *   POST   /api/backup_and_restore/backups               header backup_type, { name, configuration_id, description?, host_id? } -> 201
 *   GET    /api/backup_and_restore/backups/{id}
 *   POST   /api/backup_and_restore/backups/{id}          { description } -> 200
 *   DELETE /api/backup_and_restore/backups/{id}          -> 202, DELETING (CANCELLING while running), gone after deletePolls GETs
 *   GET    /api/backup_and_restore/restores              list
 *   POST   /api/backup_and_restore/restores              { backup_id, groups } -> 201 PENDING
 *   GET    /api/backup_and_restore/restores/{id}
 *   POST   /api/backup_and_restore/restores/{id}         { status: "REQUESTING" } -> 200
 *   DELETE /api/backup_and_restore/restores/{id}         -> 204, no body (text/plain: 406 when Accept allows only JSON)
 *   GET    /api/config/backup_and_restore/scheduled_backup_configurations[/{configuration_id}]
 *   GET    /api/backup_and_restore/backup_configurations[/{configuration_id}]   (alias of the above)
 *
 * Jobs advance when they are observed: every GET that answers a running
 * backup/restore (by id, or in a list) moves it one step first. A backup
 * needs `backupPolls` GETs to end (INITIALIZING -> IN_PROGRESS ... -> SUCCESS
 * or FAILED); a started restore needs `restorePolls` GETs (REQUESTING ->
 * IN_PROGRESS ... -> SUCCESS or FAILED). The answer that first shows a
 * restore IN_PROGRESS is followed by an outage: the console refuses
 * connections for `restoreOutageMs` (services restart during a restore).
 *
 * Errors: `{ http_response: { code, message }, code, message, description, details }`.
 */
import * as https from 'node:https';
import * as path from 'node:path';

import {
	type FaultControls,
	type RecordedRequest,
	type Reply,
	jsonReply,
	selfSignedTls,
	startEmulatorServer,
} from './http-kit';

export type { RecordedRequest, RequestMatcher } from './http-kit';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type BackupType = 'CONFIG' | 'DATA';
export type BackupStatus =
	'INITIALIZING' | 'IN_PROGRESS' | 'FAILED' | 'SUCCESS' | 'CANCELLING' | 'DELETING' | 'MISSING';
export type RestoreStatus =
	'PENDING' | 'REQUESTING' | 'INITIALIZING' | 'IN_PROGRESS' | 'FAILED' | 'SUCCESS';

export interface QradarBackup {
	id: number;
	name: string;
	description: string;
	type: BackupType;
	status: BackupStatus;
	configuration_id: number;
	host_id: number;
	version: string;
	/** Epoch ms. */
	time_initiated: number;
	/** Epoch ms; null until the backup ends. */
	time_completed: number | null;
	/** Spelled like IBM's response sample (see option initiatorField). */
	intiated_by?: string;
	initiated_by?: string;
	size_on_disk: number;
	content_file_path: string;
	is_valid: boolean;
	is_version_compatible: boolean;
}

export interface QradarRestore {
	id: number;
	backup_id: number;
	backup_name: string;
	backup_type: BackupType;
	backup_version: string;
	backup_filename: string;
	groups: string[];
	host_id: number;
	initiated_by: string;
	is_cross_deployment_restore: boolean;
	status: RestoreStatus;
	time_initiated: number;
	time_completed: number | null;
}

export interface DataBackupHostConfiguration {
	host_id: number;
	event_data_backup_enabled: boolean;
	flow_data_backup_enabled: boolean;
}

export interface QradarBackupConfiguration {
	configuration_id: number;
	backup_directory_path: string;
	/** ms */
	backup_retention_period: number;
	configuration_backup_enabled: boolean;
	configuration_backup_priority: string;
	configuration_backup_time_limit: number;
	data_backup_host_configuration: DataBackupHostConfiguration[];
	data_backup_priority: string;
	data_backup_time_limit: number;
}

/** A managed host (not served: used for the host_id rules of POST /backups). */
export interface QradarHost {
	id: number;
	hostname: string;
	is_console: boolean;
	active: boolean;
	/** Event/flow processors and all-in-one consoles store Ariel data. */
	stores_ariel_data: boolean;
}

export interface QradarState {
	backups: QradarBackup[];
	restores: QradarRestore[];
	configurations: QradarBackupConfiguration[];
	hosts: QradarHost[];
	nextBackupId: number;
	nextRestoreId: number;
	/** The console's product version (new backups carry it). */
	version: string;
}

export interface QradarRecordedRequest extends RecordedRequest {
	/** The `Version` request header, when sent. */
	apiVersion?: string;
	/** Whether the request carried the right SEC token. */
	authorized: boolean;
}

export interface QradarSwitches {
	/** Undeployed changes: POST /backups answers 409/1011. */
	pendingDeploy: boolean;
	/** Backups whose name matches end FAILED. */
	failingNames: string[] | RegExp;
	/** Started restores end FAILED. */
	restoreFails: boolean;
	/** The deployment is rebalancing: starting a restore answers 409/1014. */
	rebalancing: boolean;
	/** GETs until a new backup ends (>= 1). */
	backupPolls: number;
	/** GETs until a started restore ends (>= 1; the first shows IN_PROGRESS unless it is 1). */
	restorePolls: number;
	/** GETs a deleted backup still answers (DELETING/CANCELLING) before 404. */
	deletePolls: number;
	/** How long the console refuses connections once a restore goes IN_PROGRESS (0: no outage). */
	restoreOutageMs: number;
	/** Lists answer in the order the console stores them, whatever `sort` asks (a console ignoring it). */
	sortIgnored: boolean;
	/** Any `sort` on a list answers 422 with code 1018 (a console that cannot sort by that field). */
	sortRefused: boolean;
	/** The authorized service token has expired or was revoked: every call answers 401 (code 18). */
	tokenExpired: boolean;
}

export interface QradarEmulatorOptions {
	/** Serve HTTPS with test/emulators/certs (self-signed). Default true. */
	https?: boolean;
	/** The SEC token. Default SEED.token. */
	token?: string;
	/** Extra SUCCESS CONFIG backups seeded after the fixed seed (e.g. 10000 for paging benchmarks). */
	backups?: number;
	backupPolls?: number;
	restorePolls?: number;
	deletePolls?: number;
	restoreOutageMs?: number;
	failingNames?: string[] | RegExp;
	/** Who `intiated_by` / `initiated_by` names. Default SEED.initiatedBy. */
	initiatedBy?: string;
	/**
	 * How a backup spells its initiator: 'intiated_by' as in IBM's response sample
	 * (default), 'initiated_by' as in the field list, or 'both'.
	 */
	initiatorField?: 'intiated_by' | 'initiated_by' | 'both';
	/** The console knows the DOMAINS restore group (newer consoles): enables 1019. Default false. */
	domainsGroup?: boolean;
	/** Closes itself after this long (default 15 minutes). */
	maxLifetimeMs?: number;
}

export interface QradarEmulator {
	/** e.g. https://127.0.0.1:PORT (http:// with https: false). No /api suffix. */
	readonly url: string;
	readonly port: number;
	requests: QradarRecordedRequest[];
	/** Live, mutable state; the same object for the emulator's life (reset() refills it). */
	state: QradarState;
	/** http-kit's switches: failNext, dropNext, truncateNext, slowNext, htmlLogin (on /api/ paths). */
	faults: FaultControls;
	switches: QradarSwitches;
	readonly token: string;
	/** True from a restart's start until it listens again. */
	readonly restarting: boolean;
	/** Refuse connections for windowMs (default switches.restoreOutageMs), then listen again. */
	restart(windowMs?: number): Promise<void>;
	/** Settles once no restart/outage is in progress. */
	whenUp(): Promise<void>;
	/** Move a running backup `steps` steps (default: to its end); no outage, no GET needed. */
	advanceBackup(id: number, steps?: number): QradarBackup | undefined;
	/** Move a started restore `steps` steps (default: to its end); never causes an outage. */
	advanceRestore(id: number, steps?: number): QradarRestore | undefined;
	/** Back to the seeded state; clears requests, faults and switches. */
	reset(): void;
	close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Seed data and constants
// ---------------------------------------------------------------------------

export const API_BASE = '/api/backup_and_restore';
export const CONFIGURATIONS_PATH = '/api/config/backup_and_restore/scheduled_backup_configurations';
export const RESTORE_GROUPS = [
	'CUSTOM_RULES_CONFIG',
	'DEPLOYMENT_CONFIG',
	'USERS_CONFIG',
	'LICENSE_CONFIG',
	'QVM_CONFIG',
	'INSTALLED_APPS_CONFIG',
	'REPORT_TEMPLATES',
	'ASSETS_DATA',
	'OFFENSES_DATA',
] as const;
/** The code of a 422 for a filter/sort/fields/Range the emulator cannot parse (inferred). */
export const PARAMETER_ERROR_CODE = 1010;
/** The code of a 422 for a field that cannot be sorted by (seen on some QRadar versions). */
export const UNSORTABLE_FIELD_CODE = 1018;
/** The code of a 406 for an Accept header the endpoint cannot satisfy (inferred). */
export const NOT_ACCEPTABLE_CODE = 1001;
export const DEFAULT_RESTORE_OUTAGE_MS = 1000;

const DAY = 24 * 3600 * 1000;
const T0 = 1_735_689_600_000; // 2025-01-01T00:00:00Z

export const SEED = {
	token: '6f1c5a2e-1b7d-4c39-9e0a-5d2b8c7f4a10',
	initiatedBy: 'n8n-backup (authorized service)',
	version: '7.5.0.20240320140911',
	consoleHostId: 53,
	hosts: [
		{ id: 53, hostname: 'qradar-console', is_console: true, active: true, stores_ariel_data: true },
		{ id: 104, hostname: 'qradar-ep1', is_console: false, active: true, stores_ariel_data: true },
		{ id: 105, hostname: 'qradar-ep2', is_console: false, active: false, stores_ariel_data: true },
		{ id: 106, hostname: 'qradar-app1', is_console: false, active: true, stores_ariel_data: false },
		{ id: 107, hostname: 'qradar-ep3', is_console: false, active: true, stores_ariel_data: true },
	] as QradarHost[],
	configurations: [
		{
			configuration_id: 1,
			backup_directory_path: '/store/backup',
			backup_retention_period: 2 * DAY,
			configuration_backup_enabled: true,
			configuration_backup_priority: 'MEDIUM',
			configuration_backup_time_limit: 180,
			data_backup_host_configuration: [
				{ host_id: 53, event_data_backup_enabled: true, flow_data_backup_enabled: true },
				{ host_id: 104, event_data_backup_enabled: true, flow_data_backup_enabled: false },
			],
			data_backup_priority: 'LOW',
			data_backup_time_limit: 1440,
		},
	] as QradarBackupConfiguration[],
	/** ids 1..4, increasing completion times. Backup 4 is running on host 104 and only advanceBackup moves it. */
	backups: [
		{ id: 1, name: 'nightly_config_20250101', type: 'CONFIG', status: 'SUCCESS', host_id: 53 },
		{ id: 2, name: 'nightly_data_20250102', type: 'DATA', status: 'SUCCESS', host_id: 53 },
		{ id: 3, name: 'manual_config_20250103', type: 'CONFIG', status: 'FAILED', host_id: 53 },
		{ id: 4, name: 'data_ep1_20250104', type: 'DATA', status: 'IN_PROGRESS', host_id: 104 },
	] as Array<Pick<QradarBackup, 'id' | 'name' | 'type' | 'status' | 'host_id'>>,
	/** One finished restore of backup 1. */
	restores: [{ id: 1, backup_id: 1, status: 'SUCCESS', groups: ['DEPLOYMENT_CONFIG'] }],
};

const HTTP_MESSAGES: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	406: 'Not Acceptable',
	409: 'Conflict',
	416: 'Requested Range Not Satisfiable',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

const JSON_TYPE = 'application/json';
const RUNNING_BACKUP: BackupStatus[] = ['INITIALIZING', 'IN_PROGRESS'];
const DELETABLE_BACKUP: BackupStatus[] = [
	'INITIALIZING',
	'IN_PROGRESS',
	'FAILED',
	'SUCCESS',
	'MISSING',
];
const RUNNING_RESTORE: RestoreStatus[] = ['REQUESTING', 'INITIALIZING', 'IN_PROGRESS'];
const DELETABLE_RESTORE: RestoreStatus[] = ['PENDING', 'REQUESTING', 'INITIALIZING', 'IN_PROGRESS'];

export class QradarError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly description = '',
	) {
		super(message);
	}
}

/** The body QRadar sends with an error. */
export function qradarErrorBody(
	status: number,
	code: number,
	message: string,
	description = '',
): Record<string, unknown> {
	return {
		http_response: { code: status, message: HTTP_MESSAGES[status] ?? `HTTP ${status}` },
		code,
		message,
		description,
		details: {},
	};
}

// ---------------------------------------------------------------------------
// Filter / sort / fields / Range
// ---------------------------------------------------------------------------

type Literal = string | number | boolean | null;
type Predicate = (record: Record<string, unknown>) => boolean;
type Token = { kind: 'punct' | 'op' | 'string' | 'number' | 'word'; text: string; value?: Literal };

const filterError = (message: string): QradarError =>
	new QradarError(422, PARAMETER_ERROR_CODE, message, 'The filter could not be parsed');

function tokenize(input: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < input.length) {
		const c = input[i] as string;
		if (/\s/.test(c)) {
			i++;
		} else if (c === '(' || c === ')' || c === ',') {
			tokens.push({ kind: 'punct', text: c });
			i++;
		} else if (/[<>=!]/.test(c)) {
			const two = input.slice(i, i + 2);
			const op = ['!=', '<>', '<=', '>='].includes(two) ? two : c;
			if (op === '!') throw filterError(`Invalid filter: unexpected '!' at ${i}`);
			tokens.push({ kind: 'op', text: op === '<>' ? '!=' : op });
			i += op.length;
		} else if (c === '"') {
			let j = i + 1;
			let text = '';
			while (j < input.length && input[j] !== '"') {
				if (input[j] === '\\' && j + 1 < input.length) j++;
				text += input[j];
				j++;
			}
			if (j >= input.length) throw filterError(`Invalid filter: unterminated string at ${i}`);
			tokens.push({ kind: 'string', text, value: text });
			i = j + 1;
		} else {
			const number = /^-?\d+(\.\d+)?/.exec(input.slice(i));
			if (number) {
				tokens.push({ kind: 'number', text: number[0], value: Number(number[0]) });
				i += number[0].length;
				continue;
			}
			const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(input.slice(i));
			if (!word) throw filterError(`Invalid filter: unexpected '${c}' at ${i}`);
			tokens.push({ kind: 'word', text: word[0] });
			i += word[0].length;
		}
	}
	return tokens;
}

function getPath(record: Record<string, unknown>, field: string): unknown {
	let value: unknown = record;
	for (const part of field.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return value;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
	if (op === '=') return actual === expected;
	if (op === '!=') return actual !== expected;
	const bothNumbers = typeof actual === 'number' && typeof expected === 'number';
	const bothStrings = typeof actual === 'string' && typeof expected === 'string';
	if (!bothNumbers && !bothStrings) return false;
	const a = actual as number | string;
	const b = expected as number | string;
	if (op === '<') return a < b;
	if (op === '>') return a > b;
	if (op === '<=') return a <= b;
	return a >= b;
}

/**
 * Parse QRadar's filter syntax: comparisons (= != <> < > <= >=) on double
 * quoted strings, numbers, true/false; `[NOT] IN (...)`; `IS [NOT] NULL`;
 * `and` / `or` / `not` (any case); parentheses. Field names may be dotted.
 * Anything else throws a 422 QradarError.
 */
export function parseFilter(input: string, knownFields: ReadonlySet<string>): Predicate {
	const tokens = tokenize(input);
	let pos = 0;
	const peek = (): Token | undefined => tokens[pos];
	const isWord = (t: Token | undefined, w: string): boolean =>
		t?.kind === 'word' && t.text.toLowerCase() === w;
	const expect = (text: string): void => {
		const t = tokens[pos];
		if (t?.kind !== 'punct' || t.text !== text)
			throw filterError(`Invalid filter: expected '${text}' near token ${pos + 1}`);
		pos++;
	};
	const literal = (): Literal => {
		const t = tokens[pos];
		if (t && (t.kind === 'string' || t.kind === 'number')) {
			pos++;
			return t.value as Literal;
		}
		if (isWord(t, 'true') || isWord(t, 'false')) {
			pos++;
			return t?.text.toLowerCase() === 'true';
		}
		throw filterError(
			`Invalid filter: expected a value (a double-quoted string or a number) near token ${pos + 1}`,
		);
	};
	const comparison = (): Predicate => {
		const field = tokens[pos];
		if (
			field?.kind !== 'word' ||
			['and', 'or', 'not', 'in', 'is'].includes(field.text.toLowerCase())
		)
			throw filterError(`Invalid filter: expected a field name near token ${pos + 1}`);
		const name = field.text;
		if (!knownFields.has(name.split('.')[0] as string))
			throw filterError(`Invalid filter: the field '${name}' does not exist`);
		pos++;
		let negate = false;
		if (isWord(peek(), 'not')) {
			negate = true;
			pos++;
			if (!isWord(peek(), 'in')) throw filterError("Invalid filter: expected 'IN' after 'NOT'");
		}
		if (isWord(peek(), 'in')) {
			pos++;
			expect('(');
			const values = [literal()];
			while (peek()?.kind === 'punct' && peek()?.text === ',') {
				pos++;
				values.push(literal());
			}
			expect(')');
			return (r) => values.some((v) => getPath(r, name) === v) !== negate;
		}
		if (isWord(peek(), 'is')) {
			pos++;
			let not = false;
			if (isWord(peek(), 'not')) {
				not = true;
				pos++;
			}
			if (!isWord(peek(), 'null')) throw filterError("Invalid filter: expected 'NULL' after 'IS'");
			pos++;
			return (r) => (getPath(r, name) == null) !== not;
		}
		const op = peek();
		if (op?.kind !== 'op')
			throw filterError(`Invalid filter: expected an operator after '${name}'`);
		pos++;
		const value = literal();
		return (r) => compare(getPath(r, name), op.text, value);
	};
	const primary = (): Predicate => {
		if (isWord(peek(), 'not')) {
			pos++;
			const inner = primary();
			return (r) => !inner(r);
		}
		if (peek()?.kind === 'punct' && peek()?.text === '(') {
			pos++;
			const inner = orExpr();
			expect(')');
			return inner;
		}
		return comparison();
	};
	const andExpr = (): Predicate => {
		const parts = [primary()];
		while (isWord(peek(), 'and')) {
			pos++;
			parts.push(primary());
		}
		return parts.length === 1 ? (parts[0] as Predicate) : (r) => parts.every((p) => p(r));
	};
	const orExpr = (): Predicate => {
		const parts = [andExpr()];
		while (isWord(peek(), 'or')) {
			pos++;
			parts.push(andExpr());
		}
		return parts.length === 1 ? (parts[0] as Predicate) : (r) => parts.some((p) => p(r));
	};
	if (tokens.length === 0) throw filterError('Invalid filter: empty');
	const predicate = orExpr();
	if (pos < tokens.length)
		throw filterError(`Invalid filter: unexpected '${tokens[pos]?.text}' near token ${pos + 1}`);
	return predicate;
}

/** Parse `Range: items=a-b`; undefined when absent. */
export function parseRange(header: string | undefined): { start: number; end: number } | undefined {
	if (header === undefined || header.trim() === '') return undefined;
	const match = /^\s*items\s*=\s*(\d+)\s*-\s*(\d+)\s*$/i.exec(header);
	if (!match || Number(match[2]) < Number(match[1]))
		throw new QradarError(
			422,
			PARAMETER_ERROR_CODE,
			`The Range header '${header}' is not valid; use 'items=x-y'`,
		);
	return { start: Number(match[1]), end: Number(match[2]) };
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** Whether an Accept header allows `type` (no header allows everything; q=0 excludes). */
export function accepts(header: string | undefined, type: string): boolean {
	if (header === undefined || header.trim() === '') return true;
	const [major] = type.split('/');
	return header.split(',').some((range) => {
		const [media, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
		const q = params.find((param) => param.startsWith('q='));
		if (q !== undefined && Number(q.slice(2)) === 0) return false;
		return media === type || media === '*/*' || media === `${major}/*`;
	});
}

function cloneJson<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------

function seedState(options: QradarEmulatorOptions): QradarState {
	const initiatedBy = options.initiatedBy ?? SEED.initiatedBy;
	const field = options.initiatorField ?? 'intiated_by';
	const makeBackup = (
		b: Pick<QradarBackup, 'id' | 'name' | 'type' | 'status' | 'host_id'>,
		completedAt: number,
	): QradarBackup => {
		const done = b.status === 'SUCCESS' || b.status === 'FAILED';
		const backup: QradarBackup = {
			id: b.id,
			name: b.name,
			description: `${b.type === 'CONFIG' ? 'Configuration' : 'Data'} backup ${b.name}`,
			type: b.type,
			status: b.status,
			configuration_id: 1,
			host_id: b.host_id,
			version: SEED.version,
			time_initiated: completedAt - 20 * 60 * 1000,
			time_completed: done ? completedAt : null,
			size_on_disk: b.status === 'SUCCESS' ? (b.type === 'CONFIG' ? 48_231_552 : 1_073_741_824) : 0,
			content_file_path: contentPath(b.name, b.type, completedAt),
			is_valid: b.status === 'SUCCESS',
			is_version_compatible: true,
		};
		setInitiator(backup, field, initiatedBy);
		return backup;
	};
	const backups = SEED.backups.map((b, i) => makeBackup(b, T0 + i * DAY + 3 * 3600 * 1000));
	let nextBackupId = SEED.backups.length + 1;
	const extra = Math.max(0, Math.floor(options.backups ?? 0));
	for (let i = 0; i < extra; i++) {
		const id = nextBackupId++;
		backups.push(
			makeBackup(
				{
					id,
					name: `bulk_${String(i + 1).padStart(6, '0')}`,
					type: 'CONFIG',
					status: 'SUCCESS',
					host_id: 53,
				},
				T0 + 10 * DAY + i * 60_000,
			),
		);
	}
	const restores: QradarRestore[] = SEED.restores.map((r) => {
		const backup = backups.find((b) => b.id === r.backup_id) as QradarBackup;
		return {
			id: r.id,
			backup_id: backup.id,
			backup_name: backup.name,
			backup_type: backup.type,
			backup_version: backup.version,
			backup_filename: path.basename(backup.content_file_path),
			groups: [...r.groups],
			host_id: SEED.consoleHostId,
			initiated_by: 'admin',
			is_cross_deployment_restore: false,
			status: r.status as RestoreStatus,
			time_initiated: T0 + 5 * DAY,
			time_completed: T0 + 5 * DAY + 40 * 60 * 1000,
		};
	});
	return {
		backups,
		restores,
		configurations: cloneJson(SEED.configurations),
		hosts: cloneJson(SEED.hosts),
		nextBackupId,
		nextRestoreId: restores.length + 1,
		version: SEED.version,
	};
}

function contentPath(name: string, type: BackupType, at: number): string {
	const d = new Date(at);
	const stamp = `${d.getUTCMonth() + 1}_${d.getUTCDate()}_${d.getUTCFullYear()}`;
	return `/store/backup/backup.${name}.${type === 'CONFIG' ? 'config' : 'data'}.${stamp}.tgz`;
}

function setInitiator(
	backup: QradarBackup,
	field: 'intiated_by' | 'initiated_by' | 'both',
	who: string,
): void {
	if (field !== 'initiated_by') backup.intiated_by = who;
	if (field !== 'intiated_by') backup.initiated_by = who;
}

const BACKUP_FIELDS = new Set([
	'id',
	'name',
	'description',
	'type',
	'status',
	'configuration_id',
	'host_id',
	'version',
	'time_initiated',
	'time_completed',
	'intiated_by',
	'initiated_by',
	'size_on_disk',
	'content_file_path',
	'is_valid',
	'is_version_compatible',
]);
const RESTORE_FIELDS = new Set([
	'id',
	'backup_id',
	'backup_name',
	'backup_type',
	'backup_version',
	'backup_filename',
	'groups',
	'host_id',
	'initiated_by',
	'is_cross_deployment_restore',
	'status',
	'time_initiated',
	'time_completed',
]);
const CONFIGURATION_FIELDS = new Set(Object.keys(SEED.configurations[0] as object));

// ---------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------

interface Progress {
	/** GETs seen since it started. */
	polls: number;
	/** Only advanceBackup moves it (seeded running backups). */
	stuck?: boolean;
}

export async function startIbmQradarEmulator(
	options: QradarEmulatorOptions = {},
): Promise<QradarEmulator> {
	const token = options.token ?? SEED.token;
	const useHttps = options.https ?? true;
	const initiatedBy = options.initiatedBy ?? SEED.initiatedBy;
	const initiatorField = options.initiatorField ?? 'intiated_by';
	const domainsGroup = options.domainsGroup ?? false;
	const knownGroups = new Set<string>([...RESTORE_GROUPS, ...(domainsGroup ? ['DOMAINS'] : [])]);

	const state = seedState(options);
	const backupJobs = new Map<number, Progress>();
	const deleteJobs = new Map<number, Progress>();
	const restoreJobs = new Map<number, Progress>();
	const seedJobs = (): void => {
		backupJobs.clear();
		deleteJobs.clear();
		restoreJobs.clear();
		for (const b of state.backups)
			if (RUNNING_BACKUP.includes(b.status)) backupJobs.set(b.id, { polls: 0, stuck: true });
	};
	seedJobs();
	const defaultSwitches = (): QradarSwitches => ({
		pendingDeploy: false,
		failingNames: options.failingNames ?? [],
		restoreFails: false,
		rebalancing: false,
		backupPolls: options.backupPolls ?? 2,
		restorePolls: options.restorePolls ?? 2,
		deletePolls: options.deletePolls ?? 1,
		restoreOutageMs: options.restoreOutageMs ?? DEFAULT_RESTORE_OUTAGE_MS,
		sortIgnored: false,
		sortRefused: false,
		tokenExpired: false,
	});
	let restartPromise: Promise<void> | undefined;

	const tls = useHttps ? selfSignedTls() : undefined;

	const server = await startEmulatorServer({
		...(tls ? { tls } : {}),
		...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
		onRecord: (rec) => {
			const q = rec as QradarRecordedRequest;
			const version = headerValue(rec.headers.version);
			if (version !== undefined) q.apiVersion = version;
			q.authorized = headerValue(rec.headers.sec) === token;
		},
		handle: (rec) => handle(rec as QradarRecordedRequest),
		faultBody: (status) => ({
			contentType: JSON_TYPE,
			body: JSON.stringify(
				qradarErrorBody(status, status >= 500 ? 1000 : status, `HTTP ${status}`),
			),
		}),
		htmlLoginApplies: (rec) => rec.path.startsWith('/api/'),
		htmlLoginPage:
			'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>IBM QRadar</title></head><body>' +
			'<form method="post" action="/console/j_security_check"><input name="j_username">' +
			'<input name="j_password" type="password"><button type="submit">Log in</button></form></body></html>\n',
	});

	// --- job progress ------------------------------------------------------------

	const failing = (name: string): boolean => {
		const rule = emulator.switches.failingNames;
		return rule instanceof RegExp ? rule.test(name) : rule.includes(name);
	};

	/** One step of a running backup; `force` ignores `stuck`. */
	const stepBackup = (backup: QradarBackup, force: boolean): void => {
		const job = backupJobs.get(backup.id);
		if (job && (!job.stuck || force)) {
			job.polls++;
			if (job.polls >= Math.max(1, emulator.switches.backupPolls)) {
				backupJobs.delete(backup.id);
				const failed = failing(backup.name);
				backup.status = failed ? 'FAILED' : 'SUCCESS';
				backup.time_completed = Date.now();
				backup.size_on_disk = failed ? 0 : backup.type === 'CONFIG' ? 48_234_496 : 1_073_741_824;
				backup.is_valid = !failed;
			} else {
				backup.status = 'IN_PROGRESS';
			}
		}
		const deletion = deleteJobs.get(backup.id);
		if (deletion) {
			deletion.polls++;
			if (deletion.polls > Math.max(0, emulator.switches.deletePolls)) {
				deleteJobs.delete(backup.id);
				const index = state.backups.indexOf(backup);
				if (index !== -1) state.backups.splice(index, 1);
			}
		}
	};

	/** One step of a started restore; true when this step made it IN_PROGRESS. */
	const stepRestore = (restore: QradarRestore): boolean => {
		const job = restoreJobs.get(restore.id);
		if (!job) return false;
		job.polls++;
		if (job.polls >= Math.max(1, emulator.switches.restorePolls)) {
			restoreJobs.delete(restore.id);
			restore.status = emulator.switches.restoreFails ? 'FAILED' : 'SUCCESS';
			restore.time_completed = Date.now();
			return false;
		}
		const began = restore.status !== 'IN_PROGRESS';
		restore.status = 'IN_PROGRESS';
		return began;
	};

	const beginRestart = (windowMs: number, keepProcessAlive: boolean): Promise<void> => {
		if (server.closed) return Promise.resolve();
		const current = server
			.restart(windowMs, { keepProcessAlive })
			.catch(() => undefined)
			.finally(() => {
				if (restartPromise === current) restartPromise = undefined;
			});
		restartPromise = current;
		return current;
	};

	// --- answers -------------------------------------------------------------------

	const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
		jsonReply(status, body, JSON_TYPE, headers);

	/** Filter, sort, page and trim a collection as QRadar does. */
	const list = (
		rec: RecordedRequest,
		items: Array<Record<string, unknown>>,
		known: ReadonlySet<string>,
	): Reply => {
		let result = items;
		if (rec.query.filter !== undefined) {
			const predicate = parseFilter(rec.query.filter, known);
			result = result.filter(predicate);
		}
		if (rec.query.sort !== undefined && emulator.switches.sortRefused) {
			const field = rec.query.sort.split(',')[0]?.trim().replace(/^[+-]/, '') ?? '';
			throw new QradarError(
				422,
				UNSORTABLE_FIELD_CODE,
				`The field '${field}' cannot be used to sort this collection.`,
				'The sort parameter could not be applied',
			);
		}
		if (rec.query.sort !== undefined && !emulator.switches.sortIgnored) {
			const keys = rec.query.sort.split(',').map((raw) => {
				// A '+' in a query string decodes to a space.
				const s = raw.replace(/^\s+/, '+').trim();
				const desc = s.startsWith('-');
				const name = s.replace(/^[+-]/, '');
				if (!known.has(name))
					throw new QradarError(
						422,
						PARAMETER_ERROR_CODE,
						`Invalid sort: the field '${name}' does not exist`,
					);
				return { name, desc };
			});
			result = [...result].sort((a, b) => {
				for (const { name, desc } of keys) {
					const x = a[name] as string | number | null;
					const y = b[name] as string | number | null;
					if (x === y) continue;
					const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
					return desc ? -order : order;
				}
				return 0;
			});
		}
		const headers: Record<string, string> = {};
		const range = parseRange(headerValue(rec.headers.range));
		const total = result.length;
		if (range) {
			if (range.start >= total) {
				headers['Content-Range'] = `items */${total}`;
				result = [];
			} else {
				const end = Math.min(range.end, total - 1);
				headers['Content-Range'] = `items ${range.start}-${end}/${total}`;
				result = result.slice(range.start, end + 1);
			}
		}
		return json(
			200,
			result.map((item) => trim(rec, item, known)),
			headers,
		);
	};

	/** Apply `fields` (query parameter, or header on POST as IBM documents it). */
	const trim = (
		rec: RecordedRequest,
		item: Record<string, unknown>,
		known: ReadonlySet<string>,
	): Record<string, unknown> => {
		const fields = rec.query.fields ?? headerValue(rec.headers.fields);
		if (fields === undefined || fields.trim() === '') return item;
		const names: string[] = [];
		let depth = 0;
		let current = '';
		for (const c of fields) {
			if (c === '(' || c === '[') depth++;
			if (c === ')' || c === ']') depth--;
			if (c === ',' && depth === 0) {
				names.push(current);
				current = '';
			} else current += c;
		}
		names.push(current);
		const out: Record<string, unknown> = {};
		for (const raw of names) {
			const name = raw.trim().replace(/[([].*$/, '');
			if (!known.has(name))
				throw new QradarError(
					422,
					PARAMETER_ERROR_CODE,
					`Invalid fields: the field '${name}' does not exist`,
				);
			if (name in item) out[name] = item[name];
		}
		return out;
	};

	const parseId = (segment: string, what: string): number => {
		if (!/^\d+$/.test(segment))
			throw new QradarError(422, 1001, `The '${what}' path parameter must be a number`);
		return Number(segment);
	};

	const findBackup = (id: number): QradarBackup => {
		const backup = state.backups.find((b) => b.id === id);
		if (!backup) throw new QradarError(404, 1002, `The backup with id ${id} does not exist.`);
		return backup;
	};
	const findRestore = (id: number): QradarRestore => {
		const restore = state.restores.find((r) => r.id === id);
		if (!restore) throw new QradarError(404, 1002, `The restore with id ${id} does not exist.`);
		return restore;
	};

	const bodyObject = (rec: RecordedRequest): Record<string, unknown> => {
		if (rec.body === undefined) return {};
		if (rec.body === null || typeof rec.body !== 'object' || Array.isArray(rec.body))
			throw new QradarError(422, 1001, 'The request body must be a JSON object.');
		return rec.body as Record<string, unknown>;
	};

	const asLong = (value: unknown): number | undefined => {
		if (typeof value === 'number' && Number.isInteger(value)) return value;
		if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
		return undefined;
	};

	const consoleBusyWithBackup = (): boolean =>
		state.backups.some(
			(b) => RUNNING_BACKUP.includes(b.status) && b.host_id === SEED.consoleHostId,
		);
	const restoreRunning = (except?: number): boolean =>
		state.restores.some((r) => r.id !== except && RUNNING_RESTORE.includes(r.status));

	const createBackup = (rec: RecordedRequest): Reply => {
		const body = bodyObject(rec);
		const typeHeader =
			headerValue(rec.headers.backup_type) ?? headerValue(rec.headers['backup-type']);
		const type = typeHeader?.trim().toUpperCase();
		if (type !== 'CONFIG' && type !== 'DATA')
			throw new QradarError(
				422,
				1001,
				"The 'backup_type' header is required and must be CONFIG or DATA.",
			);
		const name = body.name;
		if (name === undefined || name === null || (typeof name === 'string' && name.trim() === ''))
			throw new QradarError(422, 1002, "The 'name' parameter value cannot be null or empty.");
		if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
			if (typeof name === 'string' && name.length > 100)
				throw new QradarError(
					422,
					1003,
					"The 'name' parameter value must not exceed 100 characters.",
				);
			throw new QradarError(
				422,
				1004,
				"The 'name' parameter must contain only alphanumerics and '_', '-' or '.'.",
			);
		}
		if (name.length > 100)
			throw new QradarError(
				422,
				1003,
				"The 'name' parameter value must not exceed 100 characters.",
			);
		const description = body.description ?? '';
		if (typeof description !== 'string' || description.length > 255)
			throw new QradarError(
				422,
				1008,
				"The 'description' parameter value must not exceed 255 characters.",
			);
		if (
			body.configuration_id === undefined ||
			body.configuration_id === null ||
			body.configuration_id === ''
		)
			throw new QradarError(
				422,
				1006,
				"The 'configuration_id' parameter value cannot be null or empty.",
			);
		const configurationId = asLong(body.configuration_id);
		const configuration = state.configurations.find((c) => c.configuration_id === configurationId);
		if (!configuration)
			throw new QradarError(422, 1007, 'The backup configuration does not exist.');
		const hostId =
			body.host_id === undefined || body.host_id === null
				? SEED.consoleHostId
				: asLong(body.host_id);
		const host = state.hosts.find((h) => h.id === hostId);
		if (!host) throw new QradarError(422, 1009, 'The backup host does not exist.');
		if (!host.active)
			throw new QradarError(
				422,
				1010,
				'The provided host_id corresponds to a host that is currently not active.',
			);
		if (type === 'CONFIG' && !host.is_console)
			throw new QradarError(
				422,
				1012,
				'The provided host_id corresponds to a host that is not the console and the backup type is CONFIG. A config backup can only take place on the console.',
			);
		if (type === 'DATA' && !host.stores_ariel_data)
			throw new QradarError(
				422,
				1013,
				'Data backups can only be done on hosts that store ariel data.',
			);
		if (
			type === 'DATA' &&
			!configuration.data_backup_host_configuration.some(
				(h) => h.host_id === host.id && (h.event_data_backup_enabled || h.flow_data_backup_enabled),
			)
		)
			throw new QradarError(422, 1014, 'The host is not configured for data backups.');
		if (restoreRunning())
			throw new QradarError(
				409,
				1016,
				'A restore is currently in progress. No new backup or restore processes can be initiated while the current process is running.',
			);
		if (emulator.switches.pendingDeploy)
			throw new QradarError(
				409,
				1011,
				'An undeployed configuration change has been detected. Deploy staged changes then try again.',
			);
		if (state.backups.some((b) => b.host_id === host.id && RUNNING_BACKUP.includes(b.status)))
			throw new QradarError(409, 1015, 'A backup is already in progress on the host.');
		if (state.backups.some((b) => b.name === name))
			throw new QradarError(409, 1005, "The 'name' parameter value must be unique.");
		const now = Date.now();
		const backup: QradarBackup = {
			id: state.nextBackupId++,
			name,
			description,
			type,
			status: 'INITIALIZING',
			configuration_id: configuration.configuration_id,
			host_id: host.id,
			version: state.version,
			time_initiated: now,
			time_completed: null,
			size_on_disk: 0,
			content_file_path: contentPath(name, type, now),
			is_valid: false,
			is_version_compatible: true,
		};
		setInitiator(backup, initiatorField, initiatedBy);
		state.backups.push(backup);
		backupJobs.set(backup.id, { polls: 0 });
		return json(201, trim(rec, backup as unknown as Record<string, unknown>, BACKUP_FIELDS));
	};

	const createRestore = (rec: RecordedRequest): Reply => {
		const body = bodyObject(rec);
		if (body.backup_id === undefined || body.backup_id === null || body.backup_id === '')
			throw new QradarError(422, 1002, "The 'backup_id' parameter value cannot be null or empty.");
		const backupId = asLong(body.backup_id);
		const backup = state.backups.find((b) => b.id === backupId);
		if (!backup) throw new QradarError(422, 1003, 'The backup does not exist.');
		if (backup.type !== 'CONFIG')
			throw new QradarError(422, 1004, 'Only CONFIG backups can be restored.');
		if (backup.status !== 'SUCCESS')
			throw new QradarError(422, 1005, "The backup's status must be SUCCESS.");
		if (!backup.is_valid) throw new QradarError(422, 1006, 'The backup is not valid.');
		if (!backup.is_version_compatible)
			throw new QradarError(422, 1007, 'The backup is not version compatible with this system.');
		const groups = body.groups;
		if (!Array.isArray(groups) || groups.length === 0)
			throw new QradarError(422, 1008, "The 'groups' parameter value cannot be null or empty.");
		for (const group of groups)
			if (typeof group !== 'string' || !knownGroups.has(group))
				throw new QradarError(422, 1010, `The group '${String(group)}' does not exist.`);
		if (
			(groups.includes('INSTALLED_APPS_CONFIG') || groups.includes('OFFENSES_DATA')) &&
			!groups.includes('DEPLOYMENT_CONFIG')
		)
			throw new QradarError(
				422,
				1009,
				'INSTALLED_APPS_CONFIG and OFFENSES_DATA can only be restored together with DEPLOYMENT_CONFIG.',
			);
		if (
			domainsGroup &&
			(groups.includes('ASSETS_DATA') || groups.includes('USERS_CONFIG')) &&
			!groups.includes('DOMAINS')
		)
			throw new QradarError(
				422,
				1019,
				'ASSETS_DATA and USERS_CONFIG can only be restored together with DOMAINS.',
			);
		if (state.restores.some((r) => r.status !== 'SUCCESS' && r.status !== 'FAILED'))
			throw new QradarError(
				409,
				1011,
				'Another restore has not yet completed (SUCCESS or FAILED).',
			);
		const restore: QradarRestore = {
			id: state.nextRestoreId++,
			backup_id: backup.id,
			backup_name: backup.name,
			backup_type: backup.type,
			backup_version: backup.version,
			backup_filename: path.basename(backup.content_file_path),
			groups: [...(groups as string[])],
			host_id: SEED.consoleHostId,
			initiated_by: initiatedBy,
			is_cross_deployment_restore: false,
			status: 'PENDING',
			time_initiated: Date.now(),
			time_completed: null,
		};
		state.restores.push(restore);
		return json(201, trim(rec, restore as unknown as Record<string, unknown>, RESTORE_FIELDS));
	};

	const startRestore = (rec: RecordedRequest, restore: QradarRestore): Reply => {
		const body = bodyObject(rec);
		if (body.status !== 'REQUESTING')
			throw new QradarError(422, 1013, "The 'status' parameter value must be REQUESTING.");
		if (restore.status !== 'PENDING')
			throw new QradarError(422, 1012, 'Only a restore in the PENDING state can be started.');
		if (emulator.switches.rebalancing)
			throw new QradarError(409, 1014, 'The deployment is rebalancing; try again later.');
		if (consoleBusyWithBackup())
			throw new QradarError(409, 1015, 'A backup is currently in progress.');
		if (restoreRunning(restore.id))
			throw new QradarError(409, 1016, 'A restore is currently in progress.');
		restore.status = 'REQUESTING';
		restoreJobs.set(restore.id, { polls: 0 });
		return json(200, trim(rec, restore as unknown as Record<string, unknown>, RESTORE_FIELDS));
	};

	/** Advance the restores a GET shows; arrange the outage when one just went IN_PROGRESS. */
	const observeRestores = (restores: QradarRestore[]): (() => void) | undefined => {
		let outage = false;
		for (const r of restores) if (stepRestore(r)) outage = true;
		const windowMs = emulator.switches.restoreOutageMs;
		if (!outage || windowMs <= 0) return undefined;
		return () => void beginRestart(windowMs, false);
	};

	const withAfterSend = (reply: Reply, afterSend: (() => void) | undefined): Reply =>
		afterSend ? { ...reply, afterSend } : reply;

	// --- routing -------------------------------------------------------------------

	const methodNotAllowed = (rec: RecordedRequest): never => {
		throw new QradarError(405, 1001, `The method ${rec.method} is not allowed on ${rec.path}.`);
	};

	const route = (rec: QradarRecordedRequest): Reply => {
		const p = rec.path.replace(/\/+$/, '');
		const configurations =
			/^\/api\/(?:config\/backup_and_restore\/scheduled_backup_configurations|backup_and_restore\/backup_configurations)(?:\/([^/]+))?$/.exec(
				p,
			);
		if (configurations) {
			if (rec.method !== 'GET') return methodNotAllowed(rec);
			const items = state.configurations as unknown as Array<Record<string, unknown>>;
			if (configurations[1] === undefined) return list(rec, items, CONFIGURATION_FIELDS);
			const id = parseId(configurations[1], 'configuration_id');
			const found = state.configurations.find((c) => c.configuration_id === id);
			if (!found)
				throw new QradarError(404, 1002, `The backup configuration ${id} does not exist.`);
			return json(
				200,
				trim(rec, found as unknown as Record<string, unknown>, CONFIGURATION_FIELDS),
			);
		}
		const match = /^\/api\/backup_and_restore\/(backups|restores)(?:\/([^/]+))?$/.exec(p);
		if (!match) throw new QradarError(404, 1002, `The endpoint ${rec.path} does not exist.`);
		const [, collection, idSegment] = match;
		if (collection === 'backups') {
			if (idSegment === undefined) {
				if (rec.method === 'GET') {
					for (const b of [...state.backups])
						if (backupJobs.has(b.id) || deleteJobs.has(b.id)) stepBackup(b, false);
					return list(
						rec,
						state.backups as unknown as Array<Record<string, unknown>>,
						BACKUP_FIELDS,
					);
				}
				if (rec.method === 'POST') return createBackup(rec);
				return methodNotAllowed(rec);
			}
			const backup = findBackup(parseId(idSegment, 'id'));
			if (rec.method === 'GET') {
				stepBackup(backup, false);
				findBackup(backup.id); // gone once the deletion finished
				return json(200, trim(rec, backup as unknown as Record<string, unknown>, BACKUP_FIELDS));
			}
			if (rec.method === 'POST') {
				const body = bodyObject(rec);
				if (body.description !== undefined) {
					if (typeof body.description !== 'string' || body.description.length > 255)
						throw new QradarError(
							422,
							1008,
							"The 'description' parameter value must not exceed 255 characters.",
						);
					backup.description = body.description;
				}
				return json(200, trim(rec, backup as unknown as Record<string, unknown>, BACKUP_FIELDS));
			}
			if (rec.method === 'DELETE') {
				if (!DELETABLE_BACKUP.includes(backup.status))
					throw new QradarError(
						422,
						1017,
						`The backup cannot be deleted while its status is ${backup.status}.`,
					);
				backup.status = RUNNING_BACKUP.includes(backup.status) ? 'CANCELLING' : 'DELETING';
				backupJobs.delete(backup.id);
				deleteJobs.set(backup.id, { polls: 0 });
				return json(202, trim(rec, backup as unknown as Record<string, unknown>, BACKUP_FIELDS));
			}
			return methodNotAllowed(rec);
		}
		// restores
		if (idSegment === undefined) {
			if (rec.method === 'GET') {
				const afterSend = observeRestores(state.restores.filter((r) => restoreJobs.has(r.id)));
				return withAfterSend(
					list(rec, state.restores as unknown as Array<Record<string, unknown>>, RESTORE_FIELDS),
					afterSend,
				);
			}
			if (rec.method === 'POST') return createRestore(rec);
			return methodNotAllowed(rec);
		}
		const restore = findRestore(parseId(idSegment, 'id'));
		if (rec.method === 'GET') {
			const afterSend = observeRestores([restore]);
			return withAfterSend(
				json(200, trim(rec, restore as unknown as Record<string, unknown>, RESTORE_FIELDS)),
				afterSend,
			);
		}
		if (rec.method === 'POST') return startRestore(rec, restore);
		if (rec.method === 'DELETE') {
			// IBM documents text/plain as this call's MIME type
			if (!accepts(headerValue(rec.headers.accept), 'text/plain'))
				throw new QradarError(
					406,
					NOT_ACCEPTABLE_CODE,
					`The Accept header '${headerValue(rec.headers.accept) ?? ''}' does not allow text/plain, the only MIME type of ${rec.method} ${rec.path}.`,
					'Send Accept: text/plain (or */*).',
				);
			if (!DELETABLE_RESTORE.includes(restore.status))
				throw new QradarError(
					422,
					1017,
					`The restore cannot be deleted while its status is ${restore.status}.`,
				);
			// Deleting a running restore removes the record; the restore itself goes on.
			state.restores.splice(state.restores.indexOf(restore), 1);
			restoreJobs.delete(restore.id);
			return { status: 204 };
		}
		return methodNotAllowed(rec);
	};

	const handle = (rec: QradarRecordedRequest): Reply => {
		try {
			if (!rec.path.startsWith('/api/'))
				throw new QradarError(404, 1002, `The resource ${rec.path} does not exist.`);
			const sec = headerValue(rec.headers.sec);
			if (sec === undefined || sec === '')
				throw new QradarError(
					401,
					18,
					'No SEC header present in request. Please provide it via "SEC: token". You may also use BASIC authentication parameters if this host supports it. e.g. "Authorization: Basic base64Encoding"',
				);
			if (sec !== token || emulator.switches.tokenExpired)
				throw new QradarError(401, 18, 'Invalid authorization token provided in the SEC header.');
			return route(rec);
		} catch (error) {
			if (error instanceof QradarError)
				return json(
					error.status,
					qradarErrorBody(error.status, error.code, error.message, error.description),
				);
			throw error;
		}
	};

	// --- public object ---------------------------------------------------------------

	const emulator: QradarEmulator = {
		get url() {
			return server.url;
		},
		get port() {
			return server.port;
		},
		requests: server.requests as QradarRecordedRequest[],
		state,
		faults: server.faults,
		switches: defaultSwitches(),
		token,
		get restarting() {
			return restartPromise !== undefined;
		},
		restart: (windowMs) => beginRestart(windowMs ?? emulator.switches.restoreOutageMs, true),
		async whenUp() {
			while (restartPromise) await restartPromise;
		},
		advanceBackup(id, steps = Number.POSITIVE_INFINITY) {
			const backup = state.backups.find((b) => b.id === id);
			if (!backup) return undefined;
			for (let i = 0; i < steps && (backupJobs.has(id) || deleteJobs.has(id)); i++)
				stepBackup(backup, true);
			return state.backups.includes(backup) ? backup : undefined;
		},
		advanceRestore(id, steps = Number.POSITIVE_INFINITY) {
			const restore = state.restores.find((r) => r.id === id);
			if (!restore) return undefined;
			for (let i = 0; i < steps && restoreJobs.has(id); i++) stepRestore(restore);
			return restore;
		},
		reset() {
			for (const key of Object.keys(state))
				delete (state as unknown as Record<string, unknown>)[key];
			Object.assign(state, seedState(options));
			seedJobs();
			server.requests.length = 0;
			server.faults.clear();
			Object.assign(emulator.switches, defaultSwitches());
		},
		close: () => server.close(),
	};
	return emulator;
}

// ---------------------------------------------------------------------------
// The console's API as an admin or QRadar's own scheduler uses it (outside n8n)
// ---------------------------------------------------------------------------

/** One call to the emulator's REST API with its SEC token; a status >= 300 is an error. */
export async function callConsole<T = Record<string, unknown>>(
	emulator: QradarEmulator,
	method: string,
	apiPath: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<T> {
	const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
	return await new Promise<T>((resolve, reject) => {
		const request = https.request(
			`${emulator.url}${apiPath}`,
			{
				method,
				rejectUnauthorized: false,
				timeout: 10_000,
				headers: {
					SEC: emulator.token,
					Accept: 'application/json',
					...(payload
						? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) }
						: {}),
					...headers,
				},
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if ((response.statusCode ?? 0) >= 300)
						reject(new Error(`${method} ${apiPath}: ${response.statusCode} ${text}`));
					else resolve(JSON.parse(text) as T);
				});
			},
		);
		request.once('timeout', () => request.destroy(new Error(`${method} ${apiPath} timed out`)));
		request.once('error', reject);
		request.end(payload);
	});
}

/** A CONFIG backup made on the console and looked at until it finished (each look moves it on). */
export async function finishedConsoleBackup(
	emulator: QradarEmulator,
	name: string,
): Promise<{ id: number; status: string }> {
	const backups = '/api/backup_and_restore/backups';
	const created = await callConsole<{ id: number }>(
		emulator,
		'POST',
		backups,
		{ name, configuration_id: 1 },
		{ backup_type: 'CONFIG' },
	);
	for (;;) {
		const backup = await callConsole<{ id: number; status: string }>(
			emulator,
			'GET',
			`${backups}/${created.id}`,
		);
		if (backup.status === 'SUCCESS' || backup.status === 'FAILED') return backup;
	}
}
