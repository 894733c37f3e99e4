/**
 * Options > Concurrency on one-call-per-item operations (here NDMP session kill and get):
 * items run side by side, the output keeps the input order and pairedItem, a failure is
 * reported for the earliest failing item, and a value out of range is refused before anything
 * is sent. Parallelism is read from the emulator (requests open at once), never from time.
 */
import { startOntapEmulator, type OntapEmulator } from '../emulators/ontap';
import { json, runOntap } from './helpers';

const SESSIONS = 24;
let emulator: OntapEmulator;

beforeAll(async () => {
	emulator = await startOntapEmulator({ sessions: SESSIONS });
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

const kills = () => emulator.requests.filter((request) => request.method === 'DELETE');
const sessionItems = () =>
	emulator.state.sessions.map((session) => ({ json: { uuid: session.uuid, id: session.id } }));
const killEach = (options: Record<string, unknown> = {}) => ({
	resource: 'ndmpSession',
	operation: 'delete',
	ownerUuid: '={{ $json.uuid }}',
	sessionId: '={{ $json.id }}',
	options,
});

describe('Options > Concurrency', () => {
	it('8: kills run side by side, every session once, output in input order with pairedItem', async () => {
		const input = sessionItems();
		// each kill is answered after 150 ms, so lanes overlap whatever the machine's speed
		emulator.faults.slowNext(SESSIONS, 150);
		const result = await runOntap(emulator, killEach({ concurrency: 8 }), { inputItems: input });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual(
			input.map((item) => ({ deleted: true, ownerUuid: item.json.uuid, sessionId: item.json.id })),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			input.map((_, index) => ({ item: index })),
		);
		expect(kills()).toHaveLength(SESSIONS);
		expect(new Set(kills().map((request) => request.path)).size).toBe(SESSIONS);
		expect(emulator.maxInFlight).toBeGreaterThan(1);
		expect(emulator.maxInFlight).toBeLessThanOrEqual(8);
		expect(emulator.state.sessions).toHaveLength(0);
	});

	it('1 (the default): one after the other', async () => {
		const input = sessionItems().slice(0, 6);
		emulator.faults.slowNext(6, 100);
		const result = await runOntap(emulator, killEach(), { inputItems: input });

		expect(result.error).toBeUndefined();
		expect(json(result.items)).toHaveLength(6);
		expect(emulator.maxInFlight).toBe(1);
	});

	it('a failing item: the earliest failure is the error, and no item starts after it', async () => {
		const input = sessionItems().slice(0, 12);
		input[3] = { json: { uuid: input[3]!.json.uuid, id: '999999' } };
		const result = await runOntap(emulator, killEach({ concurrency: 4 }), { inputItems: input });

		expect(result.status).toBe('error');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.context?.itemIndex).toBe(3);
		// the lanes stop taking new items once one failed: at most the 4 in flight follow it
		expect(kills().length).toBeLessThanOrEqual(4 + 4);
	});

	it('with Continue On Fail: the failed item keeps its place', async () => {
		const input = sessionItems().slice(0, 10);
		input[5] = { json: { uuid: input[5]!.json.uuid, id: '999999' } };
		const result = await runOntap(
			emulator,
			{ ...killEach({ concurrency: 4 }), resource: 'ndmpSession', operation: 'get' },
			{ inputItems: input, continueOnFail: true },
		);

		expect(result.error).toBeUndefined();
		const output = json(result.items);
		expect(output).toHaveLength(10);
		expect(output[5]).toMatchObject({ error: expect.any(String), httpCode: '404' });
		expect(output.filter((item, index) => index !== 5).map((item) => item.id)).toEqual(
			input.filter((_, index) => index !== 5).map((item) => item.json.id),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			input.map((_, index) => ({ item: index })),
		);
	});

	it.each([0, 17, 2.5])('%p is refused before anything is sent', async (concurrency) => {
		const result = await runOntap(emulator, killEach({ concurrency }), {
			inputItems: sessionItems().slice(0, 3),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Invalid parameter "Concurrency": must be a whole number from 1 to 16',
		);
		expect(emulator.requests).toHaveLength(0);
	});
});
