/**
 * A restore restarts the connector, so everything is checked before a single byte goes
 * out: a file that is not a ZIP backup, a missing binary field, an empty Backup Password,
 * bad options. The user reads an error that names the field, and the emulator received
 * nothing at all.
 */
import { configurationOf } from '../emulators/sapCloudConnector';
import { createZip } from '../emulators/zip';
import {
	BACKUP_PASSWORD,
	createParameters,
	restoreFrom,
	restoreParameters,
	runSap,
	seedBackup,
	useSapEmulator,
	zipInput,
} from './helpers';

const emulator = useSapEmulator();

/** An expression reading `$json.<name>` of the input item. */
const fromInput = (name: string) => `={{ $json.${name} }}`;

type Result = Awaited<ReturnType<typeof runSap>>;

/** Refused before anything was sent: an error, no items, no request, nothing changed. */
function expectRefusedBeforeSending(result: Result, before = configurationOf(emulator())) {
	expect(result.status).toBe('error');
	expect(result.items).toEqual([]);
	expect(emulator().requests).toEqual([]);
	expect(configurationOf(emulator())).toEqual(before);
	expect(emulator().state.restores).toBe(0);
	expect(emulator().state.backupsMade).toBe(0);
}

describe('restore of a file that is not a Cloud Connector backup: nothing is sent', () => {
	const fileCases: Array<[string, () => Promise<Buffer>, RegExp]> = [
		[
			'a text file',
			async () => Buffer.from('Cloud Connector backup of 2026-11-25, see the ZIP attached\n'),
			/it does not start like a ZIP archive/,
		],
		[
			'an HTML page (a login page saved as the backup)',
			async () =>
				Buffer.from(
					'<!DOCTYPE html><html><head><title>SAP Cloud Connector</title></head><body>Log On</body></html>',
				),
			/it is an HTML or XML document, not a ZIP archive/,
		],
		[
			'a JSON error document',
			async () =>
				Buffer.from(JSON.stringify({ type: 'FORBIDDEN', message: 'A backup is not possible' })),
			/it is a JSON document, not a ZIP archive/,
		],
		[
			'a truncated ZIP (the download was cut off)',
			async () => {
				const zip = await seedBackup(emulator());
				return zip.subarray(0, Math.floor(zip.length * 0.8));
			},
			/cut off or damaged/,
		],
		[
			'a ZIP that lost its last bytes only',
			async () => {
				const zip = await seedBackup(emulator());
				return zip.subarray(0, zip.length - 1);
			},
			/cut off or damaged/,
		],
		['an empty file', async () => Buffer.alloc(0), /it is too short to be a ZIP archive/],
		[
			'an empty ZIP archive',
			async () => createZip([]),
			// 22 bytes: an end record alone, without any local file header
			/it (is an empty ZIP archive|does not start like a ZIP archive)/,
		],
	];

	it.each(fileCases)('%s', async (_title, file, problem) => {
		const data = await file();
		const result = await restoreFrom(emulator(), data, {}, { fileName: 'scc-backup.zip' });

		expectRefusedBeforeSending(result);
		expect(result.error?.message).toMatch(
			/^Invalid parameter "Input Binary Field": the file "scc-backup\.zip" in field "data" is not a Cloud Connector backup: /,
		);
		expect(result.error?.message).toMatch(problem);
		expect(result.error?.description).toMatch(/refused before anything was sent/);
	});

	it('the valid backup the cases above were cut from is accepted (so the check is not refusing everything)', async () => {
		const zip = await seedBackup(emulator());
		const result = await restoreFrom(emulator(), zip, { options: { waitForRestart: false } });
		expect(result.error).toBeUndefined();
		expect(emulator().state.restores).toBe(1);
	});
});

