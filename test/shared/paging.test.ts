/**
 * getAll with the `rangeHeader` strategy (QRadar's `Range: items=a-b` in, `Content-Range:
 * items a-b/total` out): Return All reads exactly the seeded records, Limit stops as soon
 * as it has enough and never asks for more than are missing.
 */
import { startTokenApiEmulator, type TokenApiEmulator } from '../emulators/token-api';
import { json, runCore, seeded, useTokenApi } from './helpers';

const emulator = useTokenApi({ items: 23 });

const ranges = (api: TokenApiEmulator) => api.apiRequests().map((request) => request.headers.range);
const getMany = (extra: Record<string, unknown>) => ({
	resource: 'item',
	operation: 'getAll',
	...extra,
});

describe('Return All', () => {
	it('reads every record once, in order, page by page up to the total', async () => {
		const result = await runCore(emulator(), getMany({ returnAll: true, pageSize: 10 }));

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(seeded(emulator()));
		// the total in Content-Range ends it: no request past the last page
		expect(ranges(emulator())).toEqual(['items=0-9', 'items=10-19', 'items=20-29']);
	});

	it('a page size larger than the collection: one request', async () => {
		const result = await runCore(emulator(), getMany({ returnAll: true, pageSize: 50 }));

		expect(json(result.items)).toEqual(seeded(emulator()));
		expect(ranges(emulator())).toEqual(['items=0-49']);
	});

	it('a server that cuts pages short: the next Range starts after what arrived', async () => {
		const short = await startTokenApiEmulator({ items: 11, maxPageSize: 4 });
		try {
			const result = await runCore(short, getMany({ returnAll: true, pageSize: 10 }));

			expect(result.error).toBeUndefined();
			expect(json(result.items)).toEqual(seeded(short));
			expect(ranges(short)).toEqual(['items=0-9', 'items=4-13', 'items=8-17']);
		} finally {
			await short.close();
		}
	});

	it('a collection that is an exact multiple of the page size: no empty extra page', async () => {
		const even = await startTokenApiEmulator({ items: 20 });
		try {
			const result = await runCore(even, getMany({ returnAll: true, pageSize: 10 }));

			expect(json(result.items)).toEqual(seeded(even));
			expect(ranges(even)).toEqual(['items=0-9', 'items=10-19']);
		} finally {
			await even.close();
		}
	});
});

describe('Limit', () => {
	it('gives the same first records as Return All', async () => {
		const all = await runCore(emulator(), getMany({ returnAll: true, pageSize: 10 }));
		const limited = await runCore(emulator(), getMany({ limit: 12, pageSize: 10 }));

		expect(limited.error).toBeUndefined();
		expect(json(limited.items)).toEqual(json(all.items).slice(0, 12));
		expect(json(limited.items)).toEqual(seeded(emulator(), 0, 12));
	});

	it('asks for no more than are missing: 12 of 23 in pages of 10 is 0-9 then 10-11', async () => {
		const result = await runCore(emulator(), getMany({ limit: 12, pageSize: 10 }));

		expect(json(result.items)).toEqual(seeded(emulator(), 0, 12));
		expect(ranges(emulator())).toEqual(['items=0-9', 'items=10-11']);
	});

	it('a limit below the page size: one request for exactly that many', async () => {
		const result = await runCore(emulator(), getMany({ limit: 5, pageSize: 10 }));

		expect(json(result.items)).toEqual(seeded(emulator(), 0, 5));
		expect(ranges(emulator())).toEqual(['items=0-4']);
	});

	it('a limit equal to a page boundary stops without asking for the next page', async () => {
		const result = await runCore(emulator(), getMany({ limit: 20, pageSize: 10 }));

		expect(json(result.items)).toEqual(seeded(emulator(), 0, 20));
		expect(ranges(emulator())).toEqual(['items=0-9', 'items=10-19']);
	});

	it('a limit above the total gives every record and stops at the total', async () => {
		const result = await runCore(emulator(), getMany({ limit: 40, pageSize: 10 }));

		expect(json(result.items)).toEqual(seeded(emulator()));
		// 20 still missing at the third page: a full page is asked for, the total ends it
		expect(ranges(emulator())).toEqual(['items=0-9', 'items=10-19', 'items=20-29']);
	});
});
