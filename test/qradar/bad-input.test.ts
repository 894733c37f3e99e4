/** Every rule the node checks itself: refused with a clear message, nothing sent to the console. */
import { byId, createBackupParameters, runQradar, useQradarEmulator } from './helpers';

/** A value given by an expression: n8n's own editor checks do not see it, the node's do. */
const expression = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
/** A locator whose ID comes from an expression (e.g. from a previous node). */
const idFrom = (value: string) => ({ __rl: true, mode: 'id', value: expression(value) });

const emulator = useQradarEmulator();

async function expectRefused(parameters: Record<string, unknown>, message: string | RegExp) {
	const result = await runQradar(emulator(), parameters);
	expect(result.status).toBe('error');
	expect(result.items).toEqual([]);
	if (typeof message === 'string') expect(result.error?.message).toBe(message);
	else expect(result.error?.message).toMatch(message);
	expect(result.error?.description).toMatch(/refused before anything was sent/);
	expect(emulator().requests).toHaveLength(0);
}

describe('backup create refuses before sending', () => {
	it.each([
		['an empty name', expression(''), /^Invalid parameter "Name": must not be empty/],
		['blanks only', '   ', /^Invalid parameter "Name": must not be empty/],
		['101 characters', 'a'.repeat(101), 'Invalid parameter "Name": must be at most 100 characters'],
		[
			'a space',
			'nightly backup',
			'Invalid parameter "Name": must contain only letters, digits, _, - and . (no spaces)',
		],
		[
			'a slash',
			'../etc',
			'Invalid parameter "Name": must contain only letters, digits, _, - and . (no spaces)',
		],
	])('a name with %s', async (_label, name, message) => {
		await expectRefused(createBackupParameters({ name }), message);
	});

	it('an empty name typed in the editor: n8n itself refuses to run, nothing is sent', async () => {
		await expect(runQradar(emulator(), createBackupParameters({ name: '' }))).rejects.toThrow(
			/Parameter "Name" is required/,
		);
		expect(emulator().requests).toHaveLength(0);
	});

	it('accepts exactly 100 characters', async () => {
		const result = await runQradar(emulator(), createBackupParameters({ name: 'a'.repeat(100) }));
		expect(result.error).toBeUndefined();
		expect(emulator().requests).toHaveLength(1);
	});

	it('a description over 255 characters', async () => {
		await expectRefused(
			createBackupParameters({ additionalFields: { description: 'x'.repeat(256) } }),
			'Invalid parameter "Additional Fields": description must be at most 255 characters',
		);
	});

	it.each([
		[-1, 'must not be negative'],
		[1.5, 'must be a whole number'],
		['one', 'must be a number'],
	])('configuration ID %p', async (configurationId, rule) => {
		await expectRefused(
			createBackupParameters({ configurationId }),
			`Invalid parameter "Configuration ID": ${rule}`,
		);
	});

	it('a negative host ID', async () => {
		await expectRefused(
			createBackupParameters({ additionalFields: { hostId: -3 } }),
			'Invalid parameter "Additional Fields": hostId must not be negative',
		);
	});

	it('an unknown backup type', async () => {
		await expectRefused(
			createBackupParameters({ backupType: 'FULL' }),
			'Invalid parameter "Backup Type": must be CONFIG or DATA',
		);
	});

	it('a poll interval under 0.1 s', async () => {
		await expectRefused(
			createBackupParameters({ options: { pollInterval: 0.01 } }),
			/^Invalid parameter "Options": pollInterval must be at least 0.1 seconds/,
		);
	});
});

describe('restore create refuses before sending', () => {
	const create = (groups: unknown, backup: unknown = byId(1)) => ({
		resource: 'restore',
		operation: 'create',
		backup,
		groups,
	});

	it('no groups', async () => {
		await expectRefused(
			create(expression([])),
			'Invalid parameter "Groups": choose at least one group',
		);
	});

	it('no groups typed in the editor: n8n itself refuses to run, nothing is sent', async () => {
		await expect(runQradar(emulator(), create([]))).rejects.toThrow(
			/Parameter "Groups" is required/,
		);
		expect(emulator().requests).toHaveLength(0);
	});

	it("a literal non-numeric ID: the locator's own check stops the run, nothing is sent", async () => {
		await expect(
			runQradar(emulator(), { resource: 'backup', operation: 'get', backup: byId('abc') }),
		).rejects.toThrow(/Not a numeric ID/);
		expect(emulator().requests).toHaveLength(0);
	});

	it.each([[['INSTALLED_APPS_CONFIG']], [['OFFENSES_DATA', 'USERS_CONFIG']]])(
		'%p without DEPLOYMENT_CONFIG',
		async (groups) => {
			await expectRefused(
				create(groups),
				/^Invalid parameter "Groups": Installed Apps \(INSTALLED_APPS_CONFIG\) and Offenses \(OFFENSES_DATA\) can only be restored together with Deployment Configuration/,
			);
		},
	);

	it('an unknown group', async () => {
		await expectRefused(create(['EVERYTHING']), /^Invalid parameter "Groups": 0 must be among/);
	});

	it.each([
		['letters', idFrom('abc')],
		['empty', idFrom('')],
		['negative', idFrom('-1')],
		['a path', idFrom('1/../2')],
		['a decimal', idFrom('1.5')],
	])('a backup locator that is %s', async (_label, backup) => {
		await expectRefused(
			create(['DEPLOYMENT_CONFIG'], backup),
			/^Invalid parameter "Backup": must be a numeric ID/,
		);
	});
});

describe('other locators and filters refuse before sending', () => {
	it.each([
		['backup', 'get'],
		['backup', 'delete'],
	])('%s %s with a non-numeric ID', async (resource, operation) => {
		await expectRefused(
			{ resource, operation, backup: idFrom('1 OR 1=1') },
			/^Invalid parameter "Backup": must be a numeric ID/,
		);
	});

	it.each([['get'], ['delete'], ['start']])(
		'restore %s with a non-numeric ID',
		async (operation) => {
			await expectRefused(
				{ resource: 'restore', operation, restore: idFrom('x7') },
				/^Invalid parameter "Restore": must be a numeric ID/,
			);
		},
	);

	it('a sort that is not field names', async () => {
		await expectRefused(
			{
				resource: 'backup',
				operation: 'getAll',
				returnAll: true,
				filters: { sort: 'id; drop' },
			},
			/^Invalid parameter "Filters": sort must be field names/,
		);
	});

	it('a limit of 0', async () => {
		await expectRefused(
			{ resource: 'restore', operation: 'getAll', returnAll: false, limit: 0 },
			'Invalid parameter "Limit": must be at least 1',
		);
	});

	it('a negative backup configuration ID', async () => {
		await expectRefused(
			{ resource: 'backupConfiguration', operation: 'get', configurationId: -1 },
			'Invalid parameter "Configuration ID": must not be negative',
		);
	});
});
