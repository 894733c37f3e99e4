/**
 * Measures (does not assert) the memory the SAP Cloud Connector node needs for a large
 * backup: a ~50 MB configuration backup on the way down (Create) and on the way up
 * (Restore), with n8n's binary data in filesystem mode (the harness default).
 *
 * Not part of `npm test`: jest only picks up `*.test.ts`. Run it with
 *
 *   MEASURE_MB=50 MEASURE_GC=1 node --expose-gc node_modules/.bin/jest --runInBand \
 *     --testMatch '<rootDir>/test/sap/memory.measure.ts'
 *
 * MEASURE_GC=1 collects garbage before every sample (every 20 ms, slow): the peaks are then
 * what the run holds, not chunks V8 has not collected yet. Without it (every 5 ms) they are
 * what the process really grew to.
 *
 * The emulator runs in a child process (transpiled from test/emulators on the fly), so
 * its own copies of the 50 MB (the ZIP it builds, the upload it reads whole) do not count
 * against the node. The size comes from a connector description of random text (it does
 * not compress), so the ZIP the connector answers with is about MEASURE_MB megabytes.
 * Numbers are deltas over the process's state right before each run, at their peak:
 * RSS, V8 heap, and `arrayBuffers` (where Node keeps Buffers, outside the heap).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IBinaryData, IHttpRequestOptions, INode } from 'n8n-workflow';
import * as ts from 'typescript';

import { SapCloudConnectorApi } from '../../credentials/SapCloudConnectorApi.credentials';
import { SapCloudConnector } from '../../nodes/SapCloudConnector/SapCloudConnector.node';
import { ApplianceClient } from '../../nodes/shared/request';
import type { SapCloudConnectorEmulator } from '../emulators/sapCloudConnector';
import { ITEMS_TYPE, MANUAL_TRIGGER_TYPE, runWorkflow } from '../harness';
import { BACKUP_PASSWORD, SAP_TYPE, createParameters, runSap, sapCredential } from './helpers';

const MEGABYTES = Number(process.env.MEASURE_MB ?? 50);
const MB = 1024 * 1024;

/** The child: the emulator with a configuration that makes a backup of about `bytes`. */
const CHILD = `
const crypto = require('node:crypto');
const { startSapCloudConnectorEmulator, createBackup, configurationOf } = require('./sapCloudConnector.js');
(async () => {
	const emulator = await startSapCloudConnectorEmulator({ restartWindowMs: 200 });
	const target = Number(process.argv[2]);
	// random base64 deflates to about 76 %: aim the text so the ZIP lands on the target
	const text = crypto.randomBytes(Math.ceil((target / 0.757) * 0.75)).toString('base64');
	emulator.state.connector.description = text;
	const zipBytes = (await createBackup(configurationOf(emulator), 'probe')).length;
	const digest = (value) => crypto.createHash('sha256').update(value).digest('hex');
	const descriptionHash = digest(text);
	process.on('message', async (message) => {
		if (message === 'changeConfiguration') {
			emulator.state.connector.description = 'changed after the backup';
			process.send({ changed: true });
		} else if (message === 'state') {
			await emulator.whenUp();
			const { lastBackup, lastRestore, restores, backupsMade } = emulator.state;
			process.send({
				lastBackup,
				lastRestore,
				restores,
				backupsMade,
				restoredIntact: digest(emulator.state.connector.description) === descriptionHash,
			});
		} else if (message === 'close') {
			await emulator.close();
			process.exit(0);
		}
	});
	process.send({ url: emulator.url, password: emulator.password, zipBytes });
})();
`;

interface Peak {
	rss: number;
	heapUsed: number;
	external: number;
	arrayBuffers: number;
}

/** Samples memory every 5 ms while `work` runs; returns the peak growth over the start. */
async function measure<T>(work: () => Promise<T>): Promise<{ value: T; growth: Peak; base: Peak }> {
	(global as { gc?: () => void }).gc?.();
	const sample = (): Peak => {
		const usage = process.memoryUsage();
		return {
			rss: usage.rss,
			heapUsed: usage.heapUsed,
			external: usage.external,
			arrayBuffers: usage.arrayBuffers,
		};
	};
	const base = sample();
	const peak = { ...base };
	const gc = (global as { gc?: () => void }).gc;
	const live = process.env.MEASURE_GC === '1' && gc !== undefined;
	const take = () => {
		// with MEASURE_GC=1 every sample collects garbage first: the peak of what is held
		if (live) gc();
		const now = sample();
		for (const key of Object.keys(peak) as Array<keyof Peak>)
			peak[key] = Math.max(peak[key], now[key]);
	};
	const timer = setInterval(take, live ? 20 : 5);
	try {
		const value = await work();
		take();
		const growth = Object.fromEntries(
			Object.entries(peak).map(([key, value]) => [key, value - base[key as keyof Peak]]),
		) as unknown as Peak;
		return { value, growth, base };
	} finally {
		clearInterval(timer);
	}
}

