#!/usr/bin/env node
/**
 * n8n's gate for community packages, run offline: the ESLint legs of
 * `@n8n/scan-community-package` (devDependency, exact version) against
 *   1. the tarball `npm pack` makes of this repository (what npm would publish), and
 *   2. the source tree (what the gate fetches from the commit named in the npm
 *      provenance statement).
 * and, stricter than the gate, the tarball once more with analyzePackage's default
 * patterns (every .js, .ts and .json), so nothing but compiled code ships in dist/.
 * The gate's download, provenance and source-fetch steps need the internet and are
 * skipped; everything that decides a lint verdict comes from the installed scanner:
 * its ESLint config (`buildScanConfig`), its file patterns (`SOURCE_FILE_PATTERNS`,
 * and the tarball patterns read out of `analyzePackageByName`), its `analyzePackage`.
 *
 * The gate fails a package on ESLint errors only; this script also fails on
 * warnings (house rule: both legs pass with no warnings), so it lints each leg a
 * second time with the same ESLint options to see them.
 *
 * Needs a built dist/ (`npm run build`); `npm test` builds first. Exit code 0 only
 * when every leg reports nothing (`npm run scan`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNER = '@n8n/scan-community-package';
const started = Date.now();

const rootRequire = createRequire(path.join(ROOT, 'package.json'));
const scannerFile = rootRequire.resolve(`${SCANNER}/scanner/scanner.mjs`);
// resolve eslint and fast-glob the way scanner.mjs does, so both passes use the same copies
const scannerRequire = createRequire(scannerFile);
const scannerVersion = JSON.parse(
	fs.readFileSync(path.join(path.dirname(scannerFile), '..', 'package.json'), 'utf8'),
).version;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
const cleanUp = () => fs.rmSync(work, { recursive: true, force: true });
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => process.exit(128 + os.constants.signals[signal]));
}

const fail = (message) => {
	console.error(`scan: ${message}`);
	process.exit(1);
};

const run = (command, args, cwd) => {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
	if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
	if (result.status !== 0) {
		fail(`${command} ${args.join(' ')} exited ${result.status}\n${result.stderr}${result.stdout}`);
	}
	return result.stdout;
};

// scanner.mjs makes its own temp dir (tmp.dirSync) when it is imported and never
// removes it: point it into ours so that goes too.
const savedTmpDir = process.env.TMPDIR;
process.env.TMPDIR = work;
const scanner = await import(pathToFileURL(scannerFile).href);
if (savedTmpDir === undefined) delete process.env.TMPDIR;
else process.env.TMPDIR = savedTmpDir;

const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');

// analyzePackageByName lints the tarball with a literal pattern list; read it from the
// installed scanner rather than copying it here, so an upgrade cannot drift silently.
const scannerSource = fs.readFileSync(scannerFile, 'utf8');
const tarballCall = /analyzePackage\(\s*packageDir\s*,\s*(\[[^\]]*\])\s*\)/.exec(scannerSource);
if (
	!tarballCall ||
	!/analyzePackage\(\s*sourceDir\s*,\s*SOURCE_FILE_PATTERNS\s*\)/.test(scannerSource)
) {
	fail(
		`${SCANNER}@${scannerVersion} no longer lints the tarball and the source the way this script ` +
			`expects: read ${path.relative(ROOT, scannerFile)} (analyzePackageByName) and update this script`,
	);
}
const patternList = (literal) => JSON.parse(literal.replace(/'/g, '"'));
const TARBALL_PATTERNS = patternList(tarballCall[1]);
// analyzePackage's own default: every .js, .ts and .json. The gate (0.32.0) lints only the
// compiled .js of a tarball; linting it with the default as well keeps declarations and stray
// sources out of dist/ (a shipped *.credentials.d.ts fails cred-filename-against-convention).
const defaults = /filePatterns\s*=\s*(\[[^\]]*\])/.exec(scannerSource);
if (!defaults) fail(`cannot find analyzePackage's default file patterns in ${scannerFile}`);
const ALL_PATTERNS = patternList(defaults[1]);
// the ignore list analyzePackage passes to fast-glob
const IGNORE = ['node_modules/**', '**/package-lock.json'];

/** npm pack (no lifecycle scripts) into the temp dir, extracted the way the scanner does. */
function packTarball() {
	const packDir = path.join(work, 'pack');
	const packageDir = path.join(work, 'package');
	fs.mkdirSync(packDir);
	fs.mkdirSync(packageDir);
	const out = run(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
		ROOT,
	);
	const [info] = JSON.parse(out);
	run(
		'tar',
		['-xzf', path.join(packDir, info.filename), '-C', packageDir, '--strip-components=1'],
		work,
	);

	// An unbuilt package would lint nothing and "pass": insist on what package.json promises n8n.
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const promised = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = promised.filter((file) => !fs.existsSync(path.join(packageDir, file)));
	if (promised.length === 0) fail('package.json lists no n8n.nodes / n8n.credentials');
	if (missing.length > 0) {
		fail(
			`the tarball lacks ${missing.join(', ')} (listed in package.json "n8n"): run npm run build`,
		);
	}
	return { packageDir, tarball: info.filename, entries: info.files.length };
}

/** One leg: n8n's own verdict (analyzePackage, errors only), then every message incl. warnings. */
async function leg(name, dir, patterns) {
	const t0 = Date.now();
	const verdict = await scanner.analyzePackage(dir, patterns);

	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await scanner.buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: IGNORE });
	const results = files.length > 0 ? await eslint.lintFiles(files) : [];
	const errors = results.reduce((sum, r) => sum + r.errorCount + r.fatalErrorCount, 0);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	const rulesRun = new Set();
	for (const file of files) {
		const config = await eslint.calculateConfigForFile(file);
		for (const [rule, setting] of Object.entries(config?.rules ?? {})) {
			const level = Array.isArray(setting) ? setting[0] : setting;
			if (level !== 'off' && level !== 0) rulesRun.add(rule);
		}
	}

	const ok = verdict.passed && errors === 0 && warnings === 0 && files.length > 0;
	console.log(
		`${ok ? 'PASS' : 'FAIL'} ${name}: ${files.length} files [${patterns.join(', ')}], ` +
			`${rulesRun.size} rules, ${errors} errors, ${warnings} warnings; ` +
			`n8n verdict: ${verdict.passed ? 'passed' : 'failed'}` +
			`${verdict.message ? ` (${verdict.message})` : ''} (${Date.now() - t0} ms)`,
	);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		console.log((await formatter.format(results)).replaceAll(dir + path.sep, '').trimEnd());
	} else if (!verdict.passed && verdict.details) {
		console.log(verdict.details);
	}
	return ok;
}

console.log(
	`${SCANNER}@${scannerVersion}: lint legs, offline (no download, provenance or source fetch)`,
);
const { packageDir, tarball, entries } = packTarball();
console.log(`packed ${tarball} (${entries} files)`);
const ok = [
	await leg('tarball', packageDir, TARBALL_PATTERNS),
	await leg('tarball, every file', packageDir, ALL_PATTERNS),
	await leg('source', ROOT, scanner.SOURCE_FILE_PATTERNS),
].every(Boolean);

console.log(`scan ${ok ? 'passed' : 'FAILED'} in ${Date.now() - started} ms`);
process.exitCode = ok ? 0 : 1;
