/**
 * Bad input never reaches the appliance: every parameter is checked (zod) before a
 * request is sent, and the user reads an error that names the parameter and the rule.
 *
 * Values that n8n's own parameter check already refuses when typed in literally
 * (empty required fields, a malformed UUID in a locator's "By UUID" mode) are fed
 * through expressions here, the way they arrive from upstream data in a real
 * workflow: n8n cannot check those before the run, so the node must.
 */
import type { IDataObject } from 'n8n-workflow';

import { SEED } from '../emulators/ontap';
import { byId, fromList, json, runOntap, useOntapEmulator } from './helpers';

const emulator = useOntapEmulator();

/** An expression reading `$json.<name>` of the input item. */
const fromInput = (name: string) => `={{ $json.${name} }}`;

const NODE1 = SEED.nodes.node1;
const SVM1 = SEED.svms.svm1;
const JOB = '0d4b2bbe-86d1-11e0-ae1c-123478563412';

interface BadInput {
	/** what is wrong, as the test title */
	title: string;
	parameters: Record<string, unknown>;
	/** the one input item the expressions read */
	input?: IDataObject;
	/** the parameter as the message names it */
	names: RegExp;
	/** the rule the message states */
	rule: RegExp;
}

const cases: BadInput[] = [
	{
		title: 'clusterNode (By UUID) is not a UUID',
		parameters: { resource: 'ndmpNode', operation: 'get', clusterNode: byId(fromInput('node')) },
		input: { node: 'node1' },
		names: /"Cluster Node"/,
		rule: /must be a UUID/,
	},
	{
		title: 'clusterNode (From List) is empty',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'get',
			clusterNode: fromList(fromInput('node')),
			name: 'a.7z',
		},
		input: { node: '' },
		names: /"Cluster Node"/,
		rule: /must be a UUID/,
	},
	{
		title: 'svm (By UUID) is not a UUID',
		parameters: { resource: 'ndmpSvm', operation: 'get', svm: byId(fromInput('svm')) },
		input: { svm: 'svm1' },
		names: /"SVM"/,
		rule: /must be a UUID/,
	},
	{
		title: 'ownerUuid is empty',
		parameters: {
			resource: 'ndmpSession',
			operation: 'get',
			ownerUuid: fromInput('owner'),
			sessionId: '2000:4000',
		},
		input: { owner: '' },
		names: /"Owner UUID"/,
		rule: /must be a UUID/,
	},
	{
		title: 'ownerUuid is not a UUID',
		parameters: {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: 'svm1',
			sessionId: '2000:4000',
		},
		names: /"Owner UUID"/,
		rule: /must be a UUID/,
	},
	{
		title: 'sessionId is empty',
		parameters: {
			resource: 'ndmpSession',
			operation: 'get',
			ownerUuid: SVM1,
			sessionId: fromInput('id'),
		},
		input: { id: '   ' },
		names: /"Session ID"/,
		rule: /must not be empty/,
	},
	{
		title: 'sessionId contains a /',
		parameters: {
			resource: 'ndmpSession',
			operation: 'delete',
			ownerUuid: SVM1,
			sessionId: '2000/../4000',
		},
		names: /"Session ID"/,
		rule: /must not contain \//,
	},
	{
		title: 'url has the ftp:// scheme',
		parameters: {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { url: 'ftp://backup.example.com/ontap' },
		},
		names: /"Update Fields".*url|url.*"Update Fields"/i,
		rule: /must start with http:\/\/ or https:\/\//,
	},
	{
		title: 'url has no scheme',
		parameters: {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { url: 'backup.example.com/ontap' },
		},
		names: /"Update Fields".*url/i,
		rule: /must start with http:\/\/ or https:\/\//,
	},
	{
		title: 'validateCertificate is turned on for an http:// url',
		parameters: {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { url: 'http://backup.example.com/ontap', validateCertificate: true },
		},
		names: /"Update Fields > Validate Certificate"/,
		rule: /only be turned on for an https:\/\/ URL.*http:\/\/backup\.example\.com\/ontap/,
	},
	{
		title: 'configurationBackup update without any field',
		parameters: { resource: 'configurationBackup', operation: 'update', updateFields: {} },
		names: /"Update Fields"/,
		rule: /add at least one field/,
	},
	{
		title: 'ndmpNode update without any field',
		parameters: {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: {},
		},
		names: /"Update Fields"/,
		rule: /add at least one field/,
	},
	{
		title: 'ndmpNode update with an empty user',
		parameters: {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: { user: ' ' },
		},
		names: /"Update Fields".*user/,
		rule: /must not be empty/,
	},
	{
		title: 'ndmpSvm update without any field',
		parameters: { resource: 'ndmpSvm', operation: 'update', svm: byId(SVM1), updateFields: {} },
		names: /"Update Fields"/,
		rule: /add at least one field/,
	},
	{
		title: 'authenticationTypes combines plaintext_sso with challenge',
		parameters: {
			resource: 'ndmpSvm',
			operation: 'update',
			svm: byId(SVM1),
			updateFields: { authenticationTypes: ['plaintext_sso', 'challenge'] },
		},
		names: /"Update Fields".*authenticationTypes/,
		rule: /plaintext_sso cannot be combined with other types/,
	},
	{
		title: 'authenticationTypes is an empty list',
		parameters: {
			resource: 'ndmpNode',
			operation: 'update',
			clusterNode: byId(NODE1),
			updateFields: { authenticationTypes: [] },
		},
		names: /"Update Fields".*authenticationTypes/,
		rule: /at least one type/,
	},
	{
		title: "mode is 'cluster'",
		parameters: { resource: 'ndmp', operation: 'update', mode: 'cluster' },
		names: /"Mode"/,
		rule: /must be svm or node/,
	},
	{
		title: 'limit is negative',
		parameters: { resource: 'ndmpSession', operation: 'getAll', returnAll: false, limit: -3 },
		names: /"Limit"/,
		rule: /must be at least 1/,
	},
	{
		title: 'limit is zero',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			returnAll: false,
			limit: 0,
		},
		names: /"Limit"/,
		rule: /must be at least 1/,
	},
	{
		title: 'limit is not a whole number',
		parameters: { resource: 'ndmpSvm', operation: 'getAll', returnAll: false, limit: 2.5 },
		names: /"Limit"/,
		rule: /must be a whole number/,
	},
	{
		title: 'fields option has illegal characters',
		parameters: {
			resource: 'ndmpSession',
			operation: 'getAll',
			options: { fields: 'id;drop&x=1' },
		},
		names: /"Options".*fields/,
		rule: /comma-separated list of field names/,
	},
	{
		title: "orderBy is 'name sideways'",
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'getAll',
			options: { orderBy: 'name sideways' },
		},
		names: /"Options".*orderBy/,
		rule: /each optionally followed by asc or desc/,
	},
	{
		title: "number filter clientPort is 'abc'",
		parameters: { resource: 'ndmpSession', operation: 'getAll', filters: { clientPort: 'abc' } },
		names: /"Filters > Client Port"/,
		rule: /must be a number/,
	},
	{
		title: 'backup file name is empty',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(NODE1),
			name: fromInput('name'),
		},
		input: { name: '' },
		names: /"Name"/,
		rule: /must not be empty/,
	},
	{
		title: 'backup file name contains a /',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'delete',
			clusterNode: byId(NODE1),
			name: '../cluster1.7z',
		},
		names: /"Name"/,
		rule: /must not contain \//,
	},
	{
		title: 'binaryPropertyName is empty',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'download',
			clusterNode: byId(NODE1),
			name: SEED.backupFiles[0].name,
			binaryPropertyName: fromInput('field'),
		},
		input: { field: '' },
		names: /"Put Output File in Field"/,
		rule: /must not be empty/,
	},
	{
		title: 'jobUuid is empty',
		parameters: { resource: 'job', operation: 'get', jobUuid: fromInput('job') },
		input: { job: '' },
		names: /"Job UUID"/,
		rule: /must be a UUID/,
	},
	{
		title: 'jobUuid is not a UUID',
		parameters: { resource: 'job', operation: 'get', jobUuid: 'job-42' },
		names: /"Job UUID"/,
		rule: /must be a UUID/,
	},
	{
		title: 'job get with pollInterval 0',
		parameters: {
			resource: 'job',
			operation: 'get',
			jobUuid: JOB,
			options: { waitForCompletion: true, pollInterval: 0 },
		},
		names: /"Options".*pollInterval/,
		rule: /must be at least 0\.1 seconds/,
	},
	{
		title: 'create with pollInterval 0',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(NODE1),
			name: 'manual',
			options: { pollInterval: 0 },
		},
		names: /"Options".*pollInterval/,
		rule: /must be at least 0\.1 seconds/,
	},
	{
		title: 'create with timeout -5',
		parameters: {
			resource: 'configurationBackupFile',
			operation: 'create',
			clusterNode: byId(NODE1),
			name: 'manual',
			options: { timeout: -5 },
		},
		names: /"Options".*timeout/,
		rule: /must be more than 0 seconds/,
	},
	{
		title: 'generatePassword with an empty user',
		parameters: {
			resource: 'ndmpSvm',
			operation: 'generatePassword',
			svm: byId(SVM1),
			user: fromInput('user'),
		},
		input: { user: '' },
		names: /"User"/,
		rule: /must not be empty/,
	},
];

