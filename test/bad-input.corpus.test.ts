/**
 * The bad-input corpus: one table of every kind of bad value, for every node and every
 * credential of the package. Each case runs the node in-process against its emulator and
 * must be refused by the node itself: a NodeOperationError whose message names the field by
 * the name the user sees, whose description says nothing was sent, and an emulator that
 * received no request at all (for BlueXP: not even a token request).
 *
 * Values n8n itself refuses when typed in literally (an empty required field, a malformed
 * ID in a locator with a pattern) arrive here through expressions, the way they come from
 * upstream data in a real workflow: n8n cannot check those before the run, the node must.
 *
 * The per-node bad-input tests keep what is more than a refusal (Continue On Fail, a file
 * that is not a backup, n8n's own checks, the values just inside a limit).
 */
import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { NetAppBlueXpApi } from '../credentials/NetAppBlueXpApi.credentials';
import { NetAppOntapApi } from '../credentials/NetAppOntapApi.credentials';
import { SapCloudConnectorApi } from '../credentials/SapCloudConnectorApi.credentials';
import { NetAppBlueXpBackupTrigger } from '../nodes/NetAppBlueXpBackupTrigger/NetAppBlueXpBackupTrigger.node';
import { NetAppOntapTrigger } from '../nodes/NetAppOntapTrigger/NetAppOntapTrigger.node';
import { SapCloudConnectorTrigger } from '../nodes/SapCloudConnectorTrigger/SapCloudConnectorTrigger.node';
import { runPoll, type HarnessCredential } from './harness';

import { SEED as BLUEXP } from './emulators/netAppBlueXp';
import { SEED as ONTAP } from './emulators/ontap';
import { bluexpCredential, runBlueXp, useBlueXpEmulator } from './bluexp/helpers';
import { ontapCredential, runOntap, useOntapEmulator } from './ontap/helpers';
import { pollTrigger, qradarCredential, runQradar, useQradarEmulator } from './qradar/helpers';
import { runSap, sapCredential, useSapEmulator } from './sap/helpers';

const ontap = useOntapEmulator();
const sap = useSapEmulator();
const qradar = useQradarEmulator();
const bluexp = useBlueXpEmulator();

type System =
	| 'netAppOntap'
	| 'netAppOntapTrigger'
	| 'sapCloudConnector'
	| 'sapCloudConnectorTrigger'
	| 'ibmQradar'
	| 'ibmQradarTrigger'
	| 'netAppBlueXpBackup'
	| 'netAppBlueXpBackupTrigger';

type Category =
	| 'empty'
	| 'malformed'
	| 'wrong type'
	| 'out of range'
	| 'injection'
	| 'path traversal'
	| 'oversized'
	| 'expression resolving to nothing';

interface BadInput {
	system: System;
	category: Category;
	/** what is wrong */
	title: string;
	parameters: Record<string, unknown>;
	/** the json of the one input item that expressions read */
	input?: IDataObject;
	/** credential fields that replace the working ones (a credential case) */
	credential?: IDataObject;
	/** the field as the user sees it (the node's parameter or the credential's field) */
	field: string;
	/** the rule the message states */
	rule: RegExp;
}

/** A value given by an expression: n8n's editor checks do not see it, the node's do. */
const expr = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
/** An expression that resolves to nothing: the input item has no such field. */
const MISSING = '={{ $json.missing }}';
/** A resource locator in "By ID" mode. */
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });

const CRLF = 'x\r\nX-Injected: 1';
const NODE1 = ONTAP.nodes.node1;
const SVM1 = ONTAP.svms.svm1;
const BACKUP_FILE = ONTAP.backupFiles[0]!.name;

// ---------------------------------------------------------------------------------------
// NetApp ONTAP
// ---------------------------------------------------------------------------------------
const session = (sessionId: unknown, operation = 'get') => ({
	resource: 'ndmpSession',
	operation,
	ownerUuid: SVM1,
	sessionId,
});
const backupFile = (operation: string, name: unknown) => ({
	resource: 'configurationBackupFile',
	operation,
	clusterNode: byId(NODE1),
	name,
});
const sessions = (extra: Record<string, unknown>) => ({
	resource: 'ndmpSession',
	operation: 'getAll',
	returnAll: false,
	limit: 10,
	...extra,
});

