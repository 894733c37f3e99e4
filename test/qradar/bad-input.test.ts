/**
 * QRadar's own rules beyond the common refusals listed in test/bad-input.corpus.test.ts:
 * n8n's checks, the limits' edges, the restore groups' dependencies, every locator.
 */
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
});

describe('restore create refuses before sending', () => {
	const create = (groups: unknown, backup: unknown = byId(1)) => ({
		resource: 'restore',
		operation: 'create',
		backup,
		groups,
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

describe('other locators refuse before sending', () => {
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
});
