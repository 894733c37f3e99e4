#!/usr/bin/env node
/**
 * `npm run test:e2e`: every e2e file (test/e2e/*.e2e.test.ts) against each n8n version the
 * package is tested on, one jest run per version with N8N_E2E_VERSION set, one after the
 * other (each run boots several n8n processes; two at once would not fit a small machine).
 *
 * - Versions: N8N_E2E_VERSIONS (comma separated) or, by default, 2.41.1 then 1.123.81.
 * - Extra arguments go to jest, e.g. `npm run test:e2e -- test/e2e/sap.e2e.test.ts`.
 * - Each run starts with a banner naming its version; its describe titles and `[e2e ...]`
 *   log lines carry the version too. jest's own "Tests:" summary lines are left untouched
 *   (the CI summary adds them up).
 * - Every version runs even when an earlier one failed; the exit code is non-zero if any did.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const versions = (process.env.N8N_E2E_VERSIONS ?? '2.41.1,1.123.81')
	.split(',')
	.map((version) => version.trim())
	.filter(Boolean);
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const jestArgs = ['-c', path.join('test', 'e2e', 'jest.config.js'), '--runInBand'];

const line = '='.repeat(78);
const banner = (text) => process.stdout.write(`\n${line}\n== ${text}\n${line}\n`);

/** The jest child currently running: a signal to this script is passed on to it (its
 * afterAll hooks then stop n8n and the emulators), and no further version is started. */
let current;
let interrupted;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		interrupted = signal;
		current?.kill(signal);
	});
}

async function runJest(version) {
	return await new Promise((resolve) => {
		const child = spawn(process.execPath, [jest, ...jestArgs, ...process.argv.slice(2)], {
			cwd: root,
			env: { ...process.env, N8N_E2E_VERSION: version },
			stdio: 'inherit',
		});
		current = child;
		child.once('error', (error) => {
			process.stderr.write(`[e2e n8n ${version}] could not start jest: ${error.message}\n`);
			resolve(1);
		});
		child.once('exit', (code, signal) => {
			current = undefined;
			resolve(code ?? (signal ? 1 : 0));
		});
	});
}

const results = [];
const startedAll = Date.now();
for (const version of versions) {
	if (interrupted) break;
	banner(`e2e against n8n ${version} (N8N_E2E_VERSION=${version})`);
	const started = Date.now();
	const code = await runJest(version);
	const seconds = Math.round((Date.now() - started) / 1000);
	results.push({ version, code, seconds });
	banner(`n8n ${version}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s`);
}

process.stdout.write(
	`\n[e2e] per n8n version: ${results
		.map(
			({ version, code, seconds }) =>
				`${version} ${code === 0 ? 'passed' : 'FAILED'} (${seconds} s)`,
		)
		.join(', ')}; total ${Math.round((Date.now() - startedAll) / 1000)} s\n`,
);
if (interrupted) process.exit(128 + (constants.signals[interrupted] ?? 2));
process.exit(results.length === versions.length && results.every(({ code }) => code === 0) ? 0 : 1);