const ontapCases: Array<Omit<BadInput, 'system'>> = [
	// empty
	{
		category: 'empty',
		title: 'Owner UUID empty',
		parameters: { ...session('2000:4000'), ownerUuid: expr('') },
		field: 'Owner UUID',
		rule: /must be a UUID/,
	},
	{
		category: 'empty',
		title: 'Session ID blanks only',
		parameters: session(expr('   ')),
		field: 'Session ID',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'backup file Name empty (create)',
		parameters: backupFile('create', expr('')),
		field: 'Name',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'Cluster Node (From List) empty',
		parameters: {
			...backupFile('get', 'a.7z'),
			clusterNode: { __rl: true, mode: 'list', value: expr('') },
		},
		field: 'Cluster Node',
		rule: /must be a UUID/,
	},
	{
		category: 'empty',
		title: 'generatePassword User empty',
		parameters: {
			resource: 'ndmpSvm',
			operation: 'generatePassword',
			svm: byId(SVM1),
			user: expr(''),
		},
		field: 'User',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'download output field empty',
		parameters: { ...backupFile('download', BACKUP_FILE), binaryPropertyName: expr('') },
		field: 'Put Output File in Field',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'Job UUID empty',
		parameters: { resource: 'job', operation: 'get', jobUuid: expr('') },
		field: 'Job UUID',
		rule: /must be a UUID/,
	},
	{
		category: 'empty',
		title: 'configuration backup Update Fields empty',
		parameters: { resource: 'configurationBackup', operation: 'update', updateFields: {} },
		field: 'Update Fields',
		rule: /add at least one field/,
	},
	{
		category: 'empty',
		title: 'NDMP node update user blank',
		parameters: {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: { user: ' ' },
		},
		field: 'Update Fields',
		rule: /user must not be empty/,
	},
	{
		category: 'empty',
		title: 'authenticationTypes an empty list',
		parameters: {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: { authenticationTypes: [] },
		},
		field: 'Update Fields',
		rule: /at least one type/,
	},
	// expressions resolving to nothing
	{
		category: 'expression resolving to nothing',
		title: 'Job UUID',
		parameters: { resource: 'job', operation: 'get', jobUuid: MISSING },
		field: 'Job UUID',
		rule: /must not be empty|must be a UUID/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'backup file Name (get)',
		parameters: backupFile('get', MISSING),
		field: 'Name',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'SVM locator',
		parameters: { resource: 'ndmpSvm', operation: 'get', svm: byId(MISSING) },
		field: 'SVM',
		rule: /must not be empty|must be a UUID/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Session ID (delete)',
		parameters: session(MISSING, 'delete'),
		field: 'Session ID',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Owner UUID',
		parameters: { ...session('2000:4000'), ownerUuid: MISSING },
		field: 'Owner UUID',
		rule: /must not be empty|must be a UUID/,
	},
	// malformed
	{
		category: 'malformed',
		title: 'Cluster Node (By UUID) a node name',
		parameters: { resource: 'ndmpNode', operation: 'get', clusterNode: byId(expr('node1')) },
		field: 'Cluster Node',
		rule: /must be a UUID/,
	},
	{
		category: 'malformed',
		title: 'Owner UUID an SVM name',
		parameters: { ...session('2000:4000', 'delete'), ownerUuid: 'svm1' },
		field: 'Owner UUID',
		rule: /must be a UUID/,
	},
	{
		category: 'malformed',
		title: 'Job UUID not a UUID',
		parameters: { resource: 'job', operation: 'get', jobUuid: 'job-42' },
		field: 'Job UUID',
		rule: /must be a UUID/,
	},
	{
		category: 'malformed',
		title: 'backup URL with the ftp:// scheme',
		parameters: {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { url: 'ftp://backup.example.com/ontap' },
		},
		field: 'Update Fields',
		rule: /must start with http:\/\/ or https:\/\//,
	},
	{
		category: 'malformed',
		title: "Mode 'cluster'",
		parameters: { resource: 'ndmp', operation: 'update', mode: 'cluster' },
		field: 'Mode',
		rule: /must be svm or node/,
	},
	{
		category: 'malformed',
		title: 'Options orderBy sideways',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			options: { orderBy: 'name sideways' },
		},
		field: 'Options',
		rule: /asc or desc/,
	},
	{
		category: 'malformed',
		title: "number filter Client Port 'abc'",
		parameters: sessions({ filters: { clientPort: 'abc' } }),
		field: 'Filters > Client Port',
		rule: /must be a number/,
	},
	{
		category: 'malformed',
		title: 'authenticationTypes plaintext_sso with challenge',
		parameters: {
			resource: 'ndmpSvm',
			operation: 'update',
			svm: byId(SVM1),
			updateFields: { authenticationTypes: ['plaintext_sso', 'challenge'] },
		},
		field: 'Update Fields',
		rule: /plaintext_sso cannot be combined/,
	},
	// wrong type
	{
		category: 'wrong type',
		title: 'Limit is text',
		parameters: sessions({ limit: expr('ten') }),
		field: 'Limit',
		rule: /must be a number/,
	},
	{
		category: 'wrong type',
		title: 'Owner UUID is a number',
		parameters: { ...session('2000:4000'), ownerUuid: expr(42) },
		field: 'Owner UUID',
		rule: /must be text/,
	},
	{
		category: 'wrong type',
		title: 'Session ID is an object',
		parameters: session('={{ { id: 1 } }}'),
		field: 'Session ID',
		rule: /must be text/,
	},
	{
		category: 'wrong type',
		title: 'Options timeout is text',
		parameters: { ...backupFile('create', 'manual'), options: { timeout: expr('soon') } },
		field: 'Options',
		rule: /timeout/,
	},
	// out of range
	{
		category: 'out of range',
		title: 'Limit 0',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			returnAll: false,
			limit: 0,
		},
		field: 'Limit',
		rule: /must be at least 1/,
	},
	{
		category: 'out of range',
		title: 'Limit -3',
		parameters: sessions({ limit: -3 }),
		field: 'Limit',
		rule: /must be at least 1/,
	},
	{
		category: 'out of range',
		title: 'Limit 2.5',
		parameters: { resource: 'ndmpSvm', operation: 'getAll', returnAll: false, limit: 2.5 },
		field: 'Limit',
		rule: /whole number/,
	},
	{
		category: 'out of range',
		title: 'create timeout -5',
		parameters: { ...backupFile('create', 'manual'), options: { timeout: -5 } },
		field: 'Options',
		rule: /timeout must be more than 0 seconds/,
	},
	{
		category: 'out of range',
		title: 'job poll interval 0',
		parameters: {
			resource: 'job',
			operation: 'get',
			jobUuid: '0d4b2bbe-86d1-11e0-ae1c-123478563412',
			options: { waitForCompletion: true, pollInterval: 0 },
		},
		field: 'Options',
		rule: /pollInterval must be at least 0\.1 seconds/,
	},
	{
		category: 'out of range',
		title: 'create timeout over a day',
		parameters: { ...backupFile('create', 'manual'), options: { timeout: 100_000 } },
		field: 'Options',
		rule: /at most 86400 seconds/,
	},
	// injection
	{
		category: 'injection',
		title: 'Session ID with a query (?x=)',
		parameters: session('2000?fields=*'),
		field: 'Session ID',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Session ID with &',
		parameters: session('2000&owner.uuid=x', 'delete'),
		field: 'Session ID',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Session ID with CR/LF',
		parameters: session(expr(`2000${CRLF}`)),
		field: 'Session ID',
		rule: /on one line|must not contain whitespace/,
	},
	{
		category: 'injection',
		title: 'Session ID with %2f',
		parameters: session('2000%2f..%2f4000'),
		field: 'Session ID',
		rule: /percent-encoded/,
	},
	{
		category: 'injection',
		title: 'Cluster Node UUID with a query',
		parameters: {
			resource: 'ndmpNode',
			operation: 'get',
			clusterNode: byId(expr(`${NODE1}?fields=*`)),
		},
		field: 'Cluster Node',
		rule: /must be a UUID/,
	},
	{
		category: 'injection',
		title: 'Options fields with ; and &',
		parameters: sessions({ options: { fields: 'id;drop&x=1' } }),
		field: 'Options',
		rule: /comma-separated list of field names/,
	},
	{
		category: 'injection',
		title: 'text filter with CR/LF',
		parameters: sessions({ filters: { clientAddress: expr(`10.0.0.1${CRLF}`) } }),
		field: 'Filters > Client Address',
		rule: /on one line/,
	},
	{
		category: 'injection',
		title: 'generatePassword User with a #',
		parameters: {
			resource: 'ndmpSvm',
			operation: 'generatePassword',
			svm: byId(SVM1),
			user: 'ndmp#admin',
		},
		field: 'User',
		rule: /must not contain \?, & or #/,
	},
	// path traversal
	{
		category: 'path traversal',
		title: 'backup file Name ../ (delete)',
		parameters: backupFile('delete', '../cluster1.7z'),
		field: 'Name',
		rule: /must not contain \//,
	},
	{
		category: 'path traversal',
		title: 'backup file Name ..\\ (download)',
		parameters: backupFile('download', '..\\cluster1.7z'),
		field: 'Name',
		rule: /must not contain \/ or \\/,
	},
	{
		category: 'path traversal',
		title: 'backup file Name %2e%2e%2f (get)',
		parameters: backupFile('get', '%2e%2e%2fcluster1.7z'),
		field: 'Name',
		rule: /percent-encoded/,
	},
	{
		category: 'path traversal',
		title: 'backup file Name only dots (get)',
		parameters: backupFile('get', '..'),
		field: 'Name',
		rule: /only dots/,
	},
	{
		category: 'path traversal',
		title: 'Session ID climbs with /../',
		parameters: session('2000/../4000', 'delete'),
		field: 'Session ID',
		rule: /must not contain \//,
	},
	{
		category: 'path traversal',
		title: 'generatePassword User ..',
		parameters: { resource: 'ndmpSvm', operation: 'generatePassword', svm: byId(SVM1), user: '..' },
		field: 'User',
		rule: /only dots/,
	},
	// oversized
	{
		category: 'oversized',
		title: 'backup file Name of 300 characters',
		parameters: backupFile('create', 'a'.repeat(300)),
		field: 'Name',
		rule: /at most 255 characters/,
	},
	{
		category: 'oversized',
		title: 'Session ID of 10,000 characters',
		parameters: session('9'.repeat(10_000)),
		field: 'Session ID',
		rule: /at most 255 characters/,
	},
	{
		category: 'oversized',
		title: 'text filter of 5,000 characters',
		parameters: sessions({ filters: { clientAddress: 'a'.repeat(5_000) } }),
		field: 'Filters > Client Address',
		rule: /at most 4096 characters/,
	},
];

