/**
 * A loopback emulator of an SAP Cloud Connector 2.x administration API: the
 * configuration backup (POST: a real ZIP whose sensitive values are encrypted
 * with the caller's password) and restore (PUT: a real multipart/form-data
 * upload, then the connector restarts), the connector version and
 * configuration, subaccounts, monitoring and the ping URL.
 *
 * Behaviour follows shared/api-reference/sap-cloud-connector-configuration-backup.txt
 * and the SAP section of shared/API-FACTS.md; where those are silent it
 * imitates recorded answers of a real connector (SAP's Terraform provider):
 * the subaccount list holds only regionHost, subaccount, locationID and
 * _links; 404s read "Subaccount with value '<subaccount>@<regionHost>' does
 * not exist"; every API answer sets a session cookie and an X-CSRF-Token that
 * a stateless (basic auth, Connection: close) client may ignore.
 *
 *   GET  /exposed?action=ping                          no auth -> 200 text/plain "pong"
 *   GET  /api/v1/connector/version                     -> { version }
 *   GET  /api/v1/configuration/connector               -> { ha, description }
 *   PUT  /api/v1/configuration/connector               { ha?, description? } -> 204
 *   GET  /api/v1/configuration/connector/haRole        -> "master" | "shadow" (a JSON string)
 *   GET  /api/v1/configuration/subaccounts             -> [{ regionHost, subaccount, locationID, _links }]
 *   POST /api/v1/configuration/subaccounts             { regionHost, subaccount, cloudUser, cloudPassword,
 *                                                        displayName?, description?, locationID? } -> 201, the subaccount
 *   GET  /api/v1/configuration/subaccounts/{rh}/{sa}   -> the subaccount (never its cloudPassword)
 *   PUT  /api/v1/configuration/subaccounts/{rh}/{sa}   { displayName?, description?, locationID? } -> 200, the subaccount
 *   DELETE /api/v1/configuration/subaccounts/{rh}/{sa} -> 204
 *   POST /api/v1/configuration/backup                  { password } -> 200 application/zip
 *   PUT  /api/v1/configuration/backup                  multipart: backup (file), password -> 204, restart
 *   GET  /api/monitoring/memory | disk | subaccounts   -> JSON
 *
 * Adding, editing and removing a subaccount follow SAP's configuration REST API pages as
 * API-FACTS.md lists them (GET|POST on the list, GET|PUT|DELETE on one); the exact answer
 * bodies (201 / 200 with the subaccount, 204 on delete) are inferred (?), and a duplicate is
 * a 400 INVALID_REQUEST. Like the connector's own settings, they answer 409 while the UI
 * holds a lock. `upgrade(version)` installs another connector version (the configuration
 * stays, the version answer changes).
 *
 * Memory and disk monitoring came with later 2.x connectors (SAP's Cloud Connector
 * monitoring API documentation): with `memoryAndDiskMonitoring: false` the emulator is
 * an older connector whose /api/monitoring/memory and /disk are unknown resources
 * (404 NOT_FOUND, as any path it does not serve).
 *
 * Errors are `{ type, message }` (INVALID_REQUEST, NOT_FOUND, FORBIDDEN,
 * FORBIDDEN_REQUEST, ILLEGAL_STATE, RUNTIME_FAILURE); a failed basic
 * authentication is a 401 with an HTML page (as the connector's servlet
 * container answers) and a WWW-Authenticate header.
 */
import * as crypto from 'node:crypto';

import {
	type FaultControls,
	type RecordedRequest,
	type Reply,
	jsonReply,
	parseBasicAuth,
	selfSignedTls,
	startEmulatorServer,
} from './http-kit';
import { type MultipartBody, MultipartError, parseMultipart } from './multipart';
import { ZipError, createZip, readZip, zipEntries } from './zip';

export type { RequestMatcher } from './http-kit';
export { readZip, zipEntries };

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

export type HaRole = 'master' | 'shadow';
export type TunnelState = 'Connected' | 'Disconnected' | 'ConnectFailure';
export type SapErrorType =
	| 'INVALID_REQUEST'
	| 'ILLEGAL_STATE'
	| 'NOT_FOUND'
	| 'INVALID_CONFIGURATION'
	| 'RUNTIME_FAILURE'
	| 'SHADOW_UPDATE'
	| 'FORBIDDEN_REQUEST'
	| 'FORBIDDEN';

export interface SubaccountTunnel {
	state: TunnelState;
	/** Epoch milliseconds; 0 when not connected. */
	connectedSinceTimeStamp: number;
	/** The cloud user the tunnel was opened with. */
	user: string;
}

export interface Subaccount {
	regionHost: string;
	subaccount: string;
	displayName: string;
	description: string;
	locationID: string;
	tunnel: SubaccountTunnel;
	cloudUser: string;
	/** Sensitive: never returned by the API, encrypted in backups. */
	cloudPassword: string;
}

export interface ConnectorConfig {
	/** 'shadow' makes this a shadow instance: backup and restore answer 403. */
	ha: HaRole;
	description: string;
}

export interface ProxySettings {
	host: string;
	port: number;
	user: string;
	/** Sensitive: never returned by the API, encrypted in backups. */
	password: string;
}

export interface ConnectorSettings {
	auditLogLevel: 'SECURITY' | 'ALL' | 'OFF';
	uiSessionTimeoutMinutes: number;
	proxy: ProxySettings;
}

/** What a backup holds and a restore replaces (compare with configurationOf). */
export interface SapConfiguration {
	connector: ConnectorConfig;
	settings: ConnectorSettings;
	subaccounts: Subaccount[];
}

export interface MonitoringData {
	memory: {
		physicalKB: { total: number; CloudConnector: number; others: number; free: number };
		virtualKB: { total: number; CloudConnector: number; others: number; free: number };
		cloudConnectorHeapKB: { total: number; used: number; free: number };
	};
	disk: { totalKB: number; usedKB: number; freeKB: number; traceAndLogKB: number };
}

