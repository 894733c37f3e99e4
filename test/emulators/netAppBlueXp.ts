/**
 * A loopback emulator of NetApp BlueXP backup and recovery (`cloudmanager_cbs`)
 * together with the BlueXP token endpoint, on one server.
 *
 * Behaviour follows shared/api-reference/netapp-bluexp-cloud-backup.txt and the
 * BlueXP section of shared/API-FACTS.md. Where those are silent (most answer
 * shapes beyond the job, the volume list and the 202), the choices are marked
 * "(inferred)" and kept simple and consistent.
 *
 *   POST /auth/oauth/token    JSON (or form) body; grant_type refresh_token {refresh_token, client_id, audience}
 *                             or client_credentials {client_id, client_secret, audience}
 *                             -> 200 {access_token, token_type: 'Bearer', expires_in?, scope}
 *                             Auth0 errors: 403 {error: 'invalid_grant'} (bad refresh token),
 *                             401 {error: 'access_denied'} (bad client id/secret),
 *                             403 {error: 'access_denied'} (no/unknown audience), 400 {error: 'unsupported_grant_type' | 'invalid_request'}
 *
 * Everything else lives under BASE = /account/{accountId}/providers/cloudmanager_cbs/api/ and needs
 * `Authorization: Bearer <issued, unexpired token>` (401) and `x-agent-id: <connector id>` (403).
 * A wrong account id answers 403. Errors are `{message}` (API-FACTS: the shape is not documented).
 *
 *   GET    v1/backup/working-environment                          {working-environment: [WE + backup state]}
 *   GET    v1/backup/working-environment/{we}                     {id, name, backup-enablement-status: ON|OFF, provider, region, bucket, ...}
 *   POST   v1|v3/backup/working-environment/{we}                  activate -> 202 {job-id} (ON once the job COMPLETES)
 *   PUT    v1/backup/working-environment/{we}                     {auto-backup-enabled?, policy-name?} -> 200 backup state
 *   DELETE v1/backup/working-environment/{we}                     unregister -> 202 {job-id} (OFF once COMPLETED)
 *   GET    v1/backup/working-environment/{we}/status              {id, name, bucket, provider, region, working-environment-id, backup-enablement-status,
 *                                                                  status, volumes-protected, volumes-total} (API-FACTS: name, id, bucket, provider,
 *                                                                  region, backup-enablement-status; the rest inferred)
 *   GET    v1/backup/working-environment/{we}/volume              {volume: [{name, file-system-id, snapshot-count, backup-status, policy-name, svm-name,
 *                                                                  last-backup-creation-time, ...}]} (inferred from public clients of this API: the newest
 *                                                                  backup's creation time, a number: epoch ms here, null without a backup)
 *   POST   v1/backup/working-environment/{we}/volume              {volume: [{file-system-id|volume-id|name, policy-name?}]} -> 202 {job-id}
 *   PUT    v1/backup/working-environment/{we}/volume              {volume: [{file-system-id, policy-name}]} -> 200 {volume: [...]}
 *   GET    v1/backup/working-environment/{we}/volume/{vol}        one volume
 *   POST   v1/backup/working-environment/{we}/volume/{vol}        ad-hoc backup -> 202 {job-id}
 *   POST   v3/backup/working-environment/{we}/volume/{vol}        {mode: 'AD_HOC', adhoc-backup-details{name, snapmirrorLabel}} -> 202 {job-id}
 *   PUT    v1/backup/working-environment/{we}/volume/{vol}        {policy-name?, backup-status?} -> 200 volume
 *   DELETE v1/backup/working-environment/{we}/volume/{vol}        404 like any undocumented path (no NetApp reference or client uses it)
 *   GET    v1/backup/working-environment/{we}/volume/{vol}/snapshot          {snapshot: [backup]}
 *   DELETE v1/backup/working-environment/{we}/volume/{vol}/snapshot          delete all its backups -> 202 {job-id}, gone once COMPLETED
 *                                                                            (NetApp's Terraform provider, deleteSnapshotCopiesVolume)
 *   GET    v1/backup/working-environment/{we}/volume/{vol}/snapshot/{snap}   one backup (by id or name)
 *   DELETE v1/backup/working-environment/{we}/volume/{vol}/snapshot/{snap}   -> 202 {job-id}, gone once COMPLETED
 *                                                                            (its job ends FAILED when the backup's id or name is in
 *                                                                            `switches.failBackupDeletes`)
 *   POST   v3/restore                                             {restore: {type, source{...}, target{...}, file[]}} -> 202 {job-id}
 *                                                                 400 {message} naming the first missing required field: source
 *                                                                 working-environment-id, working-environment-name, bucket, volume-name,
 *                                                                 volume-id, snapshot; target working-environment-id, working-environment-name
 *   GET    v1/restore/status                                      {restore: [{job-id, type, status, source, target, time}]}
 *   GET    v1/job[?type=&status=&working-environment-id=]       {job: [...]}   (does not advance jobs)
 *   GET    v1/job/{jobId}                                         {job: [{id, type, status, error, time, working-environment-id, data}]}
 *   POST   v2/sfr/volume/{vol}/file-explore/start                 -> 202 {job-id}
 *   GET    v2/sfr/volume/{vol}/file-explore/status                {volume-id, status: NOT_STARTED|IN_PROGRESS|READY|FAILED, job-id}
 *   GET    v2/sfr/volume/{vol}/snapshot/{snap}/file-explore/list?path=&page=&limit=
 *                                                                 {file: [{name, path, type, size, last-modified}], path, page, limit, total-count, total-pages}
 *                                                                 page is 1-based, limit default 20 (max 1000) (inferred)
 *   POST   v1/catalog/working-environments/{we}/setup             -> 202 {job-id} (indexed once COMPLETED)
 *   POST   v1/catalog/search                                      {type, workingEnvironmentId[], fileExtension[], size{from,to}, creationDate{from,to}, name?}
 *                                                                 -> {result: [...], total-count}
 *   GET    v1/working-environment                                 {working-environment: [...]}
 *   GET    v1/working-environment/{we}                            one
 *   GET    v1/working-environment/{we}/svm                        {svm: [{name, working-environment-id}]}
 *   GET    v1/working-environment/{we}/volume                     {volume: [...]}
 *   GET    v1/working-environment/{we}/backup-policy              {backup-policy: [{name, rule[], archive-after-days}]}
 *   POST   v1/working-environment/{we}/backup-policy              {name, rule[], archive-after-days?} -> 200 policy (409 if it exists)
 *   PUT    v1/working-environment/{we}/backup-policy/{name}       {rule[] (required), archive-after-days?} -> 200 policy; 400 without rule[]
 *                                                                 or with a retention / archive-after-days that is not a string
 *   GET    v1/cloud/{aws|azure|gcp}/region                        {region: [{code, name}]}
 *   GET    v1/cloud/azure/subscription                            {subscription: [{id, name}]}
 *   GET    v1/cloud/azure/resource-group                          {resource-group: [{name, location}]}
 *   GET    v1/cloud/gcp/project                                   {project: [{id, name}]}
 *   GET    v1/license/working-environment/{we}                    {license: {...}}
 *   POST   v1/ransomware/working-environment/{we}/volume/{vol}/snapshot/{snap}  -> 202 {job-id}
 *   GET    v1/sg                                                  {sg: [...]}
 *   POST   v1/sg                                                  {name, hostname, port?, access-key, secret-password} -> 200 record
 *
 * Jobs advance when read by id (GET v1/job/{id}; the SFR status GET also moves
 * its explore job): they are PENDING when created, answer `jobPolls` reads as
 * not finished (first PENDING, then IN_PROGRESS) and the next read is terminal.
 * What a new job ends as is `switches.jobOutcome` at creation time.
 *
 * A job's results are where NetApp documents them (job reference, Terraform provider):
 * backups in `data["multi-volume-backup"].volume[]` ({id, status: SUCCESS|FAILED, error}),
 * restores in `data.restore` ({type, source, target, batch[{id, status, error, time, file[]}]}).
 * COMPLETED_WITH_FAILED_VOLUME / COMPLETED_WITH_FAILED_BATCH end a job COMPLETED with its first
 * volume (a restore: its batch) FAILED; FAILED fails the job and each of its volumes or batches.
 */