const ontapRead = { resource: 'ndmp', operation: 'get' };
const ontapCredentialCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'credential Base URL empty',
		parameters: ontapRead,
		credential: { baseUrl: '' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL|must not be empty/,
	},
	{
		category: 'malformed',
		title: 'credential Base URL ftp://',
		parameters: ontapRead,
		credential: { baseUrl: 'ftp://cluster.example.com' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL/,
	},
	{
		category: 'malformed',
		title: 'credential Base URL without a scheme',
		parameters: ontapRead,
		credential: { baseUrl: 'cluster.example.com' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL/,
	},
	{
		category: 'injection',
		title: 'credential Base URL with a user and password',
		parameters: ontapRead,
		credential: { baseUrl: 'URL:admin:netapp1!@' },
		field: 'Base URL',
		rule: /must not contain a user name or password/,
	},
	{
		category: 'injection',
		title: 'credential Base URL with a query',
		parameters: ontapRead,
		credential: { baseUrl: 'URL?x=1' },
		field: 'Base URL',
		rule: /must not contain a query/,
	},
	{
		category: 'path traversal',
		title: 'credential Base URL with /../',
		parameters: ontapRead,
		credential: { baseUrl: 'URL/x/../api' },
		field: 'Base URL',
		rule: /path traversal/,
	},
	{
		category: 'path traversal',
		title: 'credential Base URL with %2e%2e',
		parameters: ontapRead,
		credential: { baseUrl: 'URL/%2e%2e/api' },
		field: 'Base URL',
		rule: /percent-encoded/,
	},
	{
		category: 'empty',
		title: 'credential Password empty',
		parameters: ontapRead,
		credential: { password: '' },
		field: 'Password',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'credential Username empty',
		parameters: ontapRead,
		credential: { username: ' ' },
		field: 'Username',
		rule: /must not be empty/,
	},
	{
		category: 'malformed',
		title: 'credential Username with :',
		parameters: ontapRead,
		credential: { username: 'admin:x' },
		field: 'Username',
		rule: /must not contain :/,
	},
	{
		category: 'injection',
		title: 'credential Username with CR/LF',
		parameters: ontapRead,
		credential: { username: `admin${CRLF}` },
		field: 'Username',
		rule: /on one line/,
	},
];

// ---------------------------------------------------------------------------------------
// SAP Cloud Connector
// ---------------------------------------------------------------------------------------
const sapCreate = (extra: Record<string, unknown> = {}) => ({
	resource: 'configurationBackup',
	operation: 'create',
	password: 'Backup-Secret-42',
	...extra,
});
const sapRestore = (extra: Record<string, unknown> = {}) => ({
	resource: 'configurationBackup',
	operation: 'restore',
	password: 'Backup-Secret-42',
	...extra,
});
const subaccount = (regionHost: unknown, id: unknown) => ({
	resource: 'subaccount',
	operation: 'get',
	regionHost,
	subaccount: byId(id),
});
const REGION = 'cf.eu10.hana.ondemand.com';
const SUBACCOUNT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const sapCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'create Backup Password empty',
		parameters: sapCreate({ password: expr('') }),
		field: 'Backup Password',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'restore Backup Password of spaces',
		parameters: sapRestore({ password: '   ' }),
		field: 'Backup Password',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'create output field empty',
		parameters: sapCreate({ binaryPropertyName: expr('') }),
		field: 'Put Output File in Field',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'restore Input Binary Field blank',
		parameters: sapRestore({ binaryPropertyName: expr('  ') }),
		field: 'Input Binary Field',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'Region Host empty',
		parameters: subaccount(expr(''), SUBACCOUNT),
		field: 'Region Host',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'Subaccount empty',
		parameters: subaccount(REGION, expr('')),
		field: 'Subaccount',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'create Backup Password',
		parameters: sapCreate({ password: MISSING }),
		field: 'Backup Password',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'restore Backup Password',
		parameters: sapRestore({ password: MISSING }),
		field: 'Backup Password',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Region Host',
		parameters: subaccount(MISSING, SUBACCOUNT),
		field: 'Region Host',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Subaccount',
		parameters: subaccount(REGION, MISSING),
		field: 'Subaccount',
		rule: /must not be empty/,
	},
	{
		category: 'wrong type',
		title: 'Backup Password a number',
		parameters: sapCreate({ password: expr(12345) }),
		field: 'Backup Password',
		rule: /must be text/,
	},
	{
		category: 'wrong type',
		title: 'Subaccount an array',
		parameters: subaccount(REGION, '={{ ["a", "b"] }}'),
		field: 'Subaccount',
		rule: /must be text/,
	},
	{
		category: 'wrong type',
		title: 'subaccount Limit text',
		parameters: {
			resource: 'subaccount',
			operation: 'getAll',
			returnAll: false,
			limit: expr('all'),
		},
		field: 'Limit',
		rule: /must be a number/,
	},
	{
		category: 'out of range',
		title: 'subaccount Limit 0',
		parameters: { resource: 'subaccount', operation: 'getAll', returnAll: false, limit: 0 },
		field: 'Limit',
		rule: /must be at least 1/,
	},
	{
		category: 'wrong type',
		title: 'restore Refuse Restore Into Source Connector as text',
		parameters: sapRestore({ options: { refuseSourceConnector: expr('yes') } }),
		field: 'Options',
		rule: /"Refuse Restore Into Source Connector" must be true or false/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'restore drill: the input item has no sourceConnector',
		parameters: sapRestore({ options: { refuseSourceConnector: true } }),
		field: 'Refuse Restore Into Source Connector',
		rule: /does not say which connector the backup came from/,
	},
	{
		category: 'malformed',
		title: "restore drill: the input item's sourceConnector is no address",
		parameters: sapRestore({ options: { refuseSourceConnector: true } }),
		input: { sourceConnector: 'production connector' },
		field: 'Refuse Restore Into Source Connector',
		rule: /sourceConnector is not an http:\/\/ or https:\/\/ address/,
	},
	{
		category: 'out of range',
		title: 'create request timeout 0',
		parameters: sapCreate({ options: { requestTimeout: 0 } }),
		field: 'Options',
		rule: /more than 0 seconds/,
	},
	{
		category: 'out of range',
		title: 'create request timeout over a day',
		parameters: sapCreate({ options: { requestTimeout: 90_000 } }),
		field: 'Options',
		rule: /at most 86400 seconds/,
	},
	{
		category: 'injection',
		title: 'Region Host with a query (?x=)',
		parameters: subaccount(`${REGION}?x=1`, SUBACCOUNT),
		field: 'Region Host',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Region Host with CR/LF',
		parameters: subaccount(expr(`${REGION}${CRLF}`), SUBACCOUNT),
		field: 'Region Host',
		rule: /on one line/,
	},
	{
		category: 'injection',
		title: 'Subaccount with &',
		parameters: subaccount(REGION, `${SUBACCOUNT}&x=1`),
		field: 'Subaccount',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Subaccount with a #',
		parameters: subaccount(REGION, `${SUBACCOUNT}#x`),
		field: 'Subaccount',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Subaccount with a backslash',
		parameters: subaccount(REGION, 'a\\b'),
		field: 'Subaccount',
		rule: /must not contain \/ or \\/,
	},
	{
		category: 'path traversal',
		title: 'Region Host climbing with /../..',
		parameters: subaccount(`${REGION}/../..`, SUBACCOUNT),
		field: 'Region Host',
		rule: /must not contain \//,
	},
	{
		category: 'path traversal',
		title: 'Subaccount ..',
		parameters: subaccount(REGION, '..'),
		field: 'Subaccount',
		rule: /only dots/,
	},
	{
		category: 'path traversal',
		title: 'Subaccount %2e%2e',
		parameters: subaccount(REGION, '%2e%2e'),
		field: 'Subaccount',
		rule: /percent-encoded/,
	},
	{
		category: 'oversized',
		title: 'Subaccount of 256 characters',
		parameters: subaccount(REGION, 'a'.repeat(256)),
		field: 'Subaccount',
		rule: /at most 255 characters/,
	},
	{
		category: 'oversized',
		title: 'Region Host of 1,000 characters',
		parameters: subaccount('h'.repeat(1_000), SUBACCOUNT),
		field: 'Region Host',
		rule: /at most 255 characters/,
	},
];