describe('restore without the file: nothing is sent', () => {
	it('an input item without any binary', async () => {
		const result = await runSap(emulator(), restoreParameters(), { inputItems: [{ json: {} }] });
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toMatch(/binary file 'data', but none was found/);
	});

	it('the file is in another binary field than the one named', async () => {
		const zip = await seedBackup(emulator());
		const result = await runSap(emulator(), restoreParameters(), {
			inputItems: zipInput(zip, 'scc-backup.zip', 'backup'),
		});
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toMatch(/no binary field 'data'/);
	});

	it('the binary field name is empty', async () => {
		const zip = await seedBackup(emulator());
		const result = await runSap(
			emulator(),
			restoreParameters({ binaryPropertyName: fromInput('field') }),
			{ inputItems: [{ json: { field: '  ' }, binary: zipInput(zip)[0].binary }] },
		);
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toBe('Invalid parameter "Input Binary Field": must not be empty');
	});
});

describe('an empty Backup Password is refused: nothing is sent', () => {
	// n8n itself refuses a required field left empty in the editor; these arrive through expressions
	const passwords: Array<[string, string]> = [
		['empty', ''],
		['only spaces', '   '],
		['only a tab and a line break', '\t\n'],
	];

	it.each(passwords)('create, password %s', async (_title, password) => {
		const result = await runSap(emulator(), createParameters({ password: fromInput('pw') }), {
			inputItems: [{ json: { pw: password } }],
		});
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toBe('Invalid parameter "Backup Password": must not be empty');
	});

	it.each(passwords)('restore, password %s', async (_title, password) => {
		const zip = await seedBackup(emulator());
		const result = await runSap(emulator(), restoreParameters({ password: fromInput('pw') }), {
			inputItems: [{ json: { pw: password }, binary: zipInput(zip)[0].binary }],
		});
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toBe('Invalid parameter "Backup Password": must not be empty');
	});

	it('create with a password typed as spaces (no expression)', async () => {
		const result = await runSap(emulator(), createParameters({ password: '  ' }));
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toBe('Invalid parameter "Backup Password": must not be empty');
	});

	it('a password with spaces around it is sent exactly as typed', async () => {
		const padded = `  ${BACKUP_PASSWORD} `;
		const result = await runSap(emulator(), createParameters({ password: padded }));
		expect(result.error).toBeUndefined();
		expect(emulator().requests[0]?.body).toEqual({ password: padded });
	});
});

describe('bad options and names: nothing is sent', () => {
	it.each([
		['a timeout of 0', { timeout: 0 }, /"Options".*timeout must be more than 0 seconds/],
		[
			'a poll interval under 0.1 s',
			{ pollInterval: 0.01 },
			/"Options".*pollInterval must be at least 0\.1 seconds/,
		],
	])('restore with %s', async (_title, options, rule) => {
		const zip = await seedBackup(emulator());
		const result = await restoreFrom(emulator(), zip, { options });
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toMatch(rule);
	});

	it('create with an empty output field name', async () => {
		const result = await runSap(
			emulator(),
			createParameters({ binaryPropertyName: fromInput('field') }),
			{ inputItems: [{ json: { field: '' } }] },
		);
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toBe(
			'Invalid parameter "Put Output File in Field": must not be empty',
		);
	});

	it.each([
		[
			'Region Host',
			{ regionHost: 'cf.eu10.hana.ondemand.com/../..', subaccount: 'x' },
			/"Region Host": must not contain \//,
		],
		[
			'Subaccount',
			{ regionHost: 'cf.eu10.hana.ondemand.com', subaccount: '..' },
			/"Subaccount": must not be only dots/,
		],
	])('subaccount get with a %s that would climb the path', async (_name, values, rule) => {
		const result = await runSap(emulator(), {
			resource: 'subaccount',
			operation: 'get',
			regionHost: values.regionHost,
			subaccount: { __rl: true, mode: 'id', value: values.subaccount },
		});
		expectRefusedBeforeSending(result);
		expect(result.error?.message).toMatch(rule);
	});
});