describe('a bad parameter is refused before anything is sent', () => {
	it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
		const result = await runOntap(
			emulator(),
			c.parameters,
			c.input ? { inputItems: [{ json: c.input }] } : {},
		);

		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.error).toBeDefined();
		expect(result.error?.message).toMatch(/^Invalid parameter /);
		expect(result.error?.message).toMatch(c.names);
		expect(result.error?.message).toMatch(c.rule);
		expect(result.error?.description).toMatch(/refused before anything was sent/);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(emulator().requests).toEqual([]);
	});
});

describe('validateCertificate without a URL checks the URL stored on the cluster', () => {
	it('reads the settings once and sends no PATCH when the stored URL is http://', async () => {
		expect(emulator().state.configBackup.url).toMatch(/^http:\/\//);
		const before = { ...emulator().state.configBackup };

		const result = await runOntap(emulator(), {
			resource: 'configurationBackup',
			operation: 'update',
			updateFields: { validateCertificate: true },
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/"Update Fields > Validate Certificate"/);
		expect(result.error?.message).toContain(`https:// URL (the URL is "${before.url}")`);
		expect(emulator().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/support/configuration-backup',
		]);
		expect(emulator().requests.some((r) => r.method === 'PATCH')).toBe(false);
		expect(emulator().state.configBackup).toEqual(before);
	});
});

describe('values n8n itself refuses when typed in literally', () => {
	it.each([
		[
			'an empty required Owner UUID',
			{ resource: 'ndmpSession', operation: 'get', ownerUuid: '', sessionId: '2000' },
			/Owner UUID/,
		],
		[
			'a malformed UUID in By UUID mode',
			{ resource: 'ndmpNode', operation: 'get', clusterNode: byId('node1') },
			/Not a valid UUID/,
		],
		['an empty required Job UUID', { resource: 'job', operation: 'get', jobUuid: '' }, /Job UUID/],
	] as const)(
		'%s: the workflow does not start and nothing is sent',
		async (_title, parameters, issue) => {
			await expect(runOntap(emulator(), parameters)).rejects.toThrow(issue);
			expect(emulator().requests).toEqual([]);
		},
	);
});

describe('Continue On Fail', () => {
	it('a bad input on item 2 of 3 gives an error item for item 2 only, items 1 and 3 succeed', async () => {
		const [first, second, third] = emulator().state.sessions;
		const result = await runOntap(
			emulator(),
			{
				resource: 'ndmpSession',
				operation: 'get',
				ownerUuid: fromInput('owner'),
				sessionId: fromInput('id'),
			},
			{
				continueOnFail: true,
				inputItems: [
					{ json: { owner: first?.uuid, id: first?.id } },
					{ json: { owner: 'svm2', id: second?.id } },
					{ json: { owner: third?.uuid, id: third?.id } },
				],
			},
		);

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const [out1, out2, out3] = result.items;
		expect(out1?.json).toMatchObject({ uuid: first?.uuid, id: first?.id });
		expect(out1?.json.error).toBeUndefined();
		expect(out1?.pairedItem).toEqual({ item: 0 });
		expect(out2?.json.error).toMatch(/Invalid parameter "Owner UUID": must be a UUID/);
		expect(out2?.json.description).toMatch(/refused before anything was sent/);
		expect(out2?.pairedItem).toEqual({ item: 1 });
		expect(out3?.json).toMatchObject({ uuid: third?.uuid, id: third?.id });
		expect(out3?.json.error).toBeUndefined();
		expect(out3?.pairedItem).toEqual({ item: 2 });

		// only the two good items were sent; the bad one never left the node
		expect(emulator().requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /api/protocols/ndmp/sessions/${first?.uuid}/${encodeURIComponent(first?.id ?? '')}`,
			`GET /api/protocols/ndmp/sessions/${third?.uuid}/${encodeURIComponent(third?.id ?? '')}`,
		]);
		expect(json(result.items).filter((item) => item.error)).toHaveLength(1);
	});
});
