/**
 * Cold start: how long n8n takes to load this package. Each run is a fresh Node process that
 * first loads n8n-workflow (n8n has it loaded before it reads any community package), then
 * `require`s every file the package's `n8n` section lists and creates each node and
 * credential class once, as n8n does to read their descriptions. The time of that second
 * part is the package's cost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { REPO_ROOT, runCommand } from '../test/e2e/n8n';
import { median } from './fixtures';

export const GOAL_COLD_START_MS = 100;

export interface ColdStartResult {
	files: number;
	runs: number[];
	median: number;
}

const PROBE = `
const { performance } = require('node:perf_hooks');
require('n8n-workflow');
const files = JSON.parse(process.argv[1]);
const started = performance.now();
let classes = 0;
for (const file of files) {
	for (const exported of Object.values(require(file))) {
		if (typeof exported === 'function' && Function.prototype.toString.call(exported).startsWith('class')) {
			new exported();
			classes++;
		}
	}
}
process.stdout.write(JSON.stringify({ ms: performance.now() - started, classes }));
`;

/** The built files of the package's `n8n` section (nodes and credentials). */
function packageFiles(): string[] {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	return [...pkg.n8n.credentials, ...pkg.n8n.nodes].map((file) => path.join(REPO_ROOT, file));
}

export async function measureColdStart(work: string, runs: number): Promise<ColdStartResult> {
	const files = packageFiles();
	const missing = files.filter((file) => !fs.existsSync(file));
	if (missing.length) throw new Error(`not built (npm run build): ${missing.join(', ')}`);
	const times: number[] = [];
	for (let run = 0; run < runs; run++) {
		const result = await runCommand(process.execPath, ['-e', PROBE, JSON.stringify(files)], {
			cwd: REPO_ROOT,
			env: { ...process.env, NODE_ENV: 'production' },
			timeoutMs: 60_000,
			stdoutFile: path.join(work, `cold-start-${run}.out`),
			stderrFile: path.join(work, `cold-start-${run}.err`),
		});
		if (result.code !== 0) throw new Error(`cold start probe failed: ${result.stderr}`);
		const { ms, classes } = JSON.parse(result.stdout) as { ms: number; classes: number };
		if (classes < files.length) throw new Error(`only ${classes} classes in ${files.length} files`);
		times.push(ms);
	}
	return { files: files.length, runs: times, median: median(times) };
}