export interface BackupRecord {
	/** ISO time it was made. */
	at: string;
	fileName: string;
	bytes: number;
}

export interface RestoreRecord {
	/** ISO time the PUT arrived. */
	at: string;
	/** What the emulator answered (204 on success). */
	status: number;
	/** The error type when it failed. */
	type?: SapErrorType;
	/** Bytes of the request body as received. */
	bytesReceived: number;
	/** The Content-Length request header as a number; undefined when absent (chunked upload). */
	contentLength?: number;
	/** True when a Content-Length header was sent and equals bytesReceived. */
	contentLengthMatched: boolean;
	/** True when the body came with Transfer-Encoding: chunked. */
	chunked: boolean;
	/** The filename of the `backup` part. */
	fileName?: string;
	/** Bytes of the `backup` part. */
	fileBytes?: number;
	/** Whether the client sent Connection: close. */
	connectionClose: boolean;
	/** The restart a successful restore triggered (Date.now() values). */
	restart?: { windowMs: number; startedAt: number; endedAt?: number };
}

export interface SapState extends SapConfiguration {
	/** The connector's software version (not part of the configuration). */
	version: string;
	monitoring: MonitoringData;
	/** Backups made (successful POSTs). */
	backupsMade: number;
	/** Successful restores (204s). */
	restores: number;
	lastBackup?: BackupRecord;
	/** The last PUT /api/v1/configuration/backup that passed authentication. */
	lastRestore?: RestoreRecord;
}

/** One part of a recorded multipart body; secrets are not kept in plain text. */
export interface RecordedPart {
	name: string;
	filename?: string;
	contentType?: string;
	headers: Record<string, string>;
	size: number;
	/** SHA-256 (hex) of the part's bytes. */
	sha256: string;
	/** Text fields only; '[redacted]' for a password field. */
	value?: string;
}

export interface SapRecordedRequest extends RecordedRequest {
	/** Bytes of the request body as received. */
	rawBodyLength: number;
	/** Whether the client sent `Connection: close` (as SAP advises). */
	connectionClose: boolean;
	/** The parsed parts of a multipart/form-data body. */
	parts?: RecordedPart[];
	/** Why a multipart/form-data body could not be parsed. */
	multipartError?: string;
}

export interface SapEmulatorOptions {
	/** Serve HTTPS with test/emulators/certs (self-signed). Default true. */
	https?: boolean;
	/** Default 'Administrator'. */
	username?: string;
	/** Default SEED.credentials.password. */
	password?: string;
	/** Default SEED.version ('2.17.1'). */
	version?: string;
	/** Default 'master'. */
	ha?: HaRole;
	/**
	 * How long a restore's restart refuses connections. Default 1500 ms. 0: a restart too
	 * quick for any look to see (the connector never stops answering).
	 */
	restartWindowMs?: number;
	/**
	 * Serve /api/monitoring/memory and /api/monitoring/disk (later 2.x versions). false: an
	 * older connector that answers both 404, as for any unknown path. Default true.
	 */
	memoryAndDiskMonitoring?: boolean;
	/** Answer 411 to a restore without a Content-Length header (a chunked upload). Default false. */
	requireContentLength?: boolean;
	/** A `backup` part without a filename counts as no file (400). Default true. */
	requireFileName?: boolean;
	/** Closes itself after this long (default 15 minutes). */
	maxLifetimeMs?: number;
}

