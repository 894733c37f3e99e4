import { ensureNode24, ensureN8n } from './n8n';

test('scratch cold', async () => {
	const node = await ensureNode24();
	const t0 = Date.now();
	const n8n = await ensureN8n(node);
	console.log('cold install ms', Date.now() - t0, n8n);
	const t1 = Date.now();
	await ensureN8n(node);
	console.log('warm check ms', Date.now() - t1);
}, 1800000);
