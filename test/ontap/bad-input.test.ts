import { startOntapEmulator, type OntapEmulator } from '../emulators/ontap';
import { byId, fromList, runOntap } from './helpers';

let emu: OntapEmulator;
beforeAll(async () => { emu = await startOntapEmulator(); });
afterAll(async () => { await emu.close(); });
beforeEach(() => emu.reset());

const cases: Array<[string, Record<string, unknown>]> = [
	['bad uuid id', { resource: 'ndmpNode', operation: 'get', clusterNode: byId('nope') }],
	['empty list', { resource: 'ndmpNode', operation: 'get', clusterNode: fromList('') }],
	['empty owner', { resource: 'ndmpSession', operation: 'get', ownerUuid: '', sessionId: '2000' }],
	['mode cluster', { resource: 'ndmp', operation: 'update', mode: 'cluster' }],
	['limit -1', { resource: 'ndmpSession', operation: 'getAll', limit: -1 }],
	['jobUuid empty', { resource: 'job', operation: 'get', jobUuid: '' }],
];
it.each(cases)('%s', async (_n, p) => {
	try {
		const r = await runOntap(emu, p);
		console.log(_n, r.status, JSON.stringify(r.error), emu.requests.map((q) => q.method + ' ' + q.path));
	} catch (e) {
		console.log(_n, 'THROWN', (e as Error).message);
	}
});