const sapRead = { resource: 'connector', operation: 'getVersion' };
const sapCredentialCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'credential Base URL empty',
		parameters: sapRead,
		credential: { baseUrl: '' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL|must not be empty/,
	},
	{
		category: 'malformed',
		title: 'credential Base URL ftp://',
		parameters: sapCreate(),
		credential: { baseUrl: 'ftp://scc.example.com:8443' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL/,
	},
	{
		category: 'injection',
		title: 'credential Base URL with a user and password',
		parameters: sapRead,
		credential: { baseUrl: 'URL:Administrator:manage@' },
		field: 'Base URL',
		rule: /must not contain a user name or password/,
	},
	{
		category: 'injection',
		title: 'credential Base URL with a fragment',
		parameters: sapRead,
		credential: { baseUrl: 'URL#x' },
		field: 'Base URL',
		rule: /must not contain a query/,
	},
	{
		category: 'path traversal',
		title: 'credential Base URL with /..',
		parameters: sapCreate(),
		credential: { baseUrl: 'URL/..' },
		field: 'Base URL',
		rule: /path traversal/,
	},
	{
		category: 'empty',
		title: 'credential Password empty',
		parameters: sapCreate(),
		credential: { password: '' },
		field: 'Password',
		rule: /must not be empty/,
	},
	{
		category: 'malformed',
		title: 'credential Username with :',
		parameters: sapRead,
		credential: { username: 'Administrator:x' },
		field: 'Username',
		rule: /must not contain :/,
	},
	{
		category: 'injection',
		title: 'credential Password with CR/LF',
		parameters: sapRead,
		credential: { password: `manage${CRLF}` },
		field: 'Password',
		rule: /on one line/,
	},
];

// ---------------------------------------------------------------------------------------
// IBM QRadar (node and trigger)
// ---------------------------------------------------------------------------------------
const qBackup = (extra: Record<string, unknown> = {}) => ({
	resource: 'backup',
	operation: 'create',
	name: 'n8n_test_backup',
	options: { waitForCompletion: false },
	...extra,
});
const qGet = (id: unknown, resource = 'backup', operation = 'get') => ({
	resource,
	operation,
	[resource]: byId(id),
});
const qRestore = (groups: unknown, backup: unknown = byId('1')) => ({
	resource: 'restore',
	operation: 'create',
	backup,
	groups,
});
const qList = (filters: Record<string, unknown>, resource = 'backup') => ({
	resource,
	operation: 'getAll',
	returnAll: true,
	filters,
});

const qradarCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'backup Name empty',
		parameters: qBackup({ name: expr('') }),
		field: 'Name',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'backup Name blanks only',
		parameters: qBackup({ name: '   ' }),
		field: 'Name',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'restore Groups empty',
		parameters: qRestore(expr([])),
		field: 'Groups',
		rule: /choose at least one group/,
	},
	{
		category: 'empty',
		title: 'Backup locator empty',
		parameters: qGet(expr('')),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'backup Name',
		parameters: qBackup({ name: MISSING }),
		field: 'Name',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Backup locator (delete)',
		parameters: qGet(MISSING, 'backup', 'delete'),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Restore locator (start)',
		parameters: qGet(MISSING, 'restore', 'start'),
		field: 'Restore',
		rule: /must be a numeric ID/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'restore Groups',
		parameters: qRestore(MISSING),
		field: 'Groups',
		rule: /choose at least one group/,
	},
	{
		category: 'malformed',
		title: 'Backup locator letters',
		parameters: qGet(expr('abc')),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'malformed',
		title: 'Restore locator x7',
		parameters: qGet(expr('x7'), 'restore', 'get'),
		field: 'Restore',
		rule: /must be a numeric ID/,
	},
	{
		category: 'malformed',
		title: 'backup Name with a space',
		parameters: qBackup({ name: 'nightly backup' }),
		field: 'Name',
		rule: /only letters, digits/,
	},
	{
		category: 'malformed',
		title: "Backup Type 'FULL'",
		parameters: qBackup({ backupType: 'FULL' }),
		field: 'Backup Type',
		rule: /must be CONFIG or DATA/,
	},
	{
		category: 'malformed',
		title: 'unknown restore group',
		parameters: qRestore(['EVERYTHING']),
		field: 'Groups',
		rule: /must be among/,
	},
	{
		category: 'malformed',
		title: 'Sort that is not field names',
		parameters: qList({ sort: 'id; drop' }),
		field: 'Filters',
		rule: /sort must be field names/,
	},
	{
		category: 'wrong type',
		title: 'Configuration ID text',
		parameters: qBackup({ configurationId: 'one' }),
		field: 'Configuration ID',
		rule: /must be a number/,
	},
	{
		category: 'wrong type',
		title: 'restore Groups a single string',
		parameters: qRestore(expr('DEPLOYMENT_CONFIG')),
		field: 'Groups',
		rule: /./,
	},
	{
		category: 'wrong type',
		title: 'Backup locator a decimal',
		parameters: qGet(expr('1.5')),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'out of range',
		title: 'Configuration ID -1',
		parameters: qBackup({ configurationId: -1 }),
		field: 'Configuration ID',
		rule: /must not be negative/,
	},
	{
		category: 'out of range',
		title: 'Configuration ID 1.5',
		parameters: qBackup({ configurationId: 1.5 }),
		field: 'Configuration ID',
		rule: /whole number/,
	},
	{
		category: 'out of range',
		title: 'Backup locator negative',
		parameters: qGet(expr('-1')),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'out of range',
		title: 'host ID -3',
		parameters: qBackup({ additionalFields: { hostId: -3 } }),
		field: 'Additional Fields',
		rule: /hostId must not be negative/,
	},
	{
		category: 'out of range',
		title: 'restore Limit 0',
		parameters: { resource: 'restore', operation: 'getAll', returnAll: false, limit: 0 },
		field: 'Limit',
		rule: /must be at least 1/,
	},
	{
		category: 'out of range',
		title: 'poll interval 0.01 s',
		parameters: qBackup({ options: { pollInterval: 0.01 } }),
		field: 'Options',
		rule: /pollInterval must be at least 0\.1 seconds/,
	},
	{
		category: 'out of range',
		title: 'backup configuration ID -1',
		parameters: { resource: 'backupConfiguration', operation: 'get', configurationId: -1 },
		field: 'Configuration ID',
		rule: /must not be negative/,
	},
	{
		category: 'injection',
		title: 'Backup locator 1 OR 1=1',
		parameters: qGet(expr('1 OR 1=1')),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'injection',
		title: 'Backup locator with a query (?x=)',
		parameters: qGet(expr('1?fields=*'), 'backup', 'delete'),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'injection',
		title: 'Restore locator with &',
		parameters: qGet(expr('1&status=x'), 'restore', 'delete'),
		field: 'Restore',
		rule: /must be a numeric ID/,
	},
	{
		category: 'injection',
		title: 'Backup locator with CR/LF (header injection)',
		parameters: qGet(expr(`1\r\nSEC: stolen`)),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'injection',
		title: 'backup Name with CR/LF',
		parameters: qBackup({ name: expr(`nightly${CRLF}`) }),
		field: 'Name',
		rule: /only letters, digits/,
	},
	{
		category: 'injection',
		title: 'backup Name with ?x=',
		parameters: qBackup({ name: 'nightly?x=1' }),
		field: 'Name',
		rule: /only letters, digits/,
	},
	{
		category: 'injection',
		title: 'QRadar Filter spanning lines',
		parameters: qList({ filter: expr('status="SUCCESS"\r\nSEC: stolen') }),
		field: 'Filters',
		rule: /filter must be on one line/,
	},
	{
		category: 'injection',
		title: 'Fields with a line break',
		parameters: qList({ fields: expr('id\nname') }, 'restore'),
		field: 'Filters',
		rule: /fields must be on one line/,
	},
	{
		category: 'path traversal',
		title: 'Backup locator 1/../2',
		parameters: qRestore(['DEPLOYMENT_CONFIG'], byId(expr('1/../2'))),
		field: 'Backup',
		rule: /must be a numeric ID/,
	},
	{
		category: 'path traversal',
		title: 'Restore locator %2e%2e%2f1',
		parameters: qGet(expr('%2e%2e%2f1'), 'restore', 'get'),
		field: 'Restore',
		rule: /must be a numeric ID/,
	},
	{
		category: 'path traversal',
		title: 'backup Name ../etc',
		parameters: qBackup({ name: '../etc' }),
		field: 'Name',
		rule: /only letters, digits/,
	},
	{
		category: 'oversized',
		title: 'backup Name of 101 characters',
		parameters: qBackup({ name: 'a'.repeat(101) }),
		field: 'Name',
		rule: /at most 100 characters/,
	},
	{
		category: 'oversized',
		title: 'description of 256 characters',
		parameters: qBackup({ additionalFields: { description: 'x'.repeat(256) } }),
		field: 'Additional Fields',
		rule: /description must be at most 255 characters/,
	},
	{
		category: 'oversized',
		title: 'QRadar Filter of 5,000 characters',
		parameters: qList({ filter: `status="${'S'.repeat(5_000)}"` }),
		field: 'Filters',
		rule: /filter must be at most 4000 characters/,
	},
	{
		category: 'oversized',
		title: 'Backup locator with 400 digits',
		parameters: qGet(expr('9'.repeat(400))),
		field: 'Backup',
		rule: /at most 19 digits/,
	},
];

