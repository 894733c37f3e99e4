/** The working environment locator's list search: one GET, filtered by name, ID or type. */
import { SEED, calls, listSearch, useBlueXpEmulator } from './helpers';

const emulator = useBlueXpEmulator();

describe('searchWorkingEnvironments', () => {
	it('without a filter: every working environment, name shown, ID as value, one GET', async () => {
		const found = await listSearch(emulator(), 'searchWorkingEnvironments');
		expect(found.results).toEqual([
			{ name: 'cvo-aws-prod', value: SEED.weAws, description: `${SEED.weAws} (VSA)` },
			{ name: 'onprem-cluster1', value: SEED.weOnPrem, description: `${SEED.weOnPrem} (ON_PREM)` },
		]);
		expect(calls(emulator())).toEqual(['GET v1/working-environment']);
	});

	it.each([
		['a part of the name, any case', 'AWS-PROD', SEED.weAws],
		['a part of the ID', 'n8nOnp1', SEED.weOnPrem],
		['the type', 'on_prem', SEED.weOnPrem],
	])('filtered by %s', async (_what, filter, expected) => {
		const found = await listSearch(emulator(), 'searchWorkingEnvironments', filter);
		expect(found.results.map((entry) => entry.value)).toEqual([expected]);
	});

	it('a filter that matches nothing: an empty list, not an error', async () => {
		const found = await listSearch(emulator(), 'searchWorkingEnvironments', 'no-such-environment');
		expect(found.results).toEqual([]);
	});
});