import * as crypto from 'node:crypto';

import {
	type FaultControls,
	type RecordedRequest,
	type Reply,
	jsonReply,
	selfSignedTls,
	startEmulatorServer,
} from './http-kit';

export type { RecordedRequest, RequestMatcher } from './http-kit';

export const TOKEN_PATH = '/auth/oauth/token';
export const CBS_PREFIX = '/providers/cloudmanager_cbs/api/';

export const SEED = {
	accountId: 'account-n8nTst01',
	connectorId: 'n8nConnector7QbWz3KpLm9RtXclients',
	refreshToken: 'rt-bluexp-5Jx9aVHn9cGkX92aPVCkhat3zwsC9qMl',
	/** The public client id BlueXP documents for refresh tokens. */
	refreshClientId: 'Mu0V1ywgYteI6w1MbD15fKfVIUrNXGWC',
	serviceClientId: 'sa-client-n8n-0001',
	serviceClientSecret: 'sa-secret-n8n-kZ3q',
	audience: 'https://api.cloud.netapp.com',
	/** Cloud Volumes ONTAP on AWS: backup activated, catalog indexed. */
	weAws: 'VsaWorkingEnvironment-n8nAws01',
	/** On-premises ONTAP cluster: backup not activated. */
	weOnPrem: 'OnPremWorkingEnvironment-n8nOnp1',
	svmAws: 'svm_cvo_aws',
	svmOnPrem: 'svm_onprem1',
	volumes: {
		awsData: '4c6f9a12-0d1e-4b8a-9c3e-111111111111',
		awsLogs: '4c6f9a12-0d1e-4b8a-9c3e-222222222222',
		onPremHome: '7e2b5d34-8a9f-4c1d-b2e6-333333333333',
	},
	policy: 'n8n-default-policy',
	/** Backups (cloud snapshots) of awsData, oldest first. */
	backups: {
		daily1: 'b-00000001',
		daily2: 'b-00000002',
		adhoc: 'b-00000003',
	},
	snapshotNames: {
		daily1: 'cbs-snapshot.daily.2025-01-01_0010',
		daily2: 'cbs-snapshot.daily.2025-01-02_0010',
		adhoc: 'cbs-snapshot.adhoc.2025-01-03_1200',
	},
	/** A seeded finished job (activation of weAws). */
	jobId: '0b2f0d3e-9c35-4a8e-8d0e-a0c1b2c3d4e5',
	/** Files in /data of every backup's listing (paged). */
	dataFiles: 25,
	sgId: 'sg-n8n-0001',
};

export type JobStatus = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
export type JobOutcome =
	'COMPLETED' | 'FAILED' | 'COMPLETED_WITH_FAILED_VOLUME' | 'COMPLETED_WITH_FAILED_BATCH';

export interface BlueXpWorkingEnvironment {
	id: string;
	name: string;
	type: 'VSA' | 'ON_PREM';
	provider: 'aws' | 'onprem';
	region: string | null;
	svms: string[];
}

export interface BlueXpBackupState {
	status: 'ON' | 'OFF';
	provider: string | null;
	region: string | null;
	bucket: string | null;
	ipSpace: string | null;
	autoBackupEnabled: boolean;
	policyName: string | null;
	catalogEnabled: boolean;
}

export interface BlueXpPolicy {
	name: string;
	rule: Array<{ label: string; retention: string }>;
	/** a string of digits, as NetApp's reference and provider send and read it */
	archiveAfterDays: string | null;
}

export interface BlueXpVolume {
	id: string;
	name: string;
	we: string;
	svm: string;
	sizeBytes: number;
	backupStatus: 'ON' | 'OFF';
	policyName: string | null;
}

export interface BlueXpBackup {
	id: string;
	/** The ONTAP snapshot name the backup was made from. */
	snapshotName: string;
	volumeId: string;
	we: string;
	label: string;
	creationTime: string;
	sizeBytes: number;
	archived: boolean;
}

export interface BlueXpJob {
	id: string;
	type: string;
	status: JobStatus;
	error: string | null;
	time: number;
	we: string | null;
	data: Record<string, unknown>;
	/** Reads by id so far. */
	polls: number;
	outcome: JobOutcome;
	/** Applied once when the job ends COMPLETED. */
	onComplete?: () => void;
	/** Volume ids the job is about (each gets a `multi-volume-backup` entry). */
	volumeIds: string[];
}

export interface BlueXpRestore {
	jobId: string;
	type: string;
	source: Record<string, unknown>;
	target: Record<string, unknown>;
	file: unknown[];
	time: number;
}

export interface BlueXpStorageGrid {
	id: string;
	name: string;
	hostname: string;
	port: number;
}

export interface BlueXpState {
	workingEnvironments: BlueXpWorkingEnvironment[];
	backup: Record<string, BlueXpBackupState>;
	policies: Record<string, BlueXpPolicy[]>;
	volumes: BlueXpVolume[];
	backups: BlueXpBackup[];
	jobs: Map<string, BlueXpJob>;
	restores: BlueXpRestore[];
	/** Volume id -> SFR explore state. */
	sfr: Map<string, { status: 'IN_PROGRESS' | 'READY' | 'FAILED'; jobId: string }>;
	storageGrids: BlueXpStorageGrid[];
}

export interface BlueXpSwitches {
	/** Reads of a job (by id) that answer it unfinished before the terminal one. */
	jobPolls: number;
	/** How jobs created from now on end. */
	jobOutcome: JobOutcome;
	/** Backups (id or snapshot name) whose single DELETE starts a job that ends FAILED. */
	failBackupDeletes: string[];
}

export interface TokenRecord {
	token: string;
	grant: 'refresh_token' | 'client_credentials';
	issuedAt: number;
	expiresAt: number;
	expired: boolean;
}

export interface NetAppBlueXpOptions {
	/** Serve HTTPS with test/emulators/certs (self-signed). Default false. */
	https?: boolean;
	accountId?: string;
	/** The connector id x-agent-id must carry (ends in `clients`). */
	connectorId?: string;
	refreshToken?: string;
	refreshClientId?: string;
	serviceClientId?: string;
	serviceClientSecret?: string;
	audience?: string;
	/** Token lifetime. Default 24 h. */
	tokenLifetimeMs?: number;
	/** Send expires_in with tokens (seconds of tokenLifetimeMs). Default true. */
	sendExpiresIn?: boolean;
	/** Default 2. */
	jobPolls?: number;
	maxLifetimeMs?: number;
}

export interface NetAppBlueXpEmulator {
	readonly url: string;
	readonly port: number;
	/** Every request received, in order, including faulted and refused ones. */
	requests: RecordedRequest[];
	/** Live state (reset() refills the same object). */
	state: BlueXpState;
	/** http-kit's switches: failNext, dropNext, truncateNext, slowNext, htmlLogin (on /account/ and the token path). */
	faults: FaultControls;
	/** The next `count` matching requests answer 200 with BlueXP's HTML login page instead of JSON. */
	htmlNext(count: number, match?: (r: RecordedRequest) => boolean): void;
	switches: BlueXpSwitches;
	readonly accountId: string;
	readonly connectorId: string;
	/** `${url}/account/${accountId}/providers/cloudmanager_cbs/api` (no trailing slash). */
	readonly apiBase: string;
	/** Every token issued, oldest first. */
	readonly issued: TokenRecord[];
	/** How many tokens the token endpoint issued. */
	readonly tokensIssued: number;
	/** Every token issued so far is expired from now on. */
	expireTokens(): void;
	/** Move a job to its end (or `steps` steps) without a read. */
	advanceJob(id: string, steps?: number): BlueXpJob | undefined;
	/** Move a job to its end without a read, ending as `outcome` (default: what it was created with). */
	finishJob(id: string, outcome?: JobOutcome): BlueXpJob | undefined;
	/**
	 * A backup job BlueXP's own scheduler started for a volume (default vol_data), running
	 * until finishJob() or reads by id end it as `outcome`; its id.
	 */
	startScheduledJob(outcome: JobOutcome, volumeId?: string): string;
	/** A backup of a volume made at `creationTime` (ISO), as a scheduled one would appear. */
	addBackup(volumeId: string, creationTime: string, label?: string): BlueXpBackup;
	tokenRequests(): RecordedRequest[];
	apiRequests(): RecordedRequest[];
	/** Refuse connections for windowMs, then listen on the same port again. */
	restart(windowMs: number): Promise<void>;
	/** Seeded state again; clears requests, tokens, faults and switches. */
	reset(): void;
	close(): Promise<void>;
}