export interface SapCloudConnectorEmulator {
	/** e.g. https://127.0.0.1:PORT (http:// with https: false). */
	readonly url: string;
	readonly port: number;
	/** Every request received, in order, including failed-auth and faulted ones. */
	requests: SapRecordedRequest[];
	/** Live, mutable state. The same object for the emulator's whole life (reset() refills it). */
	state: SapState;
	/** http-kit's switches: failNext, dropNext, truncateNext, slowNext, htmlLogin (on /api/ paths). */
	faults: FaultControls;
	readonly username: string;
	readonly password: string;
	/** How long the restart after a successful restore refuses connections (ms); 0: not seen. */
	restartWindowMs: number;
	/** A restore that passed every check answers 500 RUNTIME_FAILURE (nothing changes, no restart). */
	restoreFails: boolean;
	/** Backup and restore answer 409 ILLEGAL_STATE (the UI holds a lock). */
	uiLock: boolean;
	/** Every /api/ call answers 403 FORBIDDEN_REQUEST (the initial password was never changed). */
	passwordChangeRequired: boolean;
	/** Serves /api/monitoring/memory and /disk; false: an older connector (404 there). */
	memoryAndDiskMonitoring: boolean;
	/** Shorthand for state.connector.ha === 'shadow'. */
	shadow: boolean;
	/** True from a restart's start until it listens again. */
	readonly restarting: boolean;
	/**
	 * Restart now: cut connections, refuse new ones for `windowMs` (default
	 * restartWindowMs), then listen on the same port. Settles when it is up.
	 */
	restart(windowMs?: number): Promise<void>;
	/** Settles once no restart is in progress (at once when none is). */
	whenUp(): Promise<void>;
	/**
	 * Installs connector version `version` as an upgrade does: the configuration stays, the
	 * version endpoint answers the new one. With `windowMs`, it also restarts (see restart()).
	 */
	upgrade(version: string, windowMs?: number): Promise<void>;
	/** The bytes of the `backup` part of a recorded restore request. */
	uploadOf(request: RecordedRequest): Buffer | undefined;
	/** Back to the seeded state; clears requests, faults, switches and counters. */
	reset(): void;
	close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Seed data
// ---------------------------------------------------------------------------

export const SEED = {
	credentials: { username: 'Administrator', password: 'Scc-Admin-7!' },
	version: '2.17.1',
	connector: { ha: 'master', description: 'Cloud Connector, data center Walldorf' },
	settings: {
		auditLogLevel: 'SECURITY',
		uiSessionTimeoutMinutes: 30,
		proxy: {
			host: 'proxy.corp.example',
			port: 3128,
			user: 'scc-proxy',
			password: 'seed-proxy-secret',
		},
	},
	subaccounts: [
		{
			regionHost: 'cf.eu10.hana.ondemand.com',
			subaccount: 'a3d1f0c2-5b7e-4c1a-9f3e-2d8b6c4e1a01',
			displayName: 'Production EU',
			description: 'ERP back ends for production',
			locationID: '',
			tunnel: {
				state: 'Connected',
				connectedSinceTimeStamp: 1742359485328,
				user: 'scc.operator@example.com',
			},
			cloudUser: 'scc.operator@example.com',
			cloudPassword: 'seed-cloud-secret-1',
		},
		{
			regionHost: 'cf.us10.hana.ondemand.com',
			subaccount: '7f2c9e14-3b6a-4d8e-a1c5-9e0b2f7d4c62',
			displayName: 'Quality US',
			description: 'QA systems',
			locationID: 'QA',
			tunnel: {
				state: 'Connected',
				connectedSinceTimeStamp: 1742445885123,
				user: 'scc.operator@example.com',
			},
			cloudUser: 'scc.operator@example.com',
			cloudPassword: 'seed-cloud-secret-2',
		},
		{
			regionHost: 'cf.eu12.hana.ondemand.com',
			subaccount: '0bcb0012-a982-42f9-bda4-0a5cb15f88c8',
			displayName: 'Sandbox',
			description: '',
			locationID: 'SANDBOX',
			tunnel: {
				state: 'Disconnected',
				connectedSinceTimeStamp: 0,
				user: 'sandbox.user@example.com',
			},
			cloudUser: 'sandbox.user@example.com',
			cloudPassword: 'seed-cloud-secret-3',
		},
	],
	monitoring: {
		memory: {
			physicalKB: {
				total: 16_777_216,
				CloudConnector: 1_310_720,
				others: 7_340_032,
				free: 8_126_464,
			},
			virtualKB: {
				total: 33_554_432,
				CloudConnector: 3_145_728,
				others: 9_437_184,
				free: 20_971_520,
			},
			cloudConnectorHeapKB: { total: 1_048_576, used: 412_160, free: 636_416 },
		},
		disk: { totalKB: 104_857_600, usedKB: 23_068_672, freeKB: 81_788_928, traceAndLogKB: 524_288 },
	},
} as const satisfies {
	credentials: { username: string; password: string };
	version: string;
	connector: ConnectorConfig;
	settings: ConnectorSettings;
	subaccounts: readonly Subaccount[];
	monitoring: MonitoringData;
};

/** The text every ping answers. */
export const PING_ANSWER = 'pong';
export const DEFAULT_RESTART_WINDOW_MS = 1500;
const JSON_TYPE = 'application/json';
const BACKUP_FORMAT = 'sap-scc-configuration-backup';
const BACKUP_FORMAT_VERSION = 1;
const ENCRYPTED_PREFIX = '{aes-256-gcm}';
/** Keys whose string values are secrets: encrypted in backups, never returned. */
const SENSITIVE_KEYS = new Set(['cloudPassword', 'password']);
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 };
/** Encrypted in every backup: proves the password before anything else is decrypted. */
const PASSWORD_CHECK = 'sap-scc-backup-password-check';

function cloneJson<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function seedState(version: string, ha: HaRole): SapState {
	return {
		version,
		connector: { ...SEED.connector, ha },
		settings: cloneJson(SEED.settings) as ConnectorSettings,
		subaccounts: cloneJson<readonly Subaccount[]>(SEED.subaccounts).slice(),
		monitoring: cloneJson(SEED.monitoring) as MonitoringData,
		backupsMade: 0,
		restores: 0,
	};
}

// ---------------------------------------------------------------------------
// Helpers for tests
// ---------------------------------------------------------------------------

/** A deep copy of the emulator's configuration (what backups hold), for toEqual. */
export function configurationOf(emulator: { state: SapState }): SapConfiguration {
	const { connector, settings, subaccounts } = emulator.state;
	return cloneJson({ connector, settings, subaccounts });
}

/**
 * Change the configuration the way an operator would after a backup: the
 * connector description, a renamed subaccount with a rotated password, a
 * removed subaccount, an added one, a new proxy password and audit level.
 * Returns the new configuration (a copy).
 */
export function changeConfiguration(emulator: { state: SapState }): SapConfiguration {
	const { state } = emulator;
	state.connector.description = `${state.connector.description} (changed)`;
	state.settings.auditLogLevel = state.settings.auditLogLevel === 'ALL' ? 'SECURITY' : 'ALL';
	state.settings.proxy.password = `${state.settings.proxy.password}-rotated`;
	const first = state.subaccounts[0];
	if (first) {
		first.displayName = `${first.displayName} (renamed)`;
		first.cloudPassword = `${first.cloudPassword}-rotated`;
	}
	if (state.subaccounts.length > 1) state.subaccounts.pop();
	state.subaccounts.push({
		regionHost: 'cf.ap10.hana.ondemand.com',
		subaccount: `c0ffee00-${crypto.randomBytes(2).toString('hex')}-4abc-8def-0123456789ab`,
		displayName: 'Added after the backup',
		description: 'must disappear with a restore',
		locationID: 'NEW',
		tunnel: {
			state: 'Connected',
			connectedSinceTimeStamp: Date.now(),
			user: 'new.user@example.com',
		},
		cloudUser: 'new.user@example.com',
		cloudPassword: 'added-cloud-secret',
	});
	return configurationOf(emulator);
}