const qRead = { resource: 'backup', operation: 'getAll', returnAll: false, limit: 1 };
const qradarCredentialCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'credential Base URL empty',
		parameters: qRead,
		credential: { baseUrl: '' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL|must not be empty/,
	},
	{
		category: 'malformed',
		title: 'credential Base URL ftp://',
		parameters: qRead,
		credential: { baseUrl: 'ftp://qradar.example.com' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL/,
	},
	{
		category: 'injection',
		title: 'credential Base URL with a user and password',
		parameters: qRead,
		credential: { baseUrl: 'URL:admin:secret@' },
		field: 'Base URL',
		rule: /must not contain a user name or password/,
	},
	{
		category: 'path traversal',
		title: 'credential Base URL with /../',
		parameters: qRead,
		credential: { baseUrl: 'URL/console/../api' },
		field: 'Base URL',
		rule: /path traversal/,
	},
	{
		category: 'empty',
		title: 'credential token empty',
		parameters: qRead,
		credential: { token: '' },
		field: 'Authorized Service Token',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'credential token blanks only',
		parameters: qBackup(),
		credential: { token: '   ' },
		field: 'Authorized Service Token',
		rule: /must not be empty/,
	},
	{
		category: 'injection',
		title: 'credential token with CR/LF (header injection)',
		parameters: qRead,
		credential: { token: `TOKEN${CRLF}` },
		field: 'Authorized Service Token',
		rule: /on one line/,
	},
	{
		category: 'injection',
		title: 'credential API Version with CR/LF (header injection)',
		parameters: qRead,
		credential: { apiVersion: `26.0${CRLF}` },
		field: 'API Version',
		rule: /version such as 26\.0/,
	},
	{
		category: 'malformed',
		title: "credential API Version 'latest'",
		parameters: qRead,
		credential: { apiVersion: 'latest' },
		field: 'API Version',
		rule: /version such as 26\.0/,
	},
];

/** The trigger's cases: its poll() through n8n's PollContext (no input item there). */
const triggerCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'trigger Events empty',
		parameters: { events: expr([]) },
		field: 'Events',
		rule: /choose at least one event/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'trigger Events',
		parameters: { events: '={{ undefined }}' },
		field: 'Events',
		rule: /./,
	},
	{
		category: 'wrong type',
		title: 'trigger Events a single string',
		parameters: { events: expr('backupSucceeded') },
		field: 'Events',
		rule: /must be a list of events/,
	},
	{
		category: 'injection',
		title: 'trigger event injecting into the QRadar filter',
		parameters: { events: ['backupSucceeded" or status="PENDING'] },
		field: 'Events',
		rule: /must be among/,
	},
	{
		category: 'injection',
		title: 'trigger event with CR/LF',
		parameters: { events: expr([`backupFailed${CRLF}`]) },
		field: 'Events',
		rule: /must be among/,
	},
	{
		category: 'injection',
		title: 'trigger credential token with CR/LF',
		parameters: { events: ['backupSucceeded'] },
		credential: { token: `TOKEN${CRLF}` },
		field: 'Authorized Service Token',
		rule: /on one line/,
	},
	...overdueCases(),
];

/** Overdue After (Hours), the same on every trigger that offers Backup Overdue. */
function overdueCases(): Array<Omit<BadInput, 'system'>> {
	const overdue = (overdueAfterHours: unknown) => ({
		events: ['backupOverdue'],
		overdueAfterHours,
	});
	return [
		{
			category: 'out of range',
			title: 'trigger Overdue After 0 hours',
			parameters: overdue(0),
			field: 'Overdue After (Hours)',
			rule: /at least 1/,
		},
		{
			category: 'out of range',
			title: 'trigger Overdue After over a year',
			parameters: overdue(expr(9000)),
			field: 'Overdue After (Hours)',
			rule: /at most 8760/,
		},
		{
			category: 'malformed',
			title: 'trigger Overdue After a fraction of an hour',
			parameters: overdue(expr(1.5)),
			field: 'Overdue After (Hours)',
			rule: /whole number of hours/,
		},
		{
			category: 'wrong type',
			title: 'trigger Overdue After as text',
			parameters: overdue(expr('a day')),
			field: 'Overdue After (Hours)',
			rule: /must be a number/,
		},
		{
			category: 'expression resolving to nothing',
			title: 'trigger Overdue After',
			parameters: overdue('={{ undefined }}'),
			field: 'Overdue After (Hours)',
			rule: /./,
		},
	];
}

