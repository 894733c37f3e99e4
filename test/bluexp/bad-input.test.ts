/**
 * Inputs the node refuses before anything is sent: not a single request reaches BlueXP (not
 * even a token request), and the error names the parameter to fix.
 */
import { SEED, byId, expectFailed, runBlueXp, useBlueXpEmulator } from './helpers';

const emulator = useBlueXpEmulator();

async function refused(parameters: Record<string, unknown>, message: RegExp) {
	const result = await runBlueXp(emulator(), parameters);
	expectFailed(result, {});
	expect(`${result.error?.message} ${result.error?.description ?? ''}`).toMatch(message);
	expect(emulator().requests).toEqual([]);
	return result;
}

const search = (filters: Record<string, unknown>) => ({
	resource: 'catalog',
	operation: 'search',
	workingEnvironment: byId(SEED.weAws),
	searchType: 'FILE',
	filters,
});

describe('refused before sending', () => {
	it.each([
		['get', { resource: 'workingEnvironment', operation: 'get' }],
		['getVolumes', { resource: 'backup', operation: 'getVolumes' }],
		['license', { resource: 'license', operation: 'get' }],
		['unregister', { resource: 'backup', operation: 'unregister' }],
	])('a missing working environment (%s)', async (_name, parameters) => {
		// an expression that comes out empty (an empty literal never starts: n8n flags the node)
		await refused(
			{ ...parameters, workingEnvironment: byId('={{ $json.missing ?? "" }}') },
			/Working Environment.*must not be empty/,
		);
	});

	it('a working environment with a slash (would address another path)', async () => {
		await refused(
			{ resource: 'workingEnvironment', operation: 'get', workingEnvironment: byId('a/../b') },
			/Working Environment.*\//,
		);
	});

	it.each([
		['createdFrom', 'yesterday', /"Created After" must be a date such as 2024-01-31/],
		['createdTo', '2025-13-45', /"Created Before" must be a date such as 2024-01-31/],
		['createdFrom', '31/01/2025', /"Created After" must be a date such as 2024-01-31/],
	])('a malformed catalog date (%s = %s)', async (field, value, message) => {
		await refused(search({ [field]: value }), message);
	});

	it('a catalog "from" after "to"', async () => {
		await refused(
			search({ createdFrom: '2025-02-01T00:00:00Z', createdTo: '2025-01-01T00:00:00Z' }),
			/"Created After" must not be later than "Created Before"/,
		);
	});

	it('a catalog min size above the max size', async () => {
		await refused(
			search({ sizeFrom: 5000, sizeTo: 10 }),
			/"Min Size \(Bytes\)" must not be more than "Max Size \(Bytes\)"/,
		);
	});

	it.each(['getRegions', 'getSubscriptions', 'getProjects'])(
		'an unknown provider for cloud %s',
		async (operation) => {
			await refused(
				{ resource: 'cloud', operation, provider: 'oracle' },
				/Provider.*aws, azure or gcp/,
			);
		},
	);

	it.each([
		[
			'backup getVolume',
			{ resource: 'backup', operation: 'getVolume', workingEnvironment: byId(SEED.weAws) },
		],
		['sfr getExploreStatus', { resource: 'sfr', operation: 'getExploreStatus' }],
		[
			'ransomware scan',
			{
				resource: 'ransomwareScan',
				operation: 'start',
				workingEnvironment: byId(SEED.weAws),
				snapshotName: SEED.snapshotNames.daily1,
			},
		],
		[
			'restore volume',
			{
				resource: 'restore',
				operation: 'restoreVolume',
				workingEnvironment: byId(SEED.weAws),
				snapshotName: SEED.snapshotNames.daily1,
				targetSvm: SEED.svmAws,
				targetVolumeName: 'x',
			},
		],
	])('an empty volume ID (%s)', async (_name, parameters) => {
		await refused({ ...parameters, volumeId: '   ' }, /Volume ID/);
	});

	it('a file restore without files', async () => {
		await refused(
			{
				resource: 'restore',
				operation: 'restoreFiles',
				workingEnvironment: byId(SEED.weAws),
				volumeId: SEED.volumes.awsData,
				snapshotName: SEED.snapshotNames.daily1,
				files: {},
				targetSvm: SEED.svmAws,
				targetVolumeName: 'vol_data',
			},
			/Files/,
		);
	});

	it('a backup policy without rules', async () => {
		await refused(
			{
				resource: 'workingEnvironment',
				operation: 'createBackupPolicy',
				workingEnvironment: byId(SEED.weAws),
				policyName: 'p',
				rules: {},
			},
			/Retention Rules/,
		);
	});

	it('a poll interval below 0.1 s', async () => {
		await refused(
			{
				resource: 'catalog',
				operation: 'setup',
				workingEnvironment: byId(SEED.weAws),
				options: { pollInterval: 0.01 },
			},
			/Poll/i,
		);
	});

	it('the same inputs are sent once fixed (the refusals above are not a broken emulator)', async () => {
		const result = await runBlueXp(emulator(), search({ createdFrom: '2025-01-01' }));
		expect(result.error).toBeUndefined();
		expect(emulator().apiRequests()).toHaveLength(1);
	});
});