/** Why a backup file was refused: not a readable backup, or the wrong password. */
export class BackupFileError extends Error {
	readonly reason: 'file' | 'password' | 'version';
	constructor(reason: 'file' | 'password' | 'version', message: string) {
		super(message);
		this.name = 'BackupFileError';
		this.reason = reason;
	}
}

export interface BackupContent {
	connectorVersion: string;
	createdAt: string;
	/** The configuration with every secret decrypted. */
	configuration: SapConfiguration;
}

function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
	return new Promise<Buffer>((resolve, reject) => {
		crypto.scrypt(
			password,
			salt,
			SCRYPT.keyLength,
			{ N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 },
			(error, key) => (error ? reject(error) : resolve(key)),
		);
	});
}

function encryptValue(key: Buffer, plain: string): string {
	const iv = crypto.randomBytes(12);
	const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
	const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return ENCRYPTED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

/** Throws when the key is wrong (GCM authentication fails) or the blob is damaged. */
function decryptValue(key: Buffer, blob: string): string {
	if (!blob.startsWith(ENCRYPTED_PREFIX)) throw new Error('not an encrypted value');
	const raw = Buffer.from(blob.slice(ENCRYPTED_PREFIX.length), 'base64');
	if (raw.length < 28) throw new Error('encrypted value too short');
	const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
	decipher.setAuthTag(raw.subarray(12, 28));
	return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** Copy of `value` with every string under a sensitive key passed through `transform`. */
function mapSecrets(value: unknown, transform: (secret: string) => string): unknown {
	if (Array.isArray(value)) return value.map((item) => mapSecrets(item, transform));
	if (typeof value !== 'object' || value === null) return value;
	const out: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value)) {
		out[key] =
			SENSITIVE_KEYS.has(key) && typeof child === 'string'
				? transform(child)
				: mapSecrets(child, transform);
	}
	return out;
}