/** The other triggers: Events, and what each adds. */
const eventsCases = (known: string): Array<Omit<BadInput, 'system'>> => [
	{
		category: 'empty',
		title: 'trigger Events empty',
		parameters: { events: expr([]) },
		field: 'Events',
		rule: /choose at least one event/,
	},
	{
		category: 'injection',
		title: 'trigger event not offered',
		parameters: { events: expr([`${known}${CRLF}`]) },
		field: 'Events',
		rule: /must be among/,
	},
];
const ontapTriggerCases = [...eventsCases('backupFileCreated'), ...overdueCases()];
const sapTriggerCases = eventsCases('configurationChanged');
const bluexpTriggerCases: Array<Omit<BadInput, 'system'>> = [
	...eventsCases('jobFailed'),
	...overdueCases(),
	{
		category: 'injection',
		title: 'trigger Job Types with a query',
		parameters: { events: ['jobFailed'], options: { jobTypes: 'BACKUP&status=FAILED' } },
		field: 'Options',
		rule: /job types separated by commas/,
	},
];

// ---------------------------------------------------------------------------------------
// NetApp BlueXP backup and recovery
// ---------------------------------------------------------------------------------------
const WE = BLUEXP.weAws;
const VOLUME = BLUEXP.volumes.awsData;
const SNAPSHOT = BLUEXP.snapshotNames.daily1;
const weGet = (we: unknown) => ({
	resource: 'workingEnvironment',
	operation: 'get',
	workingEnvironment: byId(we),
});
const deleteSnapshot = (extra: Record<string, unknown>) => ({
	resource: 'backup',
	operation: 'deleteSnapshot',
	workingEnvironment: byId(WE),
	volumeId: VOLUME,
	snapshotName: SNAPSHOT,
	...extra,
});
const restoreFiles = (path: unknown) => ({
	resource: 'restore',
	operation: 'restoreFiles',
	workingEnvironment: byId(WE),
	volumeId: VOLUME,
	snapshotName: SNAPSHOT,
	files: { file: [{ path, type: 'FILE' }] },
	targetSvm: BLUEXP.svmAws,
	targetVolumeName: 'vol_data',
});
const listFiles = (path: unknown) => ({
	resource: 'sfr',
	operation: 'listFiles',
	volumeId: VOLUME,
	snapshotName: SNAPSHOT,
	path,
	returnAll: true,
});
const jobGet = (jobId: unknown) => ({ resource: 'job', operation: 'get', jobId });
const storageGrid = (extra: Record<string, unknown>) => ({
	resource: 'storageGrid',
	operation: 'create',
	name: 'sg-dc2',
	host: 'sg.dc2.example.com',
	port: 8082,
	accessKey: 'AKIA0000',
	secretKey: 'sg-secret-0000',
	...extra,
});
const adHoc = (extra: Record<string, unknown>) => ({
	resource: 'backup',
	operation: 'createAdHoc',
	workingEnvironment: byId(WE),
	volumeId: VOLUME,
	backupName: 'adhoc-n8n',
	...extra,
});

const bluexpCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'empty',
		title: 'Working Environment empty',
		parameters: weGet(expr('')),
		field: 'Working Environment',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'Volume ID blanks only',
		parameters: deleteSnapshot({ volumeId: '   ' }),
		field: 'Volume ID',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'ad-hoc Backup Name empty',
		parameters: adHoc({ backupName: expr('') }),
		field: 'Backup Name',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'file restore without files',
		parameters: { ...restoreFiles('/x'), files: {} },
		field: 'Files',
		rule: /add at least one file/,
	},
	{
		category: 'empty',
		title: 'backup policy without rules',
		parameters: {
			resource: 'workingEnvironment',
			operation: 'createBackupPolicy',
			workingEnvironment: byId(WE),
			policyName: 'p',
			rules: {},
		},
		field: 'Retention Rules',
		rule: /./,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Working Environment',
		parameters: weGet(MISSING),
		field: 'Working Environment',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Job ID',
		parameters: jobGet(MISSING),
		field: 'Job ID',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'Snapshot Name',
		parameters: deleteSnapshot({ snapshotName: MISSING }),
		field: 'Snapshot Name',
		rule: /must not be empty/,
	},
	{
		category: 'expression resolving to nothing',
		title: 'storage grid Secret Key',
		parameters: storageGrid({ secretKey: MISSING }),
		field: 'Secret Key',
		rule: /must not be empty/,
	},
	{
		category: 'malformed',
		title: 'catalog date yesterday',
		parameters: {
			resource: 'catalog',
			operation: 'search',
			workingEnvironment: byId(WE),
			searchType: 'FILE',
			filters: { createdFrom: 'yesterday' },
		},
		field: 'Filters',
		rule: /"Created After" must be a date/,
	},
	{
		category: 'malformed',
		title: "cloud Provider 'oracle'",
		parameters: { resource: 'cloud', operation: 'getRegions', provider: 'oracle' },
		field: 'Provider',
		rule: /aws, azure or gcp/,
	},
	{
		category: 'malformed',
		title: 'job Status DONE',
		parameters: {
			resource: 'job',
			operation: 'getAll',
			returnAll: true,
			filters: { status: expr('DONE') },
		},
		field: 'Filters',
		rule: /status must be one of/,
	},
	{
		category: 'malformed',
		title: 'storage grid Host with a scheme',
		parameters: storageGrid({ host: 'https://sg.dc2.example.com' }),
		field: 'Host',
		rule: /host name or an IP address/,
	},
	{
		category: 'wrong type',
		title: 'storage grid Port text',
		parameters: storageGrid({ port: expr('https') }),
		field: 'Port',
		rule: /must be a number/,
	},
	{
		category: 'wrong type',
		title: 'Job ID a number',
		parameters: jobGet(expr(42)),
		field: 'Job ID',
		rule: /must be text/,
	},
	{
		category: 'wrong type',
		title: 'Volume ID an object',
		parameters: deleteSnapshot({ volumeId: '={{ { id: 1 } }}' }),
		field: 'Volume ID',
		rule: /must be text/,
	},
	{
		category: 'out of range',
		title: 'storage grid Port 70000',
		parameters: storageGrid({ port: 70_000 }),
		field: 'Port',
		rule: /at most 65535/,
	},
	{
		category: 'out of range',
		title: 'catalog min size above max size',
		parameters: {
			resource: 'catalog',
			operation: 'search',
			workingEnvironment: byId(WE),
			searchType: 'FILE',
			filters: { sizeFrom: 5000, sizeTo: 10 },
		},
		field: 'Filters',
		rule: /"Min Size \(Bytes\)" must not be more than "Max Size \(Bytes\)"/,
	},
	{
		category: 'out of range',
		title: 'catalog setup poll interval 0.01 s',
		parameters: {
			resource: 'catalog',
			operation: 'setup',
			workingEnvironment: byId(WE),
			options: { pollInterval: 0.01 },
		},
		field: 'Options',
		rule: /pollInterval/,
	},
	{
		category: 'out of range',
		title: 'job Limit 0',
		parameters: { resource: 'job', operation: 'getAll', returnAll: false, limit: 0 },
		field: 'Limit',
		rule: /must be at least 1/,
	},
	{
		category: 'injection',
		title: 'Working Environment with a query (?x=)',
		parameters: weGet(`${WE}?x=1`),
		field: 'Working Environment',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Working Environment with CR/LF',
		parameters: weGet(expr(`${WE}${CRLF}`)),
		field: 'Working Environment',
		rule: /on one line/,
	},
	{
		category: 'injection',
		title: 'Job ID with &',
		parameters: jobGet(`${BLUEXP.jobId}&x=1`),
		field: 'Job ID',
		rule: /must not contain \?, & or #/,
	},
	{
		category: 'injection',
		title: 'Snapshot Name with %2f',
		parameters: deleteSnapshot({ snapshotName: `${SNAPSHOT}%2f..` }),
		field: 'Snapshot Name',
		rule: /percent-encoded/,
	},
	{
		category: 'injection',
		title: 'ad-hoc Backup Name with CR/LF',
		parameters: adHoc({ backupName: expr(`adhoc${CRLF}`) }),
		field: 'Backup Name',
		rule: /on one line/,
	},
	{
		category: 'injection',
		title: 'job Type with ?x=',
		parameters: {
			resource: 'job',
			operation: 'getAll',
			returnAll: true,
			filters: { type: 'backup?x=1' },
		},
		field: 'Filters',
		rule: /type must be a job type/,
	},
	{
		category: 'injection',
		title: 'storage grid Host with a path',
		parameters: storageGrid({ host: 'sg.example.com/../admin' }),
		field: 'Host',
		rule: /host name or an IP address/,
	},
	{
		category: 'path traversal',
		title: 'Working Environment a/../b',
		parameters: weGet('a/../b'),
		field: 'Working Environment',
		rule: /must not contain \//,
	},
	{
		category: 'path traversal',
		title: 'Volume ID ..',
		parameters: deleteSnapshot({ volumeId: '..' }),
		field: 'Volume ID',
		rule: /only dots/,
	},
	{
		category: 'path traversal',
		title: 'policy name climbing (update)',
		parameters: {
			resource: 'workingEnvironment',
			operation: 'updateBackupPolicy',
			workingEnvironment: byId(WE),
			policyName: '..\\other',
		},
		field: 'Policy Name',
		rule: /must not contain \/ or \\/,
	},
	{
		category: 'path traversal',
		title: 'file restore path /data/../../etc/passwd',
		parameters: restoreFiles('/data/../../etc/passwd'),
		field: 'Files',
		rule: /path traversal/,
	},
	{
		category: 'path traversal',
		title: 'file restore path ..\\..\\windows',
		parameters: restoreFiles('..\\..\\windows\\system.ini'),
		field: 'Files',
		rule: /path traversal/,
	},
	{
		category: 'path traversal',
		title: 'file restore path %2e%2e%2f',
		parameters: restoreFiles('/data/%2e%2e%2fetc'),
		field: 'Files',
		rule: /percent-encoded/,
	},
	{
		category: 'path traversal',
		title: 'file listing Path /data/../..',
		parameters: listFiles('/data/../..'),
		field: 'Path',
		rule: /path traversal/,
	},
	{
		category: 'oversized',
		title: 'Working Environment of 300 characters',
		parameters: weGet('w'.repeat(300)),
		field: 'Working Environment',
		rule: /at most 255 characters/,
	},
	{
		category: 'oversized',
		title: 'file listing Path of 5,000 characters',
		parameters: listFiles(`/${'d'.repeat(5_000)}`),
		field: 'Path',
		rule: /at most 4096 characters/,
	},
	{
		category: 'oversized',
		title: 'job Type of 200 characters',
		parameters: {
			resource: 'job',
			operation: 'getAll',
			returnAll: true,
			filters: { type: 'b'.repeat(200) },
		},
		field: 'Filters',
		rule: /at most 100 characters/,
	},
];

