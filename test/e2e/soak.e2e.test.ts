/**
 * The soak, short: the machinery of `npm run soak` (bench/soak.ts) for about 75 seconds
 * (SOAK_E2E_SECONDS) inside a real `n8n start`: the examples of all four systems on fast
 * schedules, the SAP restore webhook called every few seconds, faults switched on at random
 * on the four emulators. What must hold however the dice fall: no execution hangs, no
 * create is carried out twice for one execution, every file stored or uploaded is the
 * appliance's bytes, and every failure is a clear error (a message and a description from
 * our node). Times are never asserted on.
 *
 * n8n 2.x only (the soak is about n8n 2.41.1 in filesystem binary mode); on another major
 * the file is skipped.
 */
import { formatReport, mustBeZero, runSoak, type SoakReport } from '../../bench/soak';
import { N8N_VERSION, killAllChildren, n8nMajor } from './n8n';

const MINUTE = 60_000;
const seconds = Number(process.env.SOAK_E2E_SECONDS) || 75;
const describeOn2 = n8nMajor() >= 2 ? describe : describe.skip;

describeOn2(`soak in a real n8n ${N8N_VERSION} (short: ${seconds} s of faults)`, () => {
	let report: SoakReport | undefined;

	beforeAll(async () => {
		report = await runSoak({
			durationMs: seconds * 1000,
			// every wait in the soak's workflows gives up after 60 s, each call after 30 s at most
			hangAfterMs: 3 * MINUTE,
			seed: process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined,
			keep: Boolean(process.env.N8N_E2E_KEEP),
		});
		process.stderr.write(`${formatReport(report)}\n`);
	}, 30 * MINUTE);

	afterAll(() => {
		killAllChildren();
	});

	test('the workflows of all four systems ran, and faults were injected', () => {
		const r = report!;
		const ran = new Set(r.byWorkflow.filter((f) => f.executions > 0).map((f) => f.workflow));
		for (const workflow of [
			'SAP scheduled backup',
			'SAP webhook restore',
			'QRadar backup',
			'BlueXP ad-hoc backup',
			'ONTAP kill halted sessions',
			'ONTAP backup download (soak)',
		])
			expect(ran).toContain(workflow);
		expect(r.succeeded).toBeGreaterThan(0);
		expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		expect(r.webhookCalls.total).toBeGreaterThan(0);
		// the checks below looked at something
		expect(r.createsChecked).toBeGreaterThan(0);
		expect(r.binariesChecked).toBeGreaterThan(0);
	});

	test('no execution hung', () => {
		expect(report!.hung).toBe(0);
	});

	test('no create was carried out twice for one execution', () => {
		expect(report!.duplicates).toEqual([]);
		expect(report!.duplicateCreates).toBe(0);
	});

	test('every backup on disk and every restore upload is the appliance’s bytes', () => {
		expect(report!.corrupt).toEqual([]);
		expect(report!.corruptBinaries).toBe(0);
	});

	test('every failure is a clear error from our node', () => {
		expect(report!.unclear).toEqual([]);
		expect(mustBeZero(report!)).toEqual({
			hung: 0,
			'duplicate creates': 0,
			'corrupt binaries': 0,
			'failed with an unclear error': 0,
		});
	});
});