function timestamp(date: Date): string {
	const pad = (n: number): string => String(n).padStart(2, '0');
	return (
		`${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
		`${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
	);
}

/** Build a backup ZIP of `configuration` (what POST /api/v1/configuration/backup answers). */
export async function createBackup(
	configuration: SapConfiguration,
	password: string,
	version = SEED.version as string,
	createdAt = new Date(),
): Promise<Buffer> {
	const salt = crypto.randomBytes(16);
	const key = await deriveKey(password, salt);
	const document = {
		format: BACKUP_FORMAT,
		formatVersion: BACKUP_FORMAT_VERSION,
		connectorVersion: version,
		createdAt: createdAt.toISOString(),
		encryption: {
			algorithm: 'aes-256-gcm',
			kdf: 'scrypt',
			N: SCRYPT.N,
			r: SCRYPT.r,
			p: SCRYPT.p,
			salt: salt.toString('base64'),
			check: encryptValue(key, PASSWORD_CHECK),
		},
		configuration: mapSecrets(configuration, (secret) => encryptValue(key, secret)),
	};
	const manifest =
		'Manifest-Version: 1.0\r\n' +
		`Created-By: SAP Cloud Connector ${version}\r\n` +
		`Backup-Format: ${BACKUP_FORMAT}/${BACKUP_FORMAT_VERSION}\r\n` +
		`Created-At: ${createdAt.toISOString()}\r\n\r\n`;
	return createZip([
		{ name: 'META-INF/MANIFEST.MF', data: manifest, modified: createdAt },
		{ name: 'version.txt', data: `${version}\n`, modified: createdAt },
		{ name: 'config.json', data: JSON.stringify(document, null, 2), modified: createdAt },
	]);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkConfiguration(value: unknown): SapConfiguration {
	const bad = (what: string): BackupFileError =>
		new BackupFileError('file', `The backup's configuration is not valid (${what})`);
	if (!isObject(value)) throw bad('configuration');
	const { connector, settings, subaccounts } = value;
	if (!isObject(connector) || (connector.ha !== 'master' && connector.ha !== 'shadow'))
		throw bad('connector');
	if (typeof connector.description !== 'string') throw bad('connector.description');
	if (!isObject(settings) || !isObject(settings.proxy)) throw bad('settings');
	if (!Array.isArray(subaccounts)) throw bad('subaccounts');
	for (const sub of subaccounts) {
		if (
			!isObject(sub) ||
			typeof sub.regionHost !== 'string' ||
			typeof sub.subaccount !== 'string' ||
			!isObject(sub.tunnel)
		)
			throw bad('subaccount');
	}
	return value as unknown as SapConfiguration;
}

/**
 * Read a backup ZIP and decrypt its secrets with `password`. Throws a
 * BackupFileError ('file': not a readable backup, 'password': wrong password).
 */
export async function readBackup(zip: Buffer, password: string): Promise<BackupContent> {
	let document: unknown;
	try {
		const entries = zipEntries(zip);
		const config = entries['config.json'];
		if (!config) throw new BackupFileError('file', 'The backup has no config.json');
		document = JSON.parse(config.toString('utf8'));
	} catch (error) {
		if (error instanceof BackupFileError) throw error;
		const why = error instanceof ZipError ? error.message : 'config.json is not JSON';
		throw new BackupFileError('file', `The file is not a valid backup: ${why}`);
	}
	if (
		!isObject(document) ||
		document.format !== BACKUP_FORMAT ||
		document.formatVersion !== BACKUP_FORMAT_VERSION ||
		!isObject(document.encryption) ||
		typeof document.encryption.salt !== 'string' ||
		typeof document.encryption.check !== 'string' ||
		typeof document.connectorVersion !== 'string'
	)
		throw new BackupFileError('file', 'The file is not a Cloud Connector configuration backup');
	const key = await deriveKey(password, Buffer.from(document.encryption.salt, 'base64'));
	try {
		if (decryptValue(key, document.encryption.check) !== PASSWORD_CHECK) throw new Error('check');
	} catch {
		throw new BackupFileError('password', 'The password is not correct for this backup');
	}
	let configuration: unknown;
	try {
		configuration = mapSecrets(document.configuration, (blob) => decryptValue(key, blob));
	} catch {
		throw new BackupFileError('file', 'The backup holds a damaged encrypted value');
	}
	return {
		connectorVersion: document.connectorVersion,
		createdAt: String(document.createdAt),
		configuration: checkConfiguration(configuration),
	};
}

/** -1, 0, 1 comparing dotted versions numerically (2.9.0 < 2.17.1). */
function compareVersions(a: string, b: string): number {
	const x = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
	const y = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
	for (let i = 0; i < Math.max(x.length, y.length); i++) {
		const diff = (x[i] ?? 0) - (y[i] ?? 0);
		if (diff !== 0) return diff < 0 ? -1 : 1;
	}
	return 0;
}

// ---------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------

class SapError extends Error {
	readonly status: number;
	readonly type: SapErrorType;
	constructor(status: number, type: SapErrorType, message: string) {
		super(message);
		this.status = status;
		this.type = type;
	}
}

const UNAUTHORIZED_PAGE =
	'<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head>' +
	'<body><h1>HTTP Status 401 – Unauthorized</h1></body></html>';

function faultType(status: number): SapErrorType {
	if (status === 403) return 'FORBIDDEN';
	if (status === 404) return 'NOT_FOUND';
	if (status === 409 || status === 429 || status === 503) return 'ILLEGAL_STATE';
	if (status >= 500) return 'RUNTIME_FAILURE';
	return 'INVALID_REQUEST';
}

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

export async function startSapCloudConnectorEmulator(
	options: SapEmulatorOptions = {},
): Promise<SapCloudConnectorEmulator> {
	const username = options.username ?? SEED.credentials.username;
	const password = options.password ?? SEED.credentials.password;
	const seedVersion = options.version ?? SEED.version;
	const seedHa: HaRole = options.ha ?? 'master';
	const useHttps = options.https ?? true;
	const requireContentLength = options.requireContentLength ?? false;
	const requireFileName = options.requireFileName ?? true;

	const state: SapState = seedState(seedVersion, seedHa);
	/** Parsed multipart bodies (with the secrets), kept out of the printable records. */
	const multipartBodies = new WeakMap<RecordedRequest, MultipartBody | MultipartError>();
	let restartPromise: Promise<void> | undefined;

	const tls = useHttps ? selfSignedTls() : undefined;

	/** Runs as each request is recorded: size, Connection: close, multipart parts (redacted). */
	const onRecord = (rec: RecordedRequest, raw: Buffer): void => {
		const sap = rec as SapRecordedRequest;
		sap.rawBodyLength = raw.length;
		sap.connectionClose = /(^|,)\s*close\s*(,|$)/i.test(headerValue(rec.headers.connection) ?? '');
		const contentType = headerValue(rec.headers['content-type']) ?? '';
		if (!/^\s*multipart\//i.test(contentType)) return;
		// The raw text would show the password and binary noise: keep a summary instead.
		rec.body = `<${contentType.split(';')[0]?.trim()}: ${raw.length} bytes>`;
		try {
			const parsed = parseMultipart(raw, contentType);
			multipartBodies.set(rec, parsed);
			sap.parts = parsed.parts.map((part) => {
				const recorded: RecordedPart = {
					name: part.name,
					headers: { ...part.headers },
					size: part.data.length,
					sha256: crypto.createHash('sha256').update(part.data).digest('hex'),
				};
				if (part.filename !== undefined) recorded.filename = part.filename;
				if (part.contentType !== undefined) recorded.contentType = part.contentType;
				if (part.filename === undefined) {
					recorded.value = /pass|secret|token/i.test(part.name)
						? '[redacted]'
						: part.data.toString('utf8');
				}
				return recorded;
			});
		} catch (error) {
			const failure = error instanceof MultipartError ? error : new MultipartError(String(error));
			multipartBodies.set(rec, failure);
			sap.multipartError = failure.message;
		}
	};

	const server = await startEmulatorServer({
		...(tls ? { tls } : {}),
		...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
		onRecord,
		handle: (rec) => handle(rec as SapRecordedRequest),
		faultBody: (status) => ({
			contentType: JSON_TYPE,
			body: JSON.stringify({ type: faultType(status), message: `HTTP ${status}` }),
		}),
		htmlLoginApplies: (rec) => rec.path.startsWith('/api/'),
		htmlLoginPage:
			'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>SAP Cloud Connector</title></head>' +
			'<body><form method="post" action="j_security_check"><input name="j_username">' +
			'<input name="j_password" type="password"><button type="submit">Log On</button></form></body></html>\n',
	});

	// --- answers ---------------------------------------------------------------

	/** Headers a real connector sets on API answers (a stateless client ignores the session). */
	const sessionHeaders = (): Record<string, string> => ({
		'Set-Cookie': `JSESSIONID=${crypto.randomBytes(16).toString('hex').toUpperCase()}; Path=/; ${
			useHttps ? 'Secure; ' : ''
		}HttpOnly`,
		'X-CSRF-Token': crypto.randomBytes(12).toString('hex').toUpperCase(),
		'Cache-Control': 'no-store',
	});

	const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
		jsonReply(status, body, JSON_TYPE, { ...sessionHeaders(), ...headers });

	const noContent = (): Reply => ({ status: 204, headers: sessionHeaders() });

	// --- views -----------------------------------------------------------------

	const subaccountPath = (s: Subaccount): string =>
		`/api/v1/configuration/subaccounts/${encodeURIComponent(s.regionHost)}/${encodeURIComponent(s.subaccount)}`;

	const subaccountLinks = (s: Subaccount): Record<string, { href: string }> => {
		const base = `${server.url}${subaccountPath(s)}`;
		return {
			self: { href: base },
			state: { href: `${base}/state` },
			validity: { href: `${base}/validity` },
			systemMappings: { href: `${base}/systemMappings` },
			domainMappings: { href: `${base}/domainMappings` },
			'HANA-channels': { href: `${base}/channels/hana` },
			'VirtualMachine-channels': { href: `${base}/channels/vm` },
			'K8S-channels': { href: `${base}/channels/k8s` },
			'ABAPCloud-channels': { href: `${base}/channels/abapCloud` },
		};
	};

	const subaccountListView = (s: Subaccount): Record<string, unknown> => ({
		_links: subaccountLinks(s),
		regionHost: s.regionHost,
		subaccount: s.subaccount,
		locationID: s.locationID,
	});

	const subaccountView = (s: Subaccount): Record<string, unknown> => {
		const connected = s.tunnel.state === 'Connected';
		const since = s.tunnel.connectedSinceTimeStamp || 1_735_689_600_000;
		return {
			description: s.description,
			displayName: s.displayName,
			tunnel: {
				state: s.tunnel.state,
				connectedSinceTimeStamp: connected ? s.tunnel.connectedSinceTimeStamp : 0,
				connections: connected ? 2 : 0,
				applicationConnections: [],
				serviceChannels: [],
				subaccountCertificate: {
					notAfterTimeStamp: since + 365 * 24 * 3600 * 1000,
					notBeforeTimeStamp: since,
					subjectDN: `CN=${s.subaccount},L=${s.regionHost},OU=SAP Cloud Platform Clients,O=SAP SE,C=DE`,
					issuer:
						'CN=SAP Cloud Platform Client CA,OU=SAP Cloud Platform Clients,O=SAP SE,L=Walldorf,C=DE',
					serialNumber: crypto.createHash('sha1').update(s.subaccount).digest('hex').slice(0, 32),
				},
				user: s.tunnel.user,
			},
			_links: subaccountLinks(s),
			regionHost: s.regionHost,
			subaccount: s.subaccount,
			locationID: s.locationID,
		};
	};

	const findSubaccount = (regionHost: string, subaccount: string): Subaccount => {
		const found = state.subaccounts.find(
			(s) =>
				s.regionHost.toLowerCase() === regionHost.toLowerCase() &&
				s.subaccount.toLowerCase() === subaccount.toLowerCase(),
		);
		if (!found)
			throw new SapError(
				404,
				'NOT_FOUND',
				`Subaccount with value '${subaccount}@${regionHost}' does not exist`,
			);
		return found;
	};

	// --- routing ---------------------------------------------------------------

	const allowMethods = (rec: RecordedRequest, ...methods: string[]): void => {
		if (!methods.includes(rec.method))
			throw new SapError(405, 'INVALID_REQUEST', `Method ${rec.method} is not supported here`);
	};

	const handle = async (rec: SapRecordedRequest): Promise<Reply> => {
		if (rec.path === '/exposed') return ping(rec);
		const credentials = parseBasicAuth(rec.headers.authorization);
		if (!credentials || credentials.user !== username || credentials.password !== password) {
			return {
				status: 401,
				headers: {
					'Content-Type': 'text/html;charset=utf-8',
					'WWW-Authenticate': 'Basic realm="SAP Cloud Connector"',
				},
				body: UNAUTHORIZED_PAGE,
			};
		}
		try {
			if (emulator.passwordChangeRequired && rec.path.startsWith('/api/'))
				throw new SapError(
					403,
					'FORBIDDEN_REQUEST',
					'The initial password has to be changed before the API can be used',
				);
			return await route(rec);
		} catch (error) {
			if (error instanceof SapError)
				return json(error.status, { type: error.type, message: error.message });
			throw error;
		}
	};

	const route = async (rec: SapRecordedRequest): Promise<Reply> => {
		const trimmed =
			rec.path.length > 1 && rec.path.endsWith('/') ? rec.path.slice(0, -1) : rec.path;
		const segs = trimmed.split('/').slice(1).map(safeDecode);
		const is = (...pattern: string[]): boolean =>
			segs.length === pattern.length && pattern.every((p, i) => p === '*' || p === segs[i]);

		if (is('api', 'v1', 'connector', 'version')) {
			allowMethods(rec, 'GET');
			return json(200, { version: state.version }, { 'Cache-Control': 'max-age=3600' });
		}
		if (is('api', 'v1', 'configuration', 'connector')) {
			allowMethods(rec, 'GET', 'PUT');
			if (rec.method === 'GET')
				return json(200, { ha: state.connector.ha, description: state.connector.description });
			return updateConnector(rec);
		}
		if (is('api', 'v1', 'configuration', 'connector', 'haRole')) {
			allowMethods(rec, 'GET');
			return json(200, state.connector.ha);
		}
		if (is('api', 'v1', 'configuration', 'subaccounts')) {
			allowMethods(rec, 'GET', 'POST');
			if (rec.method === 'POST') return addSubaccount(rec);
			return json(200, state.subaccounts.map(subaccountListView));
		}
		if (is('api', 'v1', 'configuration', 'subaccounts', '*', '*')) {
			allowMethods(rec, 'GET', 'PUT', 'DELETE');
			const found = findSubaccount(segs[4] ?? '', segs[5] ?? '');
			if (rec.method === 'PUT') return editSubaccount(rec, found);
			if (rec.method === 'DELETE') {
				checkUnlocked();
				state.subaccounts = state.subaccounts.filter((s) => s !== found);
				return noContent();
			}
			return json(200, subaccountView(found));
		}
		if (is('api', 'v1', 'configuration', 'backup')) {
			allowMethods(rec, 'POST', 'PUT');
			return rec.method === 'POST' ? createBackupReply(rec) : restore(rec);
		}
		if (is('api', 'monitoring', 'memory') && emulator.memoryAndDiskMonitoring) {
			allowMethods(rec, 'GET');
			return json(200, state.monitoring.memory);
		}
		if (is('api', 'monitoring', 'disk') && emulator.memoryAndDiskMonitoring) {
			allowMethods(rec, 'GET');
			return json(200, state.monitoring.disk);
		}
		if (is('api', 'monitoring', 'subaccounts')) {
			allowMethods(rec, 'GET');
			return json(200, {
				version: 1,
				subaccounts: state.subaccounts.map((s) => {
					const view = subaccountView(s);
					delete view._links;
					return view;
				}),
			});
		}
		throw new SapError(404, 'NOT_FOUND', `No resource found for ${rec.method} ${rec.path}`);
	};

	// --- endpoints ---------------------------------------------------------------

	const ping = (rec: RecordedRequest): Reply => {
		const text = (status: number, body: string): Reply => ({
			status,
			headers: { 'Content-Type': 'text/plain;charset=utf-8', 'Cache-Control': 'no-store' },
			body,
		});
		if (rec.method !== 'GET' && rec.method !== 'HEAD') return text(405, 'Method Not Allowed');
		if (rec.query.action !== 'ping') return text(400, 'Unknown action');
		return text(200, PING_ANSWER);
	};

	/** Configuration changes answer 409 while someone holds the lock in the UI. */
	const checkUnlocked = (): void => {
		if (emulator.uiLock)
			throw new SapError(
				409,
				'ILLEGAL_STATE',
				'The configuration is locked by another user session in the UI',
			);
	};

	/** The optional text fields of a subaccount a POST or PUT may set. */
	const subaccountTexts = (body: Record<string, unknown>): Partial<Subaccount> => {
		const texts: Partial<Subaccount> = {};
		for (const key of ['displayName', 'description', 'locationID'] as const) {
			const value = body[key];
			if (value === undefined) continue;
			if (typeof value !== 'string')
				throw new SapError(400, 'INVALID_REQUEST', `Invalid value for '${key}'`);
			texts[key] = value;
		}
		return texts;
	};

	const addSubaccount = (rec: RecordedRequest): Reply => {
		checkUnlocked();
		const body = rec.body;
		if (!isObject(body)) throw new SapError(400, 'INVALID_REQUEST', 'A JSON object is expected');
		for (const key of ['regionHost', 'subaccount', 'cloudUser', 'cloudPassword'])
			if (typeof body[key] !== 'string' || body[key] === '')
				throw new SapError(400, 'INVALID_REQUEST', `Missing value for '${key}'`);
		const regionHost = String(body.regionHost);
		const id = String(body.subaccount);
		if (
			state.subaccounts.some(
				(s) =>
					s.regionHost.toLowerCase() === regionHost.toLowerCase() &&
					s.subaccount.toLowerCase() === id.toLowerCase(),
			)
		)
			throw new SapError(
				400,
				'INVALID_REQUEST',
				`Subaccount with value '${id}@${regionHost}' already exists`,
			);
		const added: Subaccount = {
			regionHost,
			subaccount: id,
			displayName: '',
			description: '',
			locationID: '',
			...subaccountTexts(body),
			tunnel: {
				state: 'Connected',
				connectedSinceTimeStamp: Date.now(),
				user: String(body.cloudUser),
			},
			cloudUser: String(body.cloudUser),
			cloudPassword: String(body.cloudPassword),
		};
		state.subaccounts.push(added);
		return json(201, subaccountView(added), { Location: `${server.url}${subaccountPath(added)}` });
	};

	const editSubaccount = (rec: RecordedRequest, found: Subaccount): Reply => {
		checkUnlocked();
		const body = rec.body;
		if (!isObject(body)) throw new SapError(400, 'INVALID_REQUEST', 'A JSON object is expected');
		Object.assign(found, subaccountTexts(body));
		return json(200, subaccountView(found));
	};

	const updateConnector = (rec: RecordedRequest): Reply => {
		checkUnlocked();
		const body = rec.body;
		if (!isObject(body)) throw new SapError(400, 'INVALID_REQUEST', 'A JSON object is expected');
		const { ha, description } = body;
		if (ha !== undefined && ha !== 'master' && ha !== 'shadow')
			throw new SapError(400, 'INVALID_REQUEST', `Invalid value '${String(ha)}' for 'ha'`);
		if (description !== undefined && typeof description !== 'string')
			throw new SapError(400, 'INVALID_REQUEST', "Invalid value for 'description'");
		if (ha !== undefined) state.connector.ha = ha;
		if (description !== undefined) state.connector.description = description;
		return noContent();
	};

	/** The checks backup and restore share: shadow instance, UI lock. */
	const checkBackupAllowed = (what: 'backup' | 'restore'): void => {
		if (state.connector.ha === 'shadow')
			throw new SapError(
				403,
				'FORBIDDEN',
				`A configuration ${what} is not possible on a shadow instance`,
			);
		if (emulator.uiLock)
			throw new SapError(
				409,
				'ILLEGAL_STATE',
				'The configuration is locked by another user session in the UI',
			);
	};

	const createBackupReply = async (rec: RecordedRequest): Promise<Reply> => {
		checkBackupAllowed('backup');
		const body = rec.body;
		if (!isObject(body))
			throw new SapError(400, 'INVALID_REQUEST', 'The request body must be a JSON object');
		if (typeof body.password !== 'string' || body.password === '')
			throw new SapError(400, 'INVALID_REQUEST', 'A password is required to create a backup');
		const createdAt = new Date();
		const zip = await createBackup(
			configurationOf({ state }),
			body.password,
			state.version,
			createdAt,
		);
		const fileName = `scc_backup_${timestamp(createdAt)}.zip`;
		state.backupsMade++;
		state.lastBackup = { at: createdAt.toISOString(), fileName, bytes: zip.length };
		return {
			status: 200,
			headers: {
				...sessionHeaders(),
				'Content-Type': 'application/zip',
				'Content-Disposition': `attachment; filename="${fileName}"`,
			},
			body: zip,
			chunkSize: 16 * 1024,
		};
	};

	const restore = async (rec: SapRecordedRequest): Promise<Reply> => {
		const lengthHeader = headerValue(rec.headers['content-length']);
		const contentLength =
			lengthHeader !== undefined && /^\d+$/.test(lengthHeader.trim())
				? Number(lengthHeader)
				: undefined;
		const record: RestoreRecord = {
			at: new Date().toISOString(),
			status: 0,
			bytesReceived: rec.rawBodyLength,
			contentLengthMatched: contentLength !== undefined && contentLength === rec.rawBodyLength,
			chunked: /chunked/i.test(headerValue(rec.headers['transfer-encoding']) ?? ''),
			connectionClose: rec.connectionClose,
		};
		if (contentLength !== undefined) record.contentLength = contentLength;
		state.lastRestore = record;
		try {
			checkBackupAllowed('restore');
			if (requireContentLength && contentLength === undefined)
				throw new SapError(411, 'INVALID_REQUEST', 'A Content-Length header is required');
			const parsed = multipartBodies.get(rec);
			if (parsed === undefined)
				throw new SapError(
					400,
					'INVALID_REQUEST',
					'The request must be multipart/form-data with the fields backup and password',
				);
			if (parsed instanceof MultipartError)
				throw new SapError(
					400,
					'INVALID_REQUEST',
					`Malformed multipart request: ${parsed.message}`,
				);
			const file = parsed.parts.find((p) => p.name === 'backup');
			const secret = parsed.parts.find((p) => p.name === 'password');
			if (file) {
				if (file.filename !== undefined) record.fileName = file.filename;
				record.fileBytes = file.data.length;
			}
			if (!file || file.data.length === 0 || (requireFileName && file.filename === undefined))
				throw new SapError(400, 'INVALID_REQUEST', 'No backup file was provided');
			const backupPassword = secret?.data.toString('utf8') ?? '';
			if (backupPassword === '')
				throw new SapError(400, 'INVALID_REQUEST', 'No password was provided');
			let content: BackupContent;
			try {
				content = await readBackup(file.data, backupPassword);
			} catch (error) {
				if (!(error instanceof BackupFileError)) throw error;
				throw new SapError(
					400,
					'INVALID_REQUEST',
					error.reason === 'password'
						? 'Incorrect password for the backup file'
						: `Invalid backup file: ${error.message}`,
				);
			}
			if (compareVersions(content.connectorVersion, state.version) > 0)
				throw new SapError(
					400,
					'INVALID_REQUEST',
					`Invalid backup file: it was created by version ${content.connectorVersion}, newer than ${state.version}`,
				);
			if (emulator.restoreFails)
				throw new SapError(500, 'RUNTIME_FAILURE', 'Restoring the configuration failed');

			const restored = cloneJson(content.configuration);
			state.connector = restored.connector;
			state.settings = restored.settings;
			state.subaccounts = restored.subaccounts;
			state.restores++;
			record.status = 204;
			const windowMs = Math.max(0, emulator.restartWindowMs);
			return {
				...noContent(),
				// The restart begins once the 204 has left; nobody awaits it, so it holds no process.
				afterSend: () => {
					record.restart = { windowMs, startedAt: Date.now() };
					if (windowMs === 0) {
						// a restart quicker than any look: from outside it never went down
						record.restart.endedAt = record.restart.startedAt;
						return;
					}
					void beginRestart(windowMs, false).then(() => {
						if (record.restart) record.restart.endedAt = Date.now();
					});
				},
			};
		} catch (error) {
			if (error instanceof SapError) {
				record.status = error.status;
				record.type = error.type;
			}
			throw error;
		}
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

	// --- public object -----------------------------------------------------------

	const emulator: SapCloudConnectorEmulator = {
		get url() {
			return server.url;
		},
		get port() {
			return server.port;
		},
		requests: server.requests as SapRecordedRequest[],
		state,
		faults: server.faults,
		username,
		password,
		restartWindowMs: options.restartWindowMs ?? DEFAULT_RESTART_WINDOW_MS,
		restoreFails: false,
		uiLock: false,
		passwordChangeRequired: false,
		memoryAndDiskMonitoring: options.memoryAndDiskMonitoring ?? true,
		get shadow() {
			return state.connector.ha === 'shadow';
		},
		set shadow(value: boolean) {
			state.connector.ha = value ? 'shadow' : 'master';
		},
		get restarting() {
			return restartPromise !== undefined;
		},
		restart: (windowMs) => beginRestart(windowMs ?? emulator.restartWindowMs, true),
		async whenUp() {
			while (restartPromise) await restartPromise;
		},
		async upgrade(version, windowMs) {
			state.version = version;
			if (windowMs !== undefined) await beginRestart(windowMs, true);
		},
		uploadOf(request) {
			const parsed = multipartBodies.get(request);
			if (!parsed || parsed instanceof MultipartError) return undefined;
			const file = parsed.parts.find((p) => p.name === 'backup');
			return file ? Buffer.from(file.data) : undefined;
		},
		reset() {
			// Refill the same object so references held by tests stay live.
			for (const key of Object.keys(state))
				delete (state as unknown as Record<string, unknown>)[key];
			Object.assign(state, seedState(seedVersion, seedHa));
			server.requests.length = 0;
			server.faults.clear();
			emulator.restartWindowMs = options.restartWindowMs ?? DEFAULT_RESTART_WINDOW_MS;
			emulator.restoreFails = false;
			emulator.uiLock = false;
			emulator.passwordChangeRequired = false;
			emulator.memoryAndDiskMonitoring = options.memoryAndDiskMonitoring ?? true;
		},
		close: () => server.close(),
	};
	return emulator;
}