const bRead = { resource: 'workingEnvironment', operation: 'getAll', returnAll: true };
const bluexpCredentialCases: Array<Omit<BadInput, 'system'>> = [
	{
		category: 'malformed',
		title: 'credential Base URL ftp://',
		parameters: bRead,
		credential: { baseUrl: 'ftp://api.bluexp.netapp.com' },
		field: 'Base URL',
		rule: /not a valid http\(s\) URL/,
	},
	{
		category: 'injection',
		title: 'credential Base URL with a user and password',
		parameters: bRead,
		credential: { baseUrl: 'URL:me:secret@' },
		field: 'Base URL',
		rule: /must not contain a user name or password/,
	},
	{
		category: 'path traversal',
		title: 'credential Base URL with /../',
		parameters: bRead,
		credential: { baseUrl: 'URL/x/..' },
		field: 'Base URL',
		rule: /path traversal/,
	},
	{
		category: 'malformed',
		title: 'credential Token URL ftp://',
		parameters: bRead,
		credential: { tokenUrl: 'ftp://auth.example.com/token' },
		field: 'Token URL',
		rule: /http:\/\/ or https:\/\//,
	},
	{
		category: 'injection',
		title: 'credential Token URL with a user and password',
		parameters: bRead,
		credential: { tokenUrl: 'URL:me:secret@/auth/oauth/token' },
		field: 'Token URL',
		rule: /must not contain a user name or password/,
	},
	{
		category: 'empty',
		title: 'credential Account ID empty',
		parameters: bRead,
		credential: { accountId: '' },
		field: 'Account ID',
		rule: /must not be empty/,
	},
	{
		category: 'path traversal',
		title: 'credential Account ID with slashes',
		parameters: bRead,
		credential: { accountId: 'account-n8nTst01/../other' },
		field: 'Account ID',
		rule: /must not contain \//,
	},
	{
		category: 'injection',
		title: 'credential Account ID with a query',
		parameters: bRead,
		credential: { accountId: 'account-n8nTst01?x=1' },
		field: 'Account ID',
		rule: /must not contain \?, &, # or %/,
	},
	{
		category: 'path traversal',
		title: 'credential Account ID %2e%2e',
		parameters: bRead,
		credential: { accountId: '%2e%2e' },
		field: 'Account ID',
		rule: /must not contain \?, &, # or %/,
	},
	{
		category: 'empty',
		title: 'credential Connector ID empty',
		parameters: bRead,
		credential: { agentId: '' },
		field: 'Connector (Agent) ID',
		rule: /must not be empty/,
	},
	{
		category: 'injection',
		title: 'credential Connector ID with slashes',
		parameters: bRead,
		credential: { agentId: 'conn/../x' },
		field: 'Connector (Agent) ID',
		rule: /must not contain \//,
	},
	{
		category: 'injection',
		title: 'credential Connector ID with CR/LF (header injection)',
		parameters: bRead,
		credential: { agentId: `conn${CRLF}` },
		field: 'Connector (Agent) ID',
		rule: /spaces or line breaks/,
	},
	{
		category: 'empty',
		title: 'credential Refresh Token empty',
		parameters: bRead,
		credential: { refreshToken: '' },
		field: 'Refresh Token',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'credential Client Secret empty (service account)',
		parameters: bRead,
		credential: { authType: 'serviceAccount', clientId: BLUEXP.serviceClientId, clientSecret: '' },
		field: 'Client Secret',
		rule: /must not be empty/,
	},
	{
		category: 'empty',
		title: 'credential Client ID empty (service account)',
		parameters: bRead,
		credential: {
			authType: 'serviceAccount',
			clientId: '',
			clientSecret: BLUEXP.serviceClientSecret,
		},
		field: 'Client ID',
		rule: /must not be empty/,
	},
];

