/** The Backup and Restore locators' lists, as the editor opens them. */
import {
	BACKUPS,
	RESTORES,
	header,
	listSearch,
	seedPendingRestore,
	useQradarEmulator,
} from './helpers';

describe('backup locator list', () => {
	const emulator = useQradarEmulator();

	it('newest first, one page of 100, labelled by name', async () => {
		const result = await listSearch(emulator(), 'searchBackups', {
			resource: 'backup',
			operation: 'get',
		});
		expect(result.results.map((r) => r.value)).toEqual(['4', '3', '2', '1']);
		expect(result.results[0]).toEqual({
			name: 'data_ep1_20250104',
			value: '4',
			description: expect.stringMatching(/^ID 4 · DATA · IN_PROGRESS · 2025-01-04/),
		});
		expect(result.paginationToken).toBeUndefined();
		const [request] = emulator().requests;
		expect(request.path).toBe(BACKUPS);
		expect(header(request, 'range')).toBe('items=0-99');
		expect(request.query).toEqual({ sort: '-time_initiated' });
	});

	it('a console that refuses the sort (422, code 1018) is asked again without it', async () => {
		emulator().switches.sortRefused = true;
		const result = await listSearch(emulator(), 'searchBackups', {
			resource: 'backup',
			operation: 'get',
		});
		expect(result.results.map((r) => r.value)).toEqual(['4', '3', '2', '1']);
		expect(emulator().requests.map((request) => request.query)).toEqual([
			{ sort: '-time_initiated' },
			{},
		]);
	});

	it('for a restore: only successful CONFIG backups', async () => {
		const result = await listSearch(emulator(), 'searchBackups', {
			resource: 'restore',
			operation: 'create',
		});
		expect(result.results.map((r) => r.value)).toEqual(['1']);
		expect(emulator().requests[0].query.filter).toBe('type="CONFIG" and status="SUCCESS"');
	});

	it('what the user types narrows the list', async () => {
		const result = await listSearch(
			emulator(),
			'searchBackups',
			{ resource: 'backup', operation: 'delete' },
			'nightly',
		);
		expect(result.results.map((r) => r.value)).toEqual(['2', '1']);
	});
});

describe('backup locator list across pages', () => {
	const emulator = useQradarEmulator({ backups: 150 });

	it('hands out the next page token and reads the next page with it', async () => {
		const first = await listSearch(emulator(), 'searchBackups', { resource: 'backup' });
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await listSearch(
			emulator(),
			'searchBackups',
			{ resource: 'backup' },
			undefined,
			first.paginationToken,
		);
		expect(second.results).toHaveLength(54);
		expect(second.paginationToken).toBeUndefined();
		expect(emulator().requests.map((r) => header(r, 'range'))).toEqual([
			'items=0-99',
			'items=100-199',
		]);
		const ids = new Set([...first.results, ...second.results].map((r) => r.value));
		expect(ids.size).toBe(154);
	});
});

describe('restore locator list', () => {
	const emulator = useQradarEmulator();

	it('all restores, labelled with their backup and status', async () => {
		const pending = seedPendingRestore(emulator());
		const result = await listSearch(emulator(), 'searchRestores', {
			resource: 'restore',
			operation: 'get',
		});
		expect(result.results.map((r) => r.name)).toEqual([
			`Restore ${pending} of nightly_config_20250101 (PENDING)`,
			'Restore 1 of nightly_config_20250101 (SUCCESS)',
		]);
		expect(emulator().requests[0].path).toBe(RESTORES);
	});

	it('for Start: only PENDING restores', async () => {
		const pending = seedPendingRestore(emulator());
		const result = await listSearch(emulator(), 'searchRestores', {
			resource: 'restore',
			operation: 'start',
		});
		expect(result.results.map((r) => r.value)).toEqual([String(pending)]);
		expect(emulator().requests[0].query.filter).toBe('status="PENDING"');
	});
});