const JSON_TYPE = 'application/json';
const LOGIN_PAGE =
	'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>NetApp BlueXP</title></head><body>' +
	'<form method="post" action="/u/login"><input name="username"><input name="password" type="password">' +
	'<button type="submit">Continue</button></form></body></html>\n';
const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2025, 0, 1);

class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const fail = (status: number, message: string): never => {
	throw new ApiError(status, message);
};

function headerValue(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function b64url(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function seedState(): BlueXpState {
	const v = SEED.volumes;
	const b = SEED.backups;
	const s = SEED.snapshotNames;
	return {
		workingEnvironments: [
			{
				id: SEED.weAws,
				name: 'cvo-aws-prod',
				type: 'VSA',
				provider: 'aws',
				region: 'us-east-1',
				svms: [SEED.svmAws],
			},
			{
				id: SEED.weOnPrem,
				name: 'onprem-cluster1',
				type: 'ON_PREM',
				provider: 'onprem',
				region: null,
				svms: [SEED.svmOnPrem],
			},
		],
		backup: {
			[SEED.weAws]: {
				status: 'ON',
				provider: 'AWS',
				region: 'us-east-1',
				bucket: 'netapp-backup-n8n-aws01',
				ipSpace: 'Default',
				autoBackupEnabled: true,
				policyName: SEED.policy,
				catalogEnabled: true,
			},
			[SEED.weOnPrem]: {
				status: 'OFF',
				provider: null,
				region: null,
				bucket: null,
				ipSpace: null,
				autoBackupEnabled: false,
				policyName: null,
				catalogEnabled: false,
			},
		},
		policies: {
			[SEED.weAws]: [
				{
					name: SEED.policy,
					rule: [
						{ label: 'daily', retention: '30' },
						{ label: 'weekly', retention: '52' },
					],
					archiveAfterDays: '180',
				},
			],
			[SEED.weOnPrem]: [],
		},
		volumes: [
			{
				id: v.awsData,
				name: 'vol_data',
				we: SEED.weAws,
				svm: SEED.svmAws,
				sizeBytes: 107_374_182_400,
				backupStatus: 'ON',
				policyName: SEED.policy,
			},
			{
				id: v.awsLogs,
				name: 'vol_logs',
				we: SEED.weAws,
				svm: SEED.svmAws,
				sizeBytes: 21_474_836_480,
				backupStatus: 'OFF',
				policyName: null,
			},
			{
				id: v.onPremHome,
				name: 'vol_home',
				we: SEED.weOnPrem,
				svm: SEED.svmOnPrem,
				sizeBytes: 53_687_091_200,
				backupStatus: 'OFF',
				policyName: null,
			},
		],
		backups: [
			[b.daily1, s.daily1, 'daily', 0],
			[b.daily2, s.daily2, 'daily', 1],
			[b.adhoc, s.adhoc, 'adhoc', 2.5],
		].map(([id, snapshotName, label, days]) => ({
			id: id as string,
			snapshotName: snapshotName as string,
			volumeId: v.awsData,
			we: SEED.weAws,
			label: label as string,
			creationTime: new Date(T0 + (days as number) * DAY + 600_000).toISOString(),
			sizeBytes: 5_368_709_120,
			archived: false,
		})),
		jobs: new Map([
			[
				SEED.jobId,
				{
					id: SEED.jobId,
					type: 'BACKUP_ACTIVATION',
					status: 'COMPLETED' as JobStatus,
					error: null,
					time: T0 - DAY,
					we: SEED.weAws,
					data: {},
					polls: 0,
					outcome: 'COMPLETED' as JobOutcome,
					volumeIds: [],
				},
			],
		]),
		restores: [],
		sfr: new Map(),
		storageGrids: [{ id: SEED.sgId, name: 'sg-dc1', hostname: 'sg.dc1.example.com', port: 443 }],
	};
}

/**
 * The data of an n8n `netAppBlueXpApi` credential (refresh-token grant) for an emulator
 * started with the seeded account, connector and refresh token: what the e2e, the soak and
 * the demo import into n8n.
 */
export function bluexpCredentialData(emulator: { url: string }): Record<string, string> {
	return {
		authType: 'refreshToken',
		refreshToken: SEED.refreshToken,
		clientId: SEED.refreshClientId,
		accountId: SEED.accountId,
		agentId: SEED.connectorId,
		baseUrl: emulator.url,
		tokenUrl: `${emulator.url}/auth/oauth/token`,
		audience: SEED.audience,
		accessToken: '',
	};
}

/** The files of every backup's listing: '/' holds dirs data, logs and two files; /data holds SEED.dataFiles. */
function filesIn(dir: string, creation: string): Array<Record<string, unknown>> | undefined {
	const entry = (parent: string, name: string, type: 'FILE' | 'DIRECTORY', size: number) => ({
		name,
		path: parent === '/' ? `/${name}` : `${parent}/${name}`,
		type,
		size,
		'last-modified': creation,
	});
	const normalized = dir === '' ? '/' : dir.replace(/\/+$/, '') || '/';
	if (normalized === '/') {
		return [
			entry('/', 'data', 'DIRECTORY', 4096),
			entry('/', 'logs', 'DIRECTORY', 4096),
			entry('/', 'README.txt', 'FILE', 1024),
			entry('/', 'config.json', 'FILE', 2048),
		];
	}
	if (normalized === '/data') {
		return Array.from({ length: SEED.dataFiles }, (_, i) =>
			entry('/data', `file-${String(i + 1).padStart(3, '0')}.csv`, 'FILE', (i + 1) * 1000),
		);
	}
	if (normalized === '/logs') {
		return [entry('/logs', 'app.log', 'FILE', 50_000), entry('/logs', 'app.log.1', 'FILE', 80_000)];
	}
	return undefined;
}

export async function startNetAppBlueXpEmulator(
	options: NetAppBlueXpOptions = {},
): Promise<NetAppBlueXpEmulator> {
	const accountId = options.accountId ?? SEED.accountId;
	const connectorId = options.connectorId ?? SEED.connectorId;
	const refreshToken = options.refreshToken ?? SEED.refreshToken;
	const refreshClientId = options.refreshClientId ?? SEED.refreshClientId;
	const serviceClientId = options.serviceClientId ?? SEED.serviceClientId;
	const serviceClientSecret = options.serviceClientSecret ?? SEED.serviceClientSecret;
	const audience = options.audience ?? SEED.audience;
	const lifetimeMs = options.tokenLifetimeMs ?? DAY;
	const sendExpiresIn = options.sendExpiresIn ?? true;
	const apiPrefix = `/account/${accountId}${CBS_PREFIX}`;

	const state = seedState();
	const tokens = new Map<string, TokenRecord>();
	const issued: TokenRecord[] = [];
	const defaultSwitches = (): BlueXpSwitches => ({
		jobPolls: options.jobPolls ?? 2,
		jobOutcome: 'COMPLETED',
		failBackupDeletes: [],
	});

	// --- tokens ---------------------------------------------------------------

	const tokenEndpoint = (rec: RecordedRequest): Reply => {
		if (rec.method !== 'POST') return jsonReply(405, { error: 'method_not_allowed' });
		let body: Record<string, unknown> = {};
		if (typeof rec.body === 'string') {
			body = Object.fromEntries(new URLSearchParams(rec.body));
		} else if (rec.body && typeof rec.body === 'object') {
			body = rec.body as Record<string, unknown>;
		}
		const grant = body.grant_type;
		if (grant !== 'refresh_token' && grant !== 'client_credentials') {
			return jsonReply(400, {
				error: 'unsupported_grant_type',
				error_description: `Unsupported grant type: ${String(grant)}`,
			});
		}
		if (grant === 'refresh_token') {
			if (typeof body.refresh_token !== 'string' || body.refresh_token === '')
				return jsonReply(400, {
					error: 'invalid_request',
					error_description: 'Missing required parameter: refresh_token',
				});
			if (body.client_id !== refreshClientId)
				return jsonReply(401, { error: 'access_denied', error_description: 'Unauthorized' });
		} else if (body.client_id !== serviceClientId || body.client_secret !== serviceClientSecret) {
			return jsonReply(401, { error: 'access_denied', error_description: 'Unauthorized' });
		}
		if (body.audience === undefined || body.audience === '')
			return jsonReply(403, {
				error: 'access_denied',
				error_description:
					'No audience parameter was provided, and no default audience has been configured',
			});
		if (body.audience !== audience)
			return jsonReply(403, {
				error: 'access_denied',
				error_description: `Service not found: ${String(body.audience)}`,
			});
		if (grant === 'refresh_token' && body.refresh_token !== refreshToken)
			return jsonReply(403, {
				error: 'invalid_grant',
				error_description: 'Unknown or invalid refresh token.',
			});
		const now = Date.now();
		const token = [
			b64url({ alg: 'RS256', typ: 'JWT', kid: 'n8n-emulator' }),
			b64url({
				iss: 'https://netapp-cloud-account.auth0.com/',
				sub: grant === 'refresh_token' ? 'auth0|n8n-user' : `${serviceClientId}@clients`,
				aud: audience,
				iat: Math.floor(now / 1000),
				exp: Math.floor((now + lifetimeMs) / 1000),
				jti: crypto.randomUUID(),
			}),
			crypto.randomBytes(32).toString('base64url'),
		].join('.');
		const record: TokenRecord = {
			token,
			grant,
			issuedAt: now,
			expiresAt: now + lifetimeMs,
			expired: false,
		};
		tokens.set(token, record);
		issued.push(record);
		return jsonReply(200, {
			access_token: token,
			token_type: 'Bearer',
			scope: 'openid profile',
			...(sendExpiresIn ? { expires_in: Math.floor(lifetimeMs / 1000) } : {}),
		});
	};

	const checkAuth = (rec: RecordedRequest): void => {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(rec.headers.authorization) ?? '');
		if (!match) fail(401, 'Missing or malformed Authorization header (expected Bearer <token>)');
		const record = tokens.get(match![1]!);
		if (!record) fail(401, 'Invalid token');
		if (record!.expired || Date.now() >= record!.expiresAt) fail(401, 'Token expired');
		const agent = headerValue(rec.headers['x-agent-id']);
		if (agent === undefined || agent === '')
			fail(403, 'Missing x-agent-id header (the BlueXP Connector ID)');
		if (agent !== connectorId)
			fail(
				403,
				`Connector ${agent} is not a connector of account ${accountId}` +
					(agent!.endsWith('clients') ? '' : " (a connector id ends in 'clients')"),
			);
	};

	// --- look-ups ---------------------------------------------------------------

	const findWe = (id: string): BlueXpWorkingEnvironment =>
		state.workingEnvironments.find((we) => we.id === id) ??
		fail(404, `Working environment ${id} not found`);
	const findVolume = (id: string, we?: string): BlueXpVolume =>
		state.volumes.find(
			(v) => (v.id === id || v.name === id) && (we === undefined || v.we === we),
		) ?? fail(404, `Volume ${id} not found${we ? ` in working environment ${we}` : ''}`);
	const findBackup = (volume: BlueXpVolume, id: string): BlueXpBackup =>
		state.backups.find((b) => b.volumeId === volume.id && (b.id === id || b.snapshotName === id)) ??
		fail(404, `Snapshot ${id} not found for volume ${volume.name}`);
	const requireOn = (we: string): BlueXpBackupState => {
		const backup = state.backup[we]!;
		if (backup.status !== 'ON') fail(400, `Backup is not activated for working environment ${we}`);
		return backup;
	};

	const weView = (we: BlueXpWorkingEnvironment) => ({
		id: we.id,
		'public-id': we.id,
		name: we.name,
		type: we.type,
		provider: we.provider,
		region: we.region,
		'svm-names': [...we.svms],
	});
	const backupView = (we: BlueXpWorkingEnvironment) => {
		const b = state.backup[we.id]!;
		return {
			id: we.id,
			name: we.name,
			type: we.type,
			'backup-enablement-status': b.status,
			provider: b.provider,
			region: b.region,
			bucket: b.bucket,
			'ip-space': b.ipSpace,
			'auto-backup-enabled': b.autoBackupEnabled,
			'policy-name': b.policyName,
			'catalog-enabled': b.catalogEnabled,
		};
	};
	const volumeView = (v: BlueXpVolume) => ({
		name: v.name,
		'file-system-id': v.id,
		'working-environment-id': v.we,
		'svm-name': v.svm,
		'capacity-bytes': v.sizeBytes,
		'backup-status': v.backupStatus,
		'policy-name': v.policyName,
		'snapshot-count': state.backups.filter((b) => b.volumeId === v.id).length,
		'last-backup-creation-time': state.backups
			.filter((b) => b.volumeId === v.id)
			.reduce<number | null>(
				(newest, b) => Math.max(newest ?? 0, Date.parse(b.creationTime)),
				null,
			),
	});
	const snapshotView = (b: BlueXpBackup) => ({
		id: b.id,
		name: b.snapshotName,
		'snapshot-name': b.snapshotName,
		'volume-id': b.volumeId,
		'working-environment-id': b.we,
		label: b.label,
		'creation-time': b.creationTime,
		'size-bytes': b.sizeBytes,
		archived: b.archived,
	});
	/**
	 * archive-after-days: NetApp's PUT reference types it as a string, its Terraform provider
	 * sends and reads strings, and its activation example sends the number 180. Stored and
	 * answered as a string; a number is accepted where NetApp's own example sends one.
	 */
	const archiveDaysOf = (value: unknown, numberAccepted: boolean): string | null => {
		if (value === undefined || value === null) return null;
		if (numberAccepted && typeof value === 'number' && Number.isInteger(value) && value >= 0)
			return String(value);
		if (typeof value !== 'string' || !/^\d+$/.test(value))
			fail(400, 'archive-after-days must be a string of digits');
		return value as string;
	};
	const policyView = (p: BlueXpPolicy) => ({
		name: p.name,
		rule: p.rule.map((r) => ({ ...r })),
		'archive-after-days': p.archiveAfterDays,
	});

	// --- jobs -------------------------------------------------------------------

	const createJob = (
		type: string,
		we: string | null,
		volumeIds: string[] = [],
		onComplete?: () => void,
		data: Record<string, unknown> = {},
	): Reply => {
		const job: BlueXpJob = {
			id: crypto.randomUUID(),
			type,
			status: 'PENDING',
			error: null,
			time: Date.now(),
			we,
			data,
			polls: 0,
			outcome: emulator.switches.jobOutcome,
			volumeIds,
			...(onComplete ? { onComplete } : {}),
		};
		state.jobs.set(job.id, job);
		return jsonReply(202, { 'job-id': job.id });
	};

	const finish = (job: BlueXpJob): void => {
		const failedPart =
			job.outcome === 'COMPLETED_WITH_FAILED_VOLUME' ||
			job.outcome === 'COMPLETED_WITH_FAILED_BATCH';
		const restore = job.data.restore as Record<string, unknown> | undefined;
		if (job.outcome === 'FAILED') {
			job.status = 'FAILED';
			job.error = `${job.type} failed: the connector could not reach the object store`;
		} else {
			job.status = 'COMPLETED';
		}
		if (restore) {
			const failed = job.status === 'FAILED' || failedPart;
			restore.batch = [
				{
					id: '1',
					status: failed ? 'FAILED' : 'SUCCESS',
					error: failed
						? `Batch 1: could not read snapshot ${String((restore.source as Record<string, unknown>)?.snapshot)} from the bucket (AccessDenied)`
						: null,
					time: Date.now(),
					file: Array.isArray(restore.file) ? restore.file : [],
				},
			];
		} else if (job.volumeIds.length || failedPart) {
			const ids = job.volumeIds.length ? job.volumeIds : [SEED.volumes.awsData];
			job.data = {
				...job.data,
				'multi-volume-backup': {
					volume: ids.map((id, i) =>
						job.status === 'FAILED'
							? {
									id,
									status: 'FAILED',
									error: `Volume ${id}: the object store could not be reached`,
								}
							: failedPart && i === 0
								? { id, status: 'FAILED', error: `Volume ${id}: snapshot transfer failed` }
								: { id, status: 'SUCCESS', error: null },
					),
				},
			};
		}
		if (job.status === 'COMPLETED' && !failedPart) job.onComplete?.();
	};

	const step = (job: BlueXpJob): void => {
		if (job.status === 'COMPLETED' || job.status === 'FAILED') return;
		job.polls++;
		if (job.polls > Math.max(0, emulator.switches.jobPolls)) finish(job);
		else job.status = job.polls === 1 ? 'PENDING' : 'IN_PROGRESS';
	};

	const jobView = (job: BlueXpJob) => ({
		id: job.id,
		type: job.type,
		status: job.status,
		error: job.error,
		time: job.time,
		'working-environment-id': job.we,
		data: job.data,
	});

	// --- routes -------------------------------------------------------------------

	const body = (rec: RecordedRequest): Record<string, unknown> =>
		rec.body && typeof rec.body === 'object' && !Array.isArray(rec.body)
			? (rec.body as Record<string, unknown>)
			: {};

	const activate = (rec: RecordedRequest, weId: string, version: string): Reply => {
		const we = findWe(weId);
		const b = state.backup[we.id]!;
		if (b.status === 'ON')
			fail(400, `Backup is already activated for working environment ${we.id}`);
		const input = body(rec);
		if (version === 'v3') {
			if (typeof input.provider !== 'string') fail(400, 'provider is required');
			if (typeof input.region !== 'string') fail(400, 'region is required');
		}
		const policy = input['backup-policy'] as
			{ name?: string; 'archive-after-days'?: unknown; rule?: BlueXpPolicy['rule'] } | undefined;
		const activationArchive = archiveDaysOf(policy?.['archive-after-days'], true);
		return createJob('BACKUP_ACTIVATION', we.id, [], () => {
			let policyName = policy?.name ?? null;
			if (policy?.rule) {
				policyName = policyName ?? `${we.name}-policy`;
				const list = state.policies[we.id]!;
				if (!list.some((p) => p.name === policyName))
					list.push({
						name: policyName,
						rule: policy.rule.map((r) => ({ label: r.label, retention: String(r.retention) })),
						archiveAfterDays: activationArchive,
					});
			}
			Object.assign(b, {
				status: 'ON',
				provider: typeof input.provider === 'string' ? input.provider : 'AWS',
				region: typeof input.region === 'string' ? input.region : we.region,
				bucket: typeof input.bucket === 'string' ? input.bucket : `netapp-backup-${we.id}`,
				ipSpace: typeof input['ip-space'] === 'string' ? input['ip-space'] : 'Default',
				autoBackupEnabled: input['auto-backup-enabled'] === true,
				policyName,
			});
			if (b.autoBackupEnabled)
				for (const v of state.volumes.filter((x) => x.we === we.id)) {
					v.backupStatus = 'ON';
					v.policyName = policyName;
				}
		});
	};

	const adHocBackup = (
		rec: RecordedRequest,
		we: string,
		vol: BlueXpVolume,
		version: string,
	): Reply => {
		requireOn(we);
		const input = body(rec);
		const details = (input['adhoc-backup-details'] ?? {}) as {
			name?: string;
			snapmirrorLabel?: string;
		};
		if (version === 'v3' && input.mode !== 'AD_HOC') fail(400, "mode must be 'AD_HOC'");
		const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
		return createJob('BACKUP_ADHOC', we, [vol.id], () => {
			state.backups.push({
				id: `b-${crypto.randomBytes(4).toString('hex')}`,
				snapshotName: details.name ?? `cbs-snapshot.adhoc.${stamp}`,
				volumeId: vol.id,
				we,
				label: details.snapmirrorLabel ?? 'adhoc',
				creationTime: new Date().toISOString(),
				sizeBytes: 1_073_741_824,
				archived: false,
			});
		});
	};

	const backupRoutes = (rec: RecordedRequest, version: string, rest: string[]): Reply => {
		const m = rec.method;
		const [weId, sub, volId, snapPart, snapId] = rest;
		if (weId === undefined) {
			if (m === 'GET' && version === 'v1')
				return jsonReply(200, { 'working-environment': state.workingEnvironments.map(backupView) });
			return notFound(rec);
		}
		const we = findWe(weId);
		if (sub === undefined) {
			if (m === 'POST' && (version === 'v1' || version === 'v3'))
				return activate(rec, we.id, version);
			if (version !== 'v1') return notFound(rec);
			if (m === 'GET') return jsonReply(200, backupView(we));
			if (m === 'PUT') {
				const b = requireOn(we.id);
				const input = body(rec);
				if (typeof input['auto-backup-enabled'] === 'boolean')
					b.autoBackupEnabled = input['auto-backup-enabled'];
				if (typeof input['policy-name'] === 'string') {
					if (!state.policies[we.id]!.some((p) => p.name === input['policy-name']))
						fail(400, `Backup policy ${String(input['policy-name'])} not found`);
					b.policyName = input['policy-name'];
				}
				return jsonReply(200, backupView(we));
			}
			if (m === 'DELETE') {
				requireOn(we.id);
				return createJob('BACKUP_UNREGISTER', we.id, [], () => {
					Object.assign(state.backup[we.id]!, {
						status: 'OFF',
						autoBackupEnabled: false,
						catalogEnabled: false,
					});
					for (const v of state.volumes.filter((x) => x.we === we.id)) v.backupStatus = 'OFF';
				});
			}
			return notFound(rec);
		}
		if (sub === 'status' && volId === undefined && m === 'GET' && version === 'v1') {
			const vols = state.volumes.filter((v) => v.we === we.id);
			const b = state.backup[we.id]!;
			return jsonReply(200, {
				id: we.id,
				name: we.name,
				bucket: b.bucket,
				provider: b.provider,
				region: b.region,
				'working-environment-id': we.id,
				'backup-enablement-status': b.status,
				status: b.status === 'ON' ? 'ACTIVE' : 'INACTIVE',
				'volumes-protected': vols.filter((v) => v.backupStatus === 'ON').length,
				'volumes-total': vols.length,
			});
		}
		if (sub !== 'volume') return notFound(rec);
		if (volId === undefined) {
			if (version !== 'v1') return notFound(rec);
			if (m === 'GET')
				return jsonReply(200, {
					volume: state.volumes.filter((v) => v.we === we.id).map(volumeView),
				});
			if (m === 'POST' || m === 'PUT') {
				const b = requireOn(we.id);
				const list = body(rec).volume;
				if (!Array.isArray(list) || list.length === 0)
					fail(400, 'volume must be a non-empty array');
				const targets = (list as Array<Record<string, unknown>>).map((entry) => {
					const id = entry['file-system-id'] ?? entry['volume-id'] ?? entry.id ?? entry.name;
					if (typeof id !== 'string') fail(400, 'Each volume needs a file-system-id');
					const policyName =
						typeof entry['policy-name'] === 'string' ? entry['policy-name'] : b.policyName;
					if (policyName && !state.policies[we.id]!.some((p) => p.name === policyName))
						fail(400, `Backup policy ${policyName} not found`);
					return { vol: findVolume(id as string, we.id), policyName };
				});
				if (m === 'PUT') {
					for (const t of targets) t.vol.policyName = t.policyName;
					return jsonReply(200, { volume: targets.map((t) => volumeView(t.vol)) });
				}
				return createJob(
					'BACKUP_VOLUME_ENABLE',
					we.id,
					targets.map((t) => t.vol.id),
					() => {
						for (const t of targets) {
							t.vol.backupStatus = 'ON';
							t.vol.policyName = t.policyName;
						}
					},
				);
			}
			return notFound(rec);
		}
		const vol = findVolume(volId, we.id);
		if (snapPart === undefined) {
			if (m === 'POST' && (version === 'v1' || version === 'v3'))
				return adHocBackup(rec, we.id, vol, version);
			if (version !== 'v1') return notFound(rec);
			if (m === 'GET') return jsonReply(200, volumeView(vol));
			if (m === 'PUT') {
				const input = body(rec);
				if (typeof input['policy-name'] === 'string') {
					if (!state.policies[we.id]!.some((p) => p.name === input['policy-name']))
						fail(400, `Backup policy ${String(input['policy-name'])} not found`);
					vol.policyName = input['policy-name'];
				}
				if (input['backup-status'] === 'ON' || input['backup-status'] === 'OFF')
					vol.backupStatus = input['backup-status'];
				return jsonReply(200, volumeView(vol));
			}
			// DELETE .../volume/{vol} is in no NetApp reference or client: 404 like any unknown path
			return notFound(rec);
		}
		if (snapPart !== 'snapshot' || version !== 'v1' || rest.length > 5) return notFound(rec);
		if (snapId === undefined) {
			if (m === 'GET')
				return jsonReply(200, {
					snapshot: state.backups.filter((b) => b.volumeId === vol.id).map(snapshotView),
				});
			// every backup of the volume (NetApp's Terraform provider, deleteSnapshotCopiesVolume)
			if (m === 'DELETE')
				return createJob('BACKUP_DELETE_ALL', we.id, [vol.id], () => {
					state.backups = state.backups.filter((b) => b.volumeId !== vol.id);
					vol.backupStatus = 'OFF';
				});
			return notFound(rec);
		}
		const backup = findBackup(vol, snapId);
		if (m === 'GET') return jsonReply(200, snapshotView(backup));
		if (m === 'DELETE') {
			const reply = createJob('BACKUP_DELETE', we.id, [vol.id], () => {
				state.backups = state.backups.filter((b) => b !== backup);
			});
			const { failBackupDeletes } = emulator.switches;
			if (
				failBackupDeletes.includes(backup.id) ||
				failBackupDeletes.includes(backup.snapshotName)
			) {
				const jobId = (JSON.parse(String(reply.body)) as { 'job-id': string })['job-id'];
				state.jobs.get(jobId)!.outcome = 'FAILED';
			}
			return reply;
		}
		return notFound(rec);
	};

	const restore = (rec: RecordedRequest): Reply => {
		const input = body(rec).restore as Record<string, unknown> | undefined;
		if (!input || typeof input !== 'object') fail(400, 'restore is required');
		const type = input!.type;
		if (typeof type !== 'string') fail(400, 'restore.type is required');
		const source = (input!.source ?? {}) as Record<string, unknown>;
		const target = (input!.target ?? {}) as Record<string, unknown>;
		// NetApp's reference marks every source field and the target's id and name required
		for (const key of [
			'working-environment-id',
			'working-environment-name',
			'bucket',
			'volume-name',
			'volume-id',
			'snapshot',
		])
			if (typeof source[key] !== 'string' || source[key] === '')
				fail(400, `restore.source.${key} is required`);
		for (const key of ['working-environment-id', 'working-environment-name'])
			if (typeof target[key] !== 'string' || target[key] === '')
				fail(400, `restore.target.${key} is required`);
		const srcWe = findWe(String(source['working-environment-id'] ?? ''));
		const vol = findVolume(String(source['volume-id'] ?? ''), srcWe.id);
		const snap = findBackup(vol, String(source.snapshot ?? ''));
		if (target['working-environment-id'] !== undefined)
			findWe(String(target['working-environment-id']));
		const files = Array.isArray(input!.file) ? (input!.file as unknown[]) : [];
		if (/FILE/i.test(type as string) && files.length === 0)
			fail(400, 'restore.file must list at least one file for a file restore');
		const reply = createJob('RESTORE', String(target['working-environment-id'] ?? srcWe.id), [
			vol.id,
		]);
		const jobId = (JSON.parse(String(reply.body)) as { 'job-id': string })['job-id'];
		const job = state.jobs.get(jobId)!;
		job.data = {
			restore: {
				type,
				source: { ...source, snapshot: snap.snapshotName },
				target: { ...target },
				file: files,
				batch: [],
			},
		};
		state.restores.push({
			jobId,
			type: type as string,
			source,
			target,
			file: files,
			time: job.time,
		});
		return reply;
	};

	const sfrRoutes = (rec: RecordedRequest, rest: string[]): Reply => {
		const [volumeWord, volId, a, b, c, d] = rest;
		if (volumeWord !== 'volume' || volId === undefined) return notFound(rec);
		const vol = findVolume(volId);
		if (a === 'file-explore' && b === 'start' && c === undefined && rec.method === 'POST') {
			if (state.backup[vol.we]!.status !== 'ON')
				fail(400, `Backup is not activated for working environment ${vol.we}`);
			const reply = createJob('SFR_FILE_EXPLORE', vol.we, [vol.id], () => {
				state.sfr.set(vol.id, { status: 'READY', jobId });
			});
			const jobId = (JSON.parse(String(reply.body)) as { 'job-id': string })['job-id'];
			state.sfr.set(vol.id, { status: 'IN_PROGRESS', jobId });
			return reply;
		}
		if (a === 'file-explore' && b === 'status' && c === undefined && rec.method === 'GET') {
			const explore = state.sfr.get(vol.id);
			if (explore) {
				const job = state.jobs.get(explore.jobId);
				if (job) {
					step(job);
					if (job.status === 'FAILED') explore.status = 'FAILED';
					// a COMPLETED job with a failed volume leaves the explore unusable too
					else if (job.status === 'COMPLETED' && explore.status !== 'READY')
						explore.status = 'FAILED';
				}
			}
			return jsonReply(200, {
				'volume-id': vol.id,
				status: explore?.status ?? 'NOT_STARTED',
				'job-id': explore?.jobId ?? null,
			});
		}
		if (
			a === 'snapshot' &&
			b !== undefined &&
			c === 'file-explore' &&
			d === 'list' &&
			rec.method === 'GET'
		) {
			if (rest.length > 6) return notFound(rec);
			const snap = findBackup(vol, b);
			if (state.sfr.get(vol.id)?.status !== 'READY')
				fail(400, `File explore is not ready for volume ${vol.id}: start it and wait for READY`);
			const dir = rec.query.path ?? '/';
			const files = filesIn(dir, snap.creationTime) ?? fail(404, `Path ${dir} not found`);
			const page = rec.query.page === undefined ? 1 : Number(rec.query.page);
			const limit = rec.query.limit === undefined ? 20 : Number(rec.query.limit);
			if (!Number.isInteger(page) || page < 1) fail(400, 'page must be an integer >= 1');
			if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
				fail(400, 'limit must be an integer between 1 and 1000');
			return jsonReply(200, {
				file: files.slice((page - 1) * limit, page * limit),
				path: dir,
				page,
				limit,
				'total-count': files.length,
				'total-pages': Math.ceil(files.length / limit),
			});
		}
		return notFound(rec);
	};

	const catalogSearch = (rec: RecordedRequest): Reply => {
		const input = body(rec);
		const type = input.type;
		if (type !== 'FILE' && type !== 'DIRECTORY' && type !== 'VOLUME')
			fail(400, 'type must be one of FILE, DIRECTORY, VOLUME');
		const weFilter = Array.isArray(input.workingEnvironmentId)
			? (input.workingEnvironmentId as string[])
			: undefined;
		const exts = Array.isArray(input.fileExtension)
			? (input.fileExtension as string[]).map((e) => e.replace(/^\./, '').toLowerCase())
			: [];
		const size = (input.size ?? {}) as { from?: number; to?: number };
		const created = (input.creationDate ?? {}) as { from?: string | number; to?: string | number };
		const name = typeof input.name === 'string' ? input.name.toLowerCase() : undefined;
		const indexed = state.workingEnvironments.filter(
			(we) => state.backup[we.id]!.catalogEnabled && (!weFilter || weFilter.includes(we.id)),
		);
		const result: Array<Record<string, unknown>> = [];
		for (const we of indexed)
			for (const backup of state.backups.filter((b) => b.we === we.id)) {
				const vol = state.volumes.find((v) => v.id === backup.volumeId)!;
				const base = {
					'working-environment-id': we.id,
					'volume-id': vol.id,
					'volume-name': vol.name,
					'snapshot-name': backup.snapshotName,
					'backup-id': backup.id,
					'creation-date': backup.creationTime,
				};
				if (type === 'VOLUME') {
					result.push({ ...base, type, name: vol.name, path: '/', size: vol.sizeBytes });
					continue;
				}
				for (const dir of ['/', '/data', '/logs'])
					for (const f of filesIn(dir, backup.creationTime)!) {
						if (f.type !== type) continue;
						const fname = String(f.name);
						const ext = fname.includes('.') ? fname.split('.').pop()!.toLowerCase() : '';
						if (exts.length && !exts.includes(ext)) continue;
						if (name && !fname.toLowerCase().includes(name)) continue;
						if (size.from !== undefined && Number(f.size) < size.from) continue;
						if (size.to !== undefined && Number(f.size) > size.to) continue;
						const t = Date.parse(backup.creationTime);
						if (created.from !== undefined && t < new Date(created.from).getTime()) continue;
						if (created.to !== undefined && t > new Date(created.to).getTime()) continue;
						result.push({ ...base, type, name: fname, path: f.path, size: f.size });
					}
			}
		return jsonReply(200, { result, 'total-count': result.length });
	};

	const weRoutes = (rec: RecordedRequest, rest: string[]): Reply => {
		const m = rec.method;
		const [weId, sub, name] = rest;
		if (weId === undefined)
			return m === 'GET'
				? jsonReply(200, { 'working-environment': state.workingEnvironments.map(weView) })
				: notFound(rec);
		const we = findWe(weId);
		if (sub === undefined) return m === 'GET' ? jsonReply(200, weView(we)) : notFound(rec);
		if (sub === 'svm' && name === undefined && m === 'GET')
			return jsonReply(200, {
				svm: we.svms.map((svm) => ({ name: svm, 'working-environment-id': we.id })),
			});
		if (sub === 'volume' && name === undefined && m === 'GET')
			return jsonReply(200, {
				volume: state.volumes.filter((v) => v.we === we.id).map(volumeView),
			});
		if (sub !== 'backup-policy' || rest.length > 3) return notFound(rec);
		const policies = state.policies[we.id]!;
		const input = body(rec);
		const readRules = (value: unknown): BlueXpPolicy['rule'] => {
			if (!Array.isArray(value) || value.length === 0)
				fail(400, 'rule must be a non-empty array of {label, retention}');
			return (value as Array<Record<string, unknown>>).map((r) => {
				if (typeof r.label !== 'string' || r.retention === undefined)
					fail(400, 'Each rule needs a label and a retention');
				return { label: r.label as string, retention: String(r.retention) };
			});
		};
		if (name === undefined) {
			if (m === 'GET') return jsonReply(200, { 'backup-policy': policies.map(policyView) });
			if (m === 'POST') {
				if (typeof input.name !== 'string' || input.name === '') fail(400, 'name is required');
				if (policies.some((p) => p.name === input.name))
					fail(409, `Backup policy ${String(input.name)} already exists`);
				const policy: BlueXpPolicy = {
					name: input.name as string,
					rule: readRules(input.rule),
					archiveAfterDays: archiveDaysOf(input['archive-after-days'], true),
				};
				policies.push(policy);
				return jsonReply(200, policyView(policy));
			}
			return notFound(rec);
		}
		if (m !== 'PUT') return notFound(rec);
		const policy =
			policies.find((p) => p.name === name) ?? fail(404, `Backup policy ${name} not found`);
		// NetApp's reference: rule[] is required, retention and archive-after-days are strings
		if (input.rule === undefined) fail(400, 'rule is required');
		const rules = readRules(input.rule);
		for (const r of input.rule as Array<Record<string, unknown>>)
			if (typeof r.retention !== 'string') fail(400, 'rule.retention must be a string');
		const archive = archiveDaysOf(input['archive-after-days'], false);
		policy.rule = rules;
		if (archive !== null) policy.archiveAfterDays = archive;
		return jsonReply(200, policyView(policy));
	};

	const cloudRoutes = (rec: RecordedRequest, rest: string[]): Reply => {
		if (rec.method !== 'GET' || rest.length !== 2) return notFound(rec);
		const [provider, what] = rest;
		const regions: Record<string, Array<{ code: string; name: string }>> = {
			aws: [
				{ code: 'us-east-1', name: 'US East (N. Virginia)' },
				{ code: 'eu-west-1', name: 'Europe (Ireland)' },
			],
			azure: [
				{ code: 'eastus2', name: 'East US 2' },
				{ code: 'westeurope', name: 'West Europe' },
			],
			gcp: [
				{ code: 'us-central1', name: 'Iowa' },
				{ code: 'europe-west1', name: 'Belgium' },
			],
		};
		if (what === 'region' && regions[provider!])
			return jsonReply(200, { region: regions[provider!] });
		if (provider === 'azure' && what === 'subscription')
			return jsonReply(200, {
				subscription: [{ id: '3beb4dd0-25d4-464f-9bb0-303d7cf5c0c2', name: 'n8n-backup-sub' }],
			});
		if (provider === 'azure' && what === 'resource-group')
			return jsonReply(200, {
				'resource-group': [{ name: 'rn-test-backup-rg', location: 'eastus2' }],
			});
		if (provider === 'gcp' && what === 'project')
			return jsonReply(200, { project: [{ id: 'n8n-backup-project', name: 'n8n backup' }] });
		return notFound(rec);
	};

	const notFound = (rec: RecordedRequest): Reply =>
		jsonReply(404, { message: `No route for ${rec.method} ${rec.path}` });

	const route = (rec: RecordedRequest): Reply => {
		if (!rec.path.startsWith('/account/') || !rec.path.includes(CBS_PREFIX)) return notFound(rec);
		const account = decodeURIComponent(rec.path.slice('/account/'.length).split('/')[0] ?? '');
		if (account !== accountId || !rec.path.startsWith(apiPrefix))
			return jsonReply(403, { message: `Account ${account} is not accessible with this token` });
		checkAuth(rec);
		const segments = rec.path
			.slice(apiPrefix.length)
			.split('/')
			.filter(Boolean)
			.map(decodeURIComponent);
		const [version, category, ...rest] = segments;
		const m = rec.method;
		switch (`${version} ${category}`) {
			case 'v1 backup':
			case 'v3 backup':
				if (rest[0] !== 'working-environment') return notFound(rec);
				return backupRoutes(rec, version!, rest.slice(1));
			case 'v3 restore':
				return m === 'POST' && rest.length === 0 ? restore(rec) : notFound(rec);
			case 'v1 restore':
				if (m !== 'GET' || rest.join('/') !== 'status') return notFound(rec);
				return jsonReply(200, {
					restore: state.restores.map((r) => ({
						'job-id': r.jobId,
						type: r.type,
						status: state.jobs.get(r.jobId)?.status ?? 'COMPLETED',
						source: r.source,
						target: r.target,
						file: r.file,
						time: r.time,
					})),
				});
			case 'v1 job': {
				if (m !== 'GET' || rest.length > 1) return notFound(rec);
				if (rest.length === 1) {
					const job = state.jobs.get(rest[0]!) ?? fail(404, `Job ${rest[0]} not found`);
					step(job);
					return jsonReply(200, { job: [jobView(job)] });
				}
				const { type, status } = rec.query;
				const weId = rec.query['working-environment-id'];
				const list = [...state.jobs.values()].filter(
					(j) =>
						(!type || j.type === type) &&
						(!status || j.status === status) &&
						(!weId || j.we === weId),
				);
				return jsonReply(200, { job: list.map(jobView) });
			}
			case 'v2 sfr':
				return sfrRoutes(rec, rest);
			case 'v1 catalog':
				if (m === 'POST' && rest.length === 1 && rest[0] === 'search') return catalogSearch(rec);
				if (
					m === 'POST' &&
					rest.length === 3 &&
					rest[0] === 'working-environments' &&
					rest[2] === 'setup'
				) {
					const we = findWe(rest[1]!);
					requireOn(we.id);
					return createJob('CATALOG_SETUP', we.id, [], () => {
						state.backup[we.id]!.catalogEnabled = true;
					});
				}
				return notFound(rec);
			case 'v1 working-environment':
				return weRoutes(rec, rest);
			case 'v1 cloud':
				return cloudRoutes(rec, rest);
			case 'v1 license': {
				if (m !== 'GET' || rest.length !== 2 || rest[0] !== 'working-environment')
					return notFound(rec);
				const we = findWe(rest[1]!);
				const on = state.backup[we.id]!.status === 'ON';
				return jsonReply(200, {
					license: {
						'working-environment-id': we.id,
						type: on ? 'PAYGO' : 'NONE',
						status: on ? 'VALID' : 'NOT_LICENSED',
						'capacity-tb': on ? 10 : 0,
						'used-capacity-tb': on ? 0.015 : 0,
						'expiration-date': on ? '2026-12-31T00:00:00Z' : null,
					},
				});
			}
			case 'v1 ransomware': {
				const [w, weId, v, volId, s, snapId] = rest;
				if (
					m !== 'POST' ||
					rest.length !== 6 ||
					w !== 'working-environment' ||
					v !== 'volume' ||
					s !== 'snapshot'
				)
					return notFound(rec);
				const we = findWe(weId!);
				const vol = findVolume(volId!, we.id);
				const snap = findBackup(vol, snapId!);
				return createJob('RANSOMWARE_SCAN', we.id, [vol.id], undefined, {
					'snapshot-name': snap.snapshotName,
					result: 'CLEAN',
				});
			}
			case 'v1 sg': {
				if (rest.length !== 0) return notFound(rec);
				if (m === 'GET') return jsonReply(200, { sg: state.storageGrids.map((g) => ({ ...g })) });
				if (m === 'POST') {
					const input = body(rec);
					if (typeof input.name !== 'string' || typeof input.hostname !== 'string')
						fail(400, 'name and hostname are required');
					if (
						typeof input['access-key'] !== 'string' ||
						typeof input['secret-password'] !== 'string'
					)
						fail(400, 'access-key and secret-password are required');
					const grid: BlueXpStorageGrid = {
						id: `sg-${crypto.randomBytes(4).toString('hex')}`,
						name: input.name as string,
						hostname: input.hostname as string,
						port: typeof input.port === 'number' ? input.port : 443,
					};
					state.storageGrids.push(grid);
					return jsonReply(200, { ...grid });
				}
				return notFound(rec);
			}
			default:
				return notFound(rec);
		}
	};

	const handle = (rec: RecordedRequest): Reply => {
		if (rec.path === TOKEN_PATH) return tokenEndpoint(rec);
		try {
			return route(rec);
		} catch (error) {
			if (error instanceof ApiError) return jsonReply(error.status, { message: error.message });
			throw error;
		}
	};

	const tls = options.https ? selfSignedTls() : undefined;

	const server = await startEmulatorServer({
		...(tls ? { tls } : {}),
		...(options.maxLifetimeMs ? { maxLifetimeMs: options.maxLifetimeMs } : {}),
		handle,
		faultBody: (status) => ({
			contentType: JSON_TYPE,
			body: JSON.stringify({
				message: status === 503 ? 'Service Unavailable' : `HTTP ${status}`,
			}),
		}),
		htmlLoginApplies: (rec) => rec.path.startsWith('/account/') || rec.path === TOKEN_PATH,
		htmlLoginPage: LOGIN_PAGE,
	});

	const emulator: NetAppBlueXpEmulator = {
		get url() {
			return server.url;
		},
		get port() {
			return server.port;
		},
		requests: server.requests,
		state,
		faults: server.faults,
		htmlNext(count, match) {
			server.faults.failNext(
				count,
				{ status: 200, body: LOGIN_PAGE, contentType: 'text/html; charset=utf-8' },
				match,
			);
		},
		switches: defaultSwitches(),
		accountId,
		connectorId,
		get apiBase() {
			return `${server.url}${apiPrefix.slice(0, -1)}`;
		},
		issued,
		get tokensIssued() {
			return issued.length;
		},
		expireTokens() {
			for (const record of tokens.values()) record.expired = true;
		},
		startScheduledJob(outcome, volumeId = SEED.volumes.awsData) {
			const volume = findVolume(volumeId);
			const id = crypto.randomUUID();
			state.jobs.set(id, {
				id,
				type: 'BACKUP_ADHOC',
				status: 'IN_PROGRESS',
				error: null,
				time: Date.now(),
				we: volume.we,
				data: {},
				polls: 0,
				outcome,
				volumeIds: [volume.id],
			});
			return id;
		},
		finishJob(id, outcome) {
			const job = state.jobs.get(id);
			if (job && outcome) job.outcome = outcome;
			return emulator.advanceJob(id);
		},
		addBackup(volumeId, creationTime, label = 'daily') {
			const volume = findVolume(volumeId);
			const stamp = creationTime.replace(/[-:]/g, '').slice(0, 13);
			const backup: BlueXpBackup = {
				id: `b-${crypto.randomUUID().slice(0, 8)}`,
				snapshotName: `cbs-snapshot.${label}.${stamp}`,
				volumeId: volume.id,
				we: volume.we,
				label,
				creationTime: new Date(creationTime).toISOString(),
				sizeBytes: 5_368_709_120,
				archived: false,
			};
			state.backups.push(backup);
			return backup;
		},
		advanceJob(id, steps) {
			const job = state.jobs.get(id);
			if (!job) return undefined;
			for (let i = 0; i < (steps ?? Number.MAX_SAFE_INTEGER); i++) {
				if (job.status === 'COMPLETED' || job.status === 'FAILED') break;
				step(job);
			}
			return job;
		},
		tokenRequests: () => server.requests.filter((r) => r.path === TOKEN_PATH),
		apiRequests: () => server.requests.filter((r) => r.path !== TOKEN_PATH),
		restart: (windowMs) => server.restart(windowMs),
		reset() {
			server.requests.length = 0;
			server.faults.clear();
			tokens.clear();
			issued.length = 0;
			Object.assign(state, seedState());
			emulator.switches = defaultSwitches();
		},
		close: () => server.close(),
	};
	return emulator;
}