const cases: BadInput[] = [
	...ontapCases.map((c) => ({ ...c, system: 'netAppOntap' as const })),
	...ontapCredentialCases.map((c) => ({ ...c, system: 'netAppOntap' as const })),
	...sapCases.map((c) => ({ ...c, system: 'sapCloudConnector' as const })),
	...sapCredentialCases.map((c) => ({ ...c, system: 'sapCloudConnector' as const })),
	...qradarCases.map((c) => ({ ...c, system: 'ibmQradar' as const })),
	...qradarCredentialCases.map((c) => ({ ...c, system: 'ibmQradar' as const })),
	...triggerCases.map((c) => ({ ...c, system: 'ibmQradarTrigger' as const })),
	...ontapTriggerCases.map((c) => ({ ...c, system: 'netAppOntapTrigger' as const })),
	...sapTriggerCases.map((c) => ({ ...c, system: 'sapCloudConnectorTrigger' as const })),
	...bluexpTriggerCases.map((c) => ({ ...c, system: 'netAppBlueXpBackupTrigger' as const })),
	...bluexpCases.map((c) => ({ ...c, system: 'netAppBlueXpBackup' as const })),
	...bluexpCredentialCases.map((c) => ({ ...c, system: 'netAppBlueXpBackup' as const })),
];

/**
 * `URL` at the start of a credential value stands for the emulator's own address:
 * `URL/x` appends to it, `URL:user:password@` (optionally followed by `/path`) puts a
 * user and password in front of its host.
 */
function withEmulatorUrl(
	credential: IDataObject | undefined,
	url: string,
): IDataObject | undefined {
	if (!credential) return undefined;
	const [scheme, host] = url.split('://') as [string, string];
	const resolved: IDataObject = {};
	for (const [key, value] of Object.entries(credential)) {
		if (typeof value !== 'string' || !value.startsWith('URL')) resolved[key] = value;
		else if (value.startsWith('URL:')) {
			const [userinfo, path = ''] = value.slice(4).split('@') as [string, string?];
			resolved[key] = `${scheme}://${userinfo}@${host}${path}`;
		} else resolved[key] = `${url}${value.slice(3)}`;
	}
	return resolved;
}

interface Outcome {
	status: string;
	items: unknown[];
	error?: { message: string; description?: string | null; name?: string };
	requests: number;
}

async function run(c: BadInput): Promise<Outcome> {
	const inputItems = [{ json: c.input ?? {} }];
	switch (c.system) {
		case 'netAppOntap': {
			const result = await runOntap(ontap(), c.parameters, {
				inputItems,
				credentialData: withEmulatorUrl(c.credential, ontap().url),
			});
			return { ...result, requests: ontap().requests.length };
		}
		case 'sapCloudConnector': {
			const result = await runSap(sap(), c.parameters, {
				inputItems,
				credentialData: withEmulatorUrl(c.credential, sap().url),
			});
			return { ...result, requests: sap().requests.length };
		}
		case 'ibmQradar': {
			const result = await runQradar(qradar(), c.parameters, {
				inputItems,
				credentialData: withEmulatorUrl(c.credential, qradar().url),
			});
			return { ...result, requests: qradar().requests.length };
		}
		case 'ibmQradarTrigger': {
			const credential = withEmulatorUrl(c.credential, qradar().url);
			const result = await pollTrigger(qradar(), [], {
				parameters: c.parameters,
				credentials: [qradarCredential(qradar(), credential)],
			});
			return {
				status: result.error ? 'error' : 'success',
				items: result.items,
				error: result.error,
				requests: qradar().requests.length,
			};
		}
		case 'netAppOntapTrigger':
			return await pollOnce(c, new NetAppOntapTrigger(), new NetAppOntapApi(), () => ({
				credential: ontapCredential(ontap()),
				requests: ontap().requests.length,
			}));
		case 'sapCloudConnectorTrigger':
			return await pollOnce(c, new SapCloudConnectorTrigger(), new SapCloudConnectorApi(), () => ({
				credential: sapCredential(sap()),
				requests: sap().requests.length,
			}));
		case 'netAppBlueXpBackupTrigger':
			return await pollOnce(c, new NetAppBlueXpBackupTrigger(), new NetAppBlueXpApi(), () => ({
				credential: bluexpCredential(bluexp()),
				// token requests included
				requests: bluexp().requests.length,
			}));
		case 'netAppBlueXpBackup': {
			const credential = withEmulatorUrl(c.credential, bluexp().url);
			const result = await runBlueXp(bluexp(), c.parameters, {
				inputItems,
				credentials: [bluexpCredential(bluexp(), credential)],
			});
			// every request, token requests included
			return { ...result, requests: bluexp().requests.length };
		}
	}
}

/** One poll of a trigger through n8n's PollContext, and what its emulator received. */
async function pollOnce(
	c: BadInput,
	node: INodeType,
	credentialType: ICredentialType,
	emulatorOf: () => { credential: HarnessCredential; requests: number },
): Promise<Outcome> {
	const result = await runPoll({
		nodeType: `n8n-nodes-backup-restore.${c.system}`,
		node,
		credentialTypes: [credentialType],
		credentials: [emulatorOf().credential],
		parameters: c.parameters,
	});
	return {
		status: result.error ? 'error' : 'success',
		items: result.items,
		error: result.error,
		requests: emulatorOf().requests,
	};
}

const counted: Record<string, number> = {};

describe('the bad-input corpus: refused before anything is sent', () => {
	it.each(cases.map((c) => [`${c.system} · ${c.category} · ${c.title}`, c] as const))(
		'%s',
		async (_title, c) => {
			const outcome = await run(c);

			expect(outcome.status).toBe('error');
			expect(outcome.items).toEqual([]);
			expect(outcome.error?.name).toBe('NodeOperationError');
			const message = outcome.error?.message ?? '';
			if (c.credential) {
				// the credential field by its name in the credential dialog
				expect(message).toMatch(
					new RegExp(
						`^(Invalid credential field "${escape(c.field)}": |The credential's ${escape(c.field)} ")`,
					),
				);
			} else {
				expect(message.startsWith(`Invalid parameter "${c.field}`)).toBe(true);
			}
			expect(message).toMatch(c.rule);
			expect(outcome.error?.description).toMatch(/refused before anything was sent/);
			expect(outcome.requests).toBe(0);
			counted[c.system] = (counted[c.system] ?? 0) + 1;
		},
	);
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

afterAll(() => {
	const perSystem = Object.entries(counted)
		.map(([system, n]) => `${system} ${n}`)
		.join(', ');
	console.log(`bad-input corpus: ${cases.length} cases (refused as expected: ${perSystem})`);
});

it('holds at least 100 cases across the four systems, their triggers and their credentials', () => {
	expect(cases.length).toBeGreaterThanOrEqual(100);
	const systems = new Set(cases.map((c) => c.system));
	expect(systems.size).toBe(8);
	// the triggers read the same credentials as the nodes, whose cases are above
	for (const system of [...systems].filter((name) => !name.endsWith('Trigger')))
		expect(cases.some((c) => c.system === system && c.credential)).toBe(true);
});
