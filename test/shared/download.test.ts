/**
 * downloadToBinary: a file streamed into n8n's binary store (filesystem mode here),
 * refused before anything is stored when the answer is a login page, a JSON error or not
 * a ZIP at all (whatever Content-Type it claims), and fetched again when the transfer
 * breaks off.
 */
import { isFile, runCore, storedBinaryFiles, timeline, useTokenApi } from './helpers';

const emulator = useTokenApi({ fileBytes: 200_000 });

const download = (fileName = 'backup-2024.zip') => ({
	resource: 'file',
	operation: 'download',
	fileName,
	binaryPropertyName: 'data',
});

const fileRequests = () => emulator().apiRequests().filter(isFile);

describe('a good ZIP', () => {
	it('is stored byte for byte under the binary property, with name and type', async () => {
		const before = storedBinaryFiles();
		const result = await runCore(emulator(), download());

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item!.json).toEqual({ fileName: 'backup-2024.zip', bytes: emulator().file.length });
		expect(item!.binary?.data).toMatchObject({
			fileName: 'backup-2024.zip',
			mimeType: 'application/zip',
		});
		const bytes = await result.binaryBuffer(item!, 'data');
		expect(bytes.equals(emulator().file)).toBe(true);
		expect(fileRequests()).toHaveLength(1);
		expect(fileRequests()[0]!.headers.accept).toBe('application/zip');
		// it really went to n8n's binary store (a data file and its metadata)
		expect(storedBinaryFiles().length).toBeGreaterThan(before.length);
	});

	it('an expired token: renewed once, then the file is stored exactly', async () => {
		const stale = emulator().seedToken(undefined, true);
		const result = await runCore(emulator(), download(), { accessToken: stale });

		expect(result.error).toBeUndefined();
		const bytes = await result.binaryBuffer(result.items[0]!, 'data');
		expect(bytes.equals(emulator().file)).toBe(true);
		expect(timeline(emulator())).toEqual([
			'GET /files/backup-2024.zip (expired)',
			'POST /oauth/token',
			'GET /files/backup-2024.zip (accepted)',
		]);
	});
});

describe('an answer that is not the file is refused and nothing is stored', () => {
	const cases = [
		{
			title: 'an HTML login page',
			answer: { kind: 'html' as const },
			says: 'an HTML page',
		},
		{
			title: 'an HTML login page sent as application/octet-stream',
			answer: { kind: 'html' as const, contentType: 'application/octet-stream' },
			says: 'an HTML page',
		},
		{
			title: 'a JSON error document',
			answer: { kind: 'json' as const },
			says: 'a JSON document',
		},
		{
			title: 'a JSON error document sent as application/octet-stream',
			answer: { kind: 'json' as const, contentType: 'application/octet-stream' },
			says: 'a JSON document',
		},
		{
			title: 'a file of another format (7z)',
			answer: { kind: 'other' as const },
			says: 'data that is not a ZIP file',
		},
	];

	it.each(cases)('$title', async ({ answer, says }) => {
		emulator().fileAnswer = answer;
		const before = storedBinaryFiles();
		const result = await runCore(emulator(), download());

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			`Token API answered the download of file "backup-2024.zip" with ${says} instead of the file`,
		);
		expect(result.error?.description).toContain('Nothing was stored');
		// not a transfer fault: asked once, not again
		expect(fileRequests()).toHaveLength(1);
		// n8n's binary store holds no new file at all
		expect(storedBinaryFiles()).toEqual(before);
	});

	it('with Continue On Fail: an error item and no binary', async () => {
		emulator().fileAnswer = { kind: 'html' };
		const before = storedBinaryFiles();
		const result = await runCore(emulator(), download(), { continueOnFail: true });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0]!.json.error).toBe(
			'Token API answered the download of file "backup-2024.zip" with an HTML page instead of the file',
		);
		expect(result.items[0]!.binary).toBeUndefined();
		expect(storedBinaryFiles()).toEqual(before);
	});
});

describe('a transfer that breaks off', () => {
	it('is fetched again and the stored file is exact', async () => {
		emulator().faults.truncateNext(1, isFile);
		const before = storedBinaryFiles();
		const result = await runCore(emulator(), download());

		expect(result.error).toBeUndefined();
		const bytes = await result.binaryBuffer(result.items[0]!, 'data');
		expect(bytes.length).toBe(emulator().file.length);
		expect(bytes.equals(emulator().file)).toBe(true);
		expect(result.items[0]!.json.bytes).toBe(emulator().file.length);
		expect(fileRequests()).toHaveLength(2);
		// one file in the store (and its metadata): the broken-off part left nothing behind
		const added = storedBinaryFiles().filter((file) => !before.includes(file));
		expect(added.filter((file) => !file.endsWith('.metadata'))).toHaveLength(1);
	});

	it('a connection dropped before the answer is fetched again too', async () => {
		emulator().faults.dropNext(1, isFile);
		const result = await runCore(emulator(), download());

		expect(result.error).toBeUndefined();
		const bytes = await result.binaryBuffer(result.items[0]!, 'data');
		expect(bytes.equals(emulator().file)).toBe(true);
		expect(fileRequests()).toHaveLength(2);
	});

	it('breaking off every time: a clear error after the retry budget, no partial file output', async () => {
		emulator().faults.truncateNext(10, isFile);
		const before = storedBinaryFiles();
		const result = await runCore(emulator(), download());

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('The connection to Token API was lost after 4 attempts');
		expect(fileRequests()).toHaveLength(4);
		expect(storedBinaryFiles()).toEqual(before);
	});
});