const inMb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const describe_ = (growth: Peak) =>
	`peak RSS +${inMb(growth.rss)}, heap +${inMb(growth.heapUsed)}, external +${inMb(growth.external)}, arrayBuffers +${inMb(growth.arrayBuffers)}`;

/** Emulator files transpiled to CommonJS in a temp dir, certificates beside them. */
function buildEmulator(): string {
	const dir = mkdtempSync(join(tmpdir(), 'sap-emulator-'));
	const source = join(__dirname, '..', 'emulators');
	for (const name of ['sapCloudConnector', 'http-kit', 'multipart', 'zip']) {
		const output = ts.transpileModule(readFileSync(join(source, `${name}.ts`), 'utf8'), {
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
			},
		});
		writeFileSync(join(dir, `${name}.js`), output.outputText);
	}
	symlinkSync(join(source, 'certs'), join(dir, 'certs'));
	writeFileSync(join(dir, 'child.js'), CHILD);
	return dir;
}

function ask<T>(child: ChildProcess, message?: string): Promise<T> {
	return new Promise<T>((resolve) => {
		child.once('message', (answer) => resolve(answer as T));
		if (message) child.send(message);
	});
}

jest.setTimeout(10 * 60 * 1000);

it(`memory for a ${MEGABYTES} MB backup, down and up`, async () => {
	const dir = buildEmulator();
	const child = fork(join(dir, 'child.js'), [String(MEGABYTES * 1_000_000)], {
		execArgv: ['--max-old-space-size=4096'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	try {
		const ready = await ask<{ url: string; password: string; zipBytes: number }>(child);
		const emulator = { url: ready.url, password: ready.password } as SapCloudConnectorEmulator;
		const report: string[] = [`backup ZIP served by the emulator: ${inMb(ready.zipBytes)}`];

		// --- down: Create ---
		const created = await measure(
			async () => await runSap(emulator, createParameters({ options: { requestTimeout: 600 } })),
		);
		expect(created.value.error).toBeUndefined();
		const item = created.value.items[0];
		const binary = item.binary?.data as IBinaryData;
		report.push(
			`create: ${inMb(Number(item.json.bytes))} stored (${binary.id}); ${describe_(created.growth)}`,
		);

		await ask(child, 'changeConfiguration');

		// --- up: Restore, from the stored file (the test never holds the bytes) ---
		const restored = await measure(
			async () =>
				await runWorkflow({
					workflow: {
						nodes: [
							node('Start', MANUAL_TRIGGER_TYPE, {}),
							node('Backup file', ITEMS_TYPE, { items: [{ json: {}, binary: { data: binary } }] }),
							node('Restore', SAP_TYPE, {
								resource: 'configurationBackup',
								operation: 'restore',
								password: BACKUP_PASSWORD,
								options: { waitForRestart: false },
							}),
						],
						connections: {
							Start: { main: [[{ node: 'Backup file', type: 'main', index: 0 }]] },
							'Backup file': { main: [[{ node: 'Restore', type: 'main', index: 0 }]] },
						},
					},
					nodeTypes: { [SAP_TYPE]: new SapCloudConnector() },
					credentialTypes: [new SapCloudConnectorApi()],
					credentials: [sapCredential(emulator)],
				}),
		);
		expect(restored.value.error).toBeUndefined();
		report.push(`restore: ${describe_(restored.growth)}`);

		const state = await ask<Record<string, unknown>>(child, 'state');
		report.push(
			`emulator: ${JSON.stringify({
				lastBackup: state.lastBackup,
				lastRestore: state.lastRestore,
				restores: state.restores,
				restoredIntact: state.restoredIntact,
			})}`,
		);
		report.push(
			`garbage collected before each sample: ${process.env.MEASURE_GC === '1' ? 'yes' : 'no'}`,
		);
		report.push(
			`baseline before create: RSS ${inMb(created.base.rss)}, heap ${inMb(created.base.heapUsed)}; gc ${
				(global as { gc?: unknown }).gc ? 'exposed' : 'NOT exposed (run node --expose-gc)'
			}`,
		);
		// eslint-disable-next-line no-console
		console.log(report.join('\n'));
		writeFileSync(join(tmpdir(), 'sap-memory-measure.txt'), `${report.join('\n')}\n`);
	} finally {
		child.send('close');
		rmSync(dir, { recursive: true, force: true });
	}
});

function node(name: string, type: string, parameters: Record<string, unknown>): INode {
	return {
		id: name,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		...(type === SAP_TYPE
			? { credentials: { sapCloudConnectorApi: { id: 'scc-1', name: 'Cloud Connector' } } }
			: {}),
	};
}
