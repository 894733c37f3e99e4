/**
 * Helpers for running this package inside a real n8n (the e2e tests).
 *
 * - `ensureNode24()`     a Node >= 24 binary (n8n 2.x refuses older ones), installed
 *                        from the npm registry into ~/.cache/node24 when missing.
 * - `ensureN8n()`        a pinned n8n, installed once into ~/.cache/n8n-<version> and
 *                        reused. The install happens in a temp dir beside the cache and
 *                        is renamed into place only when complete, with a marker file, so
 *                        an interrupted install is never taken for a cache.
 * - `packPackage()`      `npm run build` + `npm pack` of this repository.
 * - `createN8nInstance()` a throw-away N8N_USER_FOLDER with the tarball installed as a
 *                        community package, and `n8n <command>` runs against it: imports,
 *                        `publish:workflow`, `execute`, and `start()` for a running n8n
 *                        (schedules, webhooks) on a free port, stopped with `stop()`.
 *
 * Every child process is spawned in its own process group with a timeout; on timeout (or
 * from `killAllChildren()` in afterAll) the whole group is killed, so no n8n or task runner
 * is left behind.
 *
 * n8n versions: N8N_E2E_VERSION picks one (default 2.41.1); `npm run test:e2e`
 * (scripts/e2e.mjs) runs every e2e file once per version, 2.41.1 then 1.123.81
 * (N8N_E2E_VERSIONS=a,b to choose). Both run on the same Node 24: 1.123.81's engines field
 * allows ">=20.19 <= 24.x", and its sqlite3 builds and loads under Node 24.
 *
 * CLI and set-up differences by version, handled here (`install.version` decides):
 * - install: n8n 1.x depends on xlsx as a tarball URL on cdn.sheetjs.com, which an offline
 *   machine cannot reach; the cache's package.json has npm `overrides` { xlsx: "0.18.5" }
 *   (the registry's last xlsx). Cold install of 1.123.81: ~4 min, 1.8 GB.
 * - activating a workflow: 2.x `publish:workflow --id=X`; 1.x has no publish command and
 *   uses `update:workflow --id=X --active=true`, which exits 0 even when it did nothing
 *   (bad flags are only logged, an unknown id updates no row): `publish()` checks its
 *   "Activating workflow with ID: X" line.
 * - defaults: 1.x runs without task runners, with a single SQLite connection, with env access
 *   from expressions and bare Git repositories allowed, and warns about each at start; the
 *   instance sets 2.x's defaults for them (N8N_RUNNERS_ENABLED, DB_SQLITE_POOL_SIZE=3,
 *   N8N_BLOCK_ENV_ACCESS_IN_NODE, N8N_GIT_NODE_DISABLE_BARE_REPOS). 1.x offers only the
 *   `filesystem` binary data mode unless N8N_AVAILABLE_BINARY_DATA_MODES names `database`
 *   (set); its default mode is `default` (in memory), 2.x's `filesystem` (queue: `database`).
 * - the same on both: `import:credentials`, `import:workflow`, `execute --id` (prints
 *   "Execution was successful:" then the run as indented JSON), `start`'s ready line
 *   "Editor is now accessible via", `n8n worker`'s "n8n worker is now ready", community
 *   packages loaded from <N8N_USER_FOLDER>/.n8n/nodes/node_modules, no owner needed for the
 *   CLI, N8N_RESTRICT_FILE_ACCESS_TO.
 * - n8n itself (not the CLI), for node authors: on 1.x a NodeApiError made from a transport
 *   error keeps no `cause` (n8n-workflow 1.x drops an Error cause), so the Node.js code
 *   (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ...) is only in its `httpCode` and message;
 *   and "Continue (using error output)" routes an item to the error output only when its
 *   json is exactly {error} or {error, message} (2.x: any of error, message, details).
 * - both versions log a failed execution at debug level ("Workflow execution finished with
 *   error") with the failing node, parameters included.
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const N8N_VERSION = process.env.N8N_E2E_VERSION ?? '2.41.1';
/** The package's root: the nearest folder above with a package.json (also from a compiled copy in .demo/). */
export const REPO_ROOT = (() => {
	let dir = path.resolve(__dirname, '..', '..');
	while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir)
		dir = path.dirname(dir);
	return dir;
})();
/** This package's name, as n8n installs it under <user folder>/.n8n/nodes/node_modules. */
export const PACKAGE_NAME = (
	JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }
).name;
/** Fixed so credentials imported in one n8n call can be decrypted in the next. */
export const N8N_ENCRYPTION_KEY = 'n8n-nodes-backup-restore-e2e-0123456789abcdef';

const CACHE_ROOT = process.env.N8N_E2E_CACHE_ROOT ?? path.join(os.homedir(), '.cache');
const MARKER = '.n8n-e2e-cache-complete';

const MINUTE = 60_000;

function log(message: string): void {
	// Goes to the real stderr so progress shows while jest is still collecting output.
	process.stderr.write(`[e2e n8n ${N8N_VERSION}] ${message}\n`);
}

// ---------------------------------------------------------------------------
// child processes
// ---------------------------------------------------------------------------

const liveGroups = new Set<number>();

function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Kills every process group this module started that may still be running. */
export function killAllChildren(): void {
	for (const pid of liveGroups) killGroup(pid);
	liveGroups.clear();
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	timeoutMs: number;
	/** stdout and stderr go to these files (not pipes: n8n ends with process.exit). */
	stdoutFile: string;
	stderrFile?: string;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	durationMs: number;
	stdout: string;
	stderr: string;
}

/**
 * Runs a command in its own process group, output to files. Resolves when the command has
 * exited (never rejects on a non-zero exit: callers decide). Anything the command left behind
 * in its process group (e.g. n8n's task runner) is killed afterwards.
 */
export async function runCommand(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	const stderrFile = options.stderrFile ?? options.stdoutFile;
	const out = fs.openSync(options.stdoutFile, 'w');
	const err = stderrFile === options.stdoutFile ? out : fs.openSync(stderrFile, 'w');
	const started = Date.now();
	let timedOut = false;
	try {
		const { code, signal } = await new Promise<{
			code: number | null;
			signal: NodeJS.Signals | null;
		}>((resolve, reject) => {
			const child = spawn(command, args, {
				cwd: options.cwd,
				env: options.env ?? process.env,
				stdio: ['ignore', out, err],
				detached: true,
			});
			const pid = child.pid;
			if (pid === undefined) {
				child.once('error', reject);
				return;
			}
			liveGroups.add(pid);
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(pid);
			}, options.timeoutMs);
			child.once('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			child.once('exit', (exitCode, exitSignal) => {
				clearTimeout(timer);
				// The leader is gone; kill whatever else is still in its group.
				killGroup(pid);
				liveGroups.delete(pid);
				resolve({ code: exitCode, signal: exitSignal });
			});
		});
		return {
			code,
			signal,
			timedOut,
			durationMs: Date.now() - started,
			stdout: fs.readFileSync(options.stdoutFile, 'utf8'),
			stderr: stderrFile === options.stdoutFile ? '' : fs.readFileSync(stderrFile, 'utf8'),
		};
	} finally {
		fs.closeSync(out);
		if (err !== out) fs.closeSync(err);
	}
}

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

/** runCommand that throws (with the output's tail) unless the command exits 0. */
export async function runChecked(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<RunResult> {
	const result = await runCommand(command, args, options);
	if (result.code !== 0) {
		const why = result.timedOut
			? `timed out after ${options.timeoutMs} ms`
			: `exited with ${result.code ?? result.signal}`;
		throw new Error(
			`\`${command} ${args.join(' ')}\` ${why}\n--- output (tail) ---\n${tail(
				result.stdout + result.stderr,
			)}`,
		);
	}
	return result;
}

function withPath(env: NodeJS.ProcessEnv, binDir: string): NodeJS.ProcessEnv {
	return { ...env, PATH: `${binDir}${path.delimiter}${env.PATH ?? ''}` };
}

/** npm settings worth passing on to child npm processes (registry, proxy, TLS, cache). */
const NPM_PASS_THROUGH =
	/^npm_config_(registry|.*proxy|noproxy|cafile|ca|cert|key|strict_ssl|cache|userconfig|globalconfig|fetch_.*|@.*:registry|\/\/.*)$/i;

/**
 * Environment for npm children: when jest runs under `npm run`/`npx`, npm exports the
 * project's config as npm_config_* (this repo's .npmrc has ignore-scripts=true, which would
 * silently turn `npm rebuild sqlite3` into a no-op). Keep only connectivity settings.
 */
function npmEnv(binDir?: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) && !NPM_PASS_THROUGH.test(key)) continue;
		if (key === 'NODE_OPTIONS') continue;
		env[key] = value;
	}
	return binDir ? withPath(env, binDir) : env;
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Removes `<base>.tmp-<pid>` dirs left by installs whose process is gone. */
function removeStaleTempDirs(base: string): void {
	const parent = path.dirname(base);
	const prefix = `${path.basename(base)}.tmp-`;
	if (!fs.existsSync(parent)) return;
	for (const name of fs.readdirSync(parent)) {
		if (!name.startsWith(prefix) && !name.startsWith(`${path.basename(base)}.old-`)) continue;
		const pid = Number(name.slice(name.lastIndexOf('-') + 1));
		if (name.startsWith(prefix) && Number.isInteger(pid) && pidAlive(pid)) continue;
		fs.rmSync(path.join(parent, name), { recursive: true, force: true });
	}
}

/** Moves a finished temp dir into place; tolerates a concurrent run that finished first. */
function publishDir(tmp: string, final: string, isComplete: (dir: string) => boolean): void {
	if (fs.existsSync(final)) {
		if (isComplete(final)) {
			fs.rmSync(tmp, { recursive: true, force: true });
			return;
		}
		// An incomplete leftover: move it aside first, then remove it.
		const aside = `${final}.old-${process.pid}`;
		fs.renameSync(final, aside);
		fs.rmSync(aside, { recursive: true, force: true });
	}
	try {
		fs.renameSync(tmp, final);
	} catch (error) {
		if (isComplete(final)) fs.rmSync(tmp, { recursive: true, force: true });
		else throw error;
	}
}

// ---------------------------------------------------------------------------
// Node 24
// ---------------------------------------------------------------------------

function majorOf(version: string): number {
	return Number(version.replace(/^v/, '').split('.')[0]);
}

/** Path of a Node >= 24 binary: this one, $N8N_E2E_NODE, or ~/.cache/node24 (installed). */
export async function ensureNode24(): Promise<string> {
	if (process.env.N8N_E2E_NODE) return process.env.N8N_E2E_NODE;
	if (majorOf(process.version) >= 24) return process.execPath;

	const prefix = path.join(CACHE_ROOT, 'node24');
	const pkg = `node-${process.platform}-${process.arch}`;
	const bin = path.join(prefix, 'node_modules', pkg, 'bin', 'node');
	const works = (candidate: string): boolean => {
		try {
			const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
			return majorOf(version) >= 24;
		} catch {
			return false;
		}
	};
	if (fs.existsSync(bin) && works(bin)) return bin;

	log(`installing Node 24 (${pkg}) into ${prefix}`);
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	removeStaleTempDirs(prefix);
	const tmp = `${prefix}.tmp-${process.pid}`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	await runChecked(
		'npm',
		['install', '--prefix', tmp, '--no-audit', '--no-fund', '--no-save', `${pkg}@24`],
		{ cwd: tmp, env: npmEnv(), timeoutMs: 10 * MINUTE, stdoutFile: path.join(tmp, 'install.log') },
	);
	const tmpBin = path.join(tmp, 'node_modules', pkg, 'bin', 'node');
	if (!works(tmpBin)) throw new Error(`Node 24 install in ${tmp} did not produce ${tmpBin}`);
	publishDir(tmp, prefix, () => works(bin));
	return bin;
}

// ---------------------------------------------------------------------------
// n8n cache
// ---------------------------------------------------------------------------

export interface N8nInstall {
	version: string;
	dir: string;
	/** <dir>/node_modules/n8n/bin/n8n, to be run as `<node24> <bin> ...` */
	bin: string;
	node: string;
}

function n8nBinIn(dir: string): string {
	return path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

function installedN8nVersion(dir: string): string | undefined {
	try {
		const pkg = JSON.parse(
			fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version?: string };
		return pkg.version;
	} catch {
		return undefined;
	}
}

function hasMarker(dir: string, version: string): boolean {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as {
			version?: string;
		};
		return (
			marker.version === version &&
			installedN8nVersion(dir) === version &&
			fs.existsSync(n8nBinIn(dir))
		);
	} catch {
		return false;
	}
}

function sqliteLoads(node: string, dir: string): boolean {
	try {
		execFileSync(
			node,
			['-e', 'require(process.argv[1])', path.join(dir, 'node_modules', 'sqlite3')],
			{
				stdio: 'ignore',
				timeout: MINUTE,
			},
		);
		return true;
	} catch {
		return false;
	}
}

function writeMarker(dir: string, version: string, node: string): void {
	const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
	fs.writeFileSync(
		path.join(dir, MARKER),
		JSON.stringify({ version, node: nodeVersion, completedAt: new Date().toISOString() }, null, 2),
	);
}

/**
 * A cache made by hand the same way (install.log ending in "exit 0") has no marker; adopt it
 * if it is the right version and its native sqlite3 loads under Node 24.
 */
function adoptUnmarked(dir: string, version: string, node: string): boolean {
	try {
		const installLog = fs.readFileSync(path.join(dir, 'install.log'), 'utf8').trimEnd();
		if (!/(^|\n)exit 0$/.test(installLog)) return false;
	} catch {
		return false;
	}
	if (installedN8nVersion(dir) !== version || !fs.existsSync(n8nBinIn(dir))) return false;
	if (!sqliteLoads(node, dir)) return false;
	writeMarker(dir, version, node);
	return true;
}

/** The major version of an n8n version string ("1.123.81" -> 1). */
export function n8nMajor(version = N8N_VERSION): number {
	return majorOf(version);
}

/**
 * package.json fields the cache install needs. n8n 1.x depends on xlsx as a tarball URL on
 * cdn.sheetjs.com (not the npm registry): offline that install fails, so npm `overrides` maps
 * it to the registry's last published xlsx, 0.18.5 (same API for what n8n uses).
 */
function installOverrides(version: string): Record<string, unknown> {
	return majorOf(version) < 2 ? { overrides: { xlsx: '0.18.5' } } : {};
}

/**
 * The pinned n8n, from ~/.cache/n8n-<version> ($N8N_E2E_N8N_DIR overrides for the version it
 * holds), installed there when missing: `npm install --ignore-scripts n8n@<version>` (1.x:
 * with the xlsx override) + `npm rebuild sqlite3` with
 * Node 24 first on PATH and npm_config_nodedir pointing at it (node-gyp builds for its ABI).
 */
export async function ensureN8n(node: string, version = N8N_VERSION): Promise<N8nInstall> {
	// $N8N_E2E_N8N_DIR holds one version: another one comes from the cache (never installed over it)
	const override = process.env.N8N_E2E_N8N_DIR;
	const dir =
		override && (installedN8nVersion(override) ?? version) === version
			? override
			: path.join(CACHE_ROOT, `n8n-${version}`);
	const result = { version, dir, bin: n8nBinIn(dir), node };
	if (hasMarker(dir, version)) return result;
	if (fs.existsSync(dir) && adoptUnmarked(dir, version, node)) {
		log(`adopted existing n8n ${version} install at ${dir}`);
		return result;
	}

	const started = Date.now();
	log(`installing n8n ${version} into ${dir} (cold cache: several minutes, ~3 GB)`);
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	removeStaleTempDirs(dir);
	const tmp = `${dir}.tmp-${process.pid}`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	fs.writeFileSync(
		path.join(tmp, 'package.json'),
		JSON.stringify({ name: 'n8n-cache', private: true, ...installOverrides(version) }, null, 2),
	);
	const env = npmEnv(path.dirname(node));
	// node-gyp must build sqlite3 against Node 24's headers (a user ~/.npmrc may name others).
	const nodeDir = path.dirname(path.dirname(node));
	if (fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
		env.npm_config_nodedir = nodeDir;
	}
	const logFile = path.join(tmp, 'install.log');
	await runChecked(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', `n8n@${version}`],
		{ cwd: tmp, env, timeoutMs: 30 * MINUTE, stdoutFile: path.join(tmp, 'npm-install.log') },
	);
	await runChecked('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3'], {
		cwd: tmp,
		env,
		timeoutMs: 20 * MINUTE,
		stdoutFile: path.join(tmp, 'npm-rebuild.log'),
	});
	if (installedN8nVersion(tmp) !== version) throw new Error(`n8n ${version} missing in ${tmp}`);
	if (!sqliteLoads(node, tmp)) throw new Error(`sqlite3 built in ${tmp} does not load in ${node}`);
	fs.writeFileSync(logFile, 'exit 0\n');
	writeMarker(tmp, version, node);
	publishDir(tmp, dir, (d) => hasMarker(d, version));
	log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return result;
}

// ---------------------------------------------------------------------------
// this package
// ---------------------------------------------------------------------------

/** `npm run build` then `npm pack` into outDir; returns the tarball's path. */
export async function packPackage(outDir: string): Promise<string> {
	fs.mkdirSync(outDir, { recursive: true });
	await runChecked('npm', ['run', 'build'], {
		cwd: REPO_ROOT,
		env: npmEnv(),
		timeoutMs: 10 * MINUTE,
		stdoutFile: path.join(outDir, 'build.log'),
	});
	// Already built: skip the prepack script.
	const packed = await runChecked(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', outDir],
		{
			cwd: REPO_ROOT,
			env: npmEnv(),
			timeoutMs: 5 * MINUTE,
			stdoutFile: path.join(outDir, 'pack.json'),
			stderrFile: path.join(outDir, 'pack.log'),
		},
	);
	const [info] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
	// npm names scoped tarballs "scope-name-x.y.z.tgz"; `filename` is the file written.
	const tarball = path.join(
		outDir,
		path.basename(info.filename.replace(/^@/, '').replace(/\//, '-')),
	);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
	return tarball;
}

/** A free TCP port on 127.0.0.1 (for n8n's task broker, which cannot take port 0). */
export async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

// ---------------------------------------------------------------------------
// an n8n instance (user folder) and its CLI
// ---------------------------------------------------------------------------

export interface N8nInstance {
	/** Temp dir holding everything of this instance: user folder, inputs, logs. */
	root: string;
	/** N8N_USER_FOLDER (n8n keeps its data in <userFolder>/.n8n). */
	userFolder: string;
	/** Environment n8n runs with. */
	env: NodeJS.ProcessEnv;
	/** Runs `n8n <args>`; output in <root>/logs/<label>.out|.err. */
	cli(label: string, args: string[], timeoutMs?: number): Promise<RunResult>;
	/** import:credentials from an array of {id, name, type, data} (plain data). */
	importCredentials(credentials: unknown[]): Promise<RunResult>;
	/** import:workflow from workflow objects (one n8n call for all). */
	importWorkflows(workflows: unknown[]): Promise<RunResult>;
	/** execute --id; parses the run JSON n8n prints. Output in <root>/logs/execute-<id>.* */
	execute(workflowId: string): Promise<ExecuteResult>;
	/**
	 * publish:workflow --id: the workflow is active (its triggers, schedules and production
	 * webhooks run) from the next `n8n start`.
	 */
	publish(workflowId: string): Promise<RunResult>;
	/** `n8n start` on a free port; settles once n8n says the editor is accessible. */
	start(options?: StartOptions): Promise<N8nServer>;
	remove(): void;
}

export interface StartOptions {
	/** N8N_PORT. Default: a free port on 127.0.0.1. */
	port?: number;
	/** Log files are <root>/logs/<label>.out|.err. Default 'start'. */
	label?: string;
	/** Added to the instance's environment for this process. */
	env?: NodeJS.ProcessEnv;
	/** How long n8n may take to say it is ready. Default 3 minutes. */
	readyTimeoutMs?: number;
	/** The process group is killed after this long whatever happens. Default 15 minutes. */
	maxLifetimeMs?: number;
}

/** A running `n8n start`. */
export interface N8nServer {
	readonly port: number;
	/** http://127.0.0.1:<port> */
	readonly url: string;
	readonly pid: number;
	readonly stdoutFile: string;
	readonly stderrFile: string;
	/** Everything n8n wrote so far (stdout, then stderr). */
	output(): string;
	/** Whether the process has exited. */
	readonly exited: boolean;
	/** SIGTERM to the process group, SIGKILL after `graceMs` (default 20 s). */
	stop(graceMs?: number): Promise<void>;
}

export interface ExecuteResult extends RunResult {
	successful: boolean;
	run: N8nRun | undefined;
}

export interface N8nItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
}

export interface N8nTaskData {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<N8nItem[] | null> };
}

export interface N8nRun {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, N8nTaskData[]>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

/**
 * Settings that differ between the n8n versions under test: on 1.x, the defaults 2.x has
 * (task runners on, a pool of SQLite read connections, no env access from expressions or the
 * Code node, no bare Git repositories, the `database` binary data mode available), so both
 * run alike and 1.x prints no deprecation warnings about them at start. 1.x keeps its own
 * default binary data mode (`default`, in memory; 2.x: `filesystem`, `database` in queue mode).
 */
function versionEnv(version: string): NodeJS.ProcessEnv {
	if (majorOf(version) >= 2) return {};
	return {
		N8N_RUNNERS_ENABLED: 'true',
		DB_SQLITE_POOL_SIZE: '3',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		// 2.x offers the database binary mode (queue mode's default) out of the box
		N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database',
	};
}

/** Variables of the parent that must not leak into n8n (jest's NODE_ENV=test changes n8n). */
function baseEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_|WEBHOOK_URL$)/.test(key)) continue;
		if (
			['NODE_ENV', 'NODE_OPTIONS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_EXTRA_CA_CERTS'].includes(
				key,
			)
		)
			continue;
		if (key.startsWith('JEST_') || key.startsWith('npm_')) continue;
		env[key] = value;
	}
	return env;
}

/**
 * Pulls the JSON n8n prints after "Execution was successful:" (or the error report) at log
 * level info: from a line `{` to the next line `}` (nested braces are indented).
 */
export function parseRunJson(stdout: string): N8nRun | undefined {
	const lines = stdout.split(/\r?\n/);
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	const end = lines.indexOf('}', start + 1);
	if (end < 0) return undefined;
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as N8nRun;
}

/**
 * A fresh n8n user folder with `tarball` installed as a community package
 * (<userFolder>/.n8n/nodes, the folder n8n loads community packages from at start).
 */
export async function createN8nInstance(
	install: N8nInstall,
	tarball: string,
	extraEnv: NodeJS.ProcessEnv = {},
): Promise<N8nInstance> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const userFolder = path.join(root, 'user');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const logs = path.join(root, 'logs');
	const inputs = path.join(root, 'inputs');
	for (const dir of [nodesDir, logs, inputs]) fs.mkdirSync(dir, { recursive: true });

	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
	);
	await runChecked('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball], {
		cwd: nodesDir,
		env: npmEnv(path.dirname(install.node)),
		timeoutMs: 5 * MINUTE,
		stdoutFile: path.join(logs, 'npm-install-package.log'),
	});

	const brokerPort = await freePort();
	const env: NodeJS.ProcessEnv = {
		...withPath(baseEnv(), path.dirname(install.node)),
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		// The task broker needs a real port (its runner connects to the configured one).
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		...versionEnv(install.version),
		...extraEnv,
	};

	const cli = async (label: string, args: string[], timeoutMs = 5 * MINUTE) =>
		await runCommand(install.node, [install.bin, ...args], {
			cwd: root,
			env,
			timeoutMs,
			stdoutFile: path.join(logs, `${label}.out`),
			stderrFile: path.join(logs, `${label}.err`),
		});
	const checked = async (label: string, args: string[]) => {
		const result = await cli(label, args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (${result.timedOut ? 'timeout' : `exit ${result.code}`})\n` +
					`--- stdout (tail) ---\n${tail(result.stdout)}\n--- stderr (tail) ---\n${tail(result.stderr)}`,
			);
		}
		return result;
	};

	return {
		root,
		userFolder,
		env,
		cli,
		async importCredentials(credentials) {
			const file = path.join(inputs, 'credentials.json');
			fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
			try {
				return await checked('import-credentials', ['import:credentials', `--input=${file}`]);
			} finally {
				// Holds plain secrets: gone as soon as n8n has them (encrypted) in its database.
				fs.rmSync(file, { force: true });
			}
		},
		async importWorkflows(workflows) {
			const file = path.join(inputs, 'workflows.json');
			fs.writeFileSync(file, JSON.stringify(workflows, null, 2));
			return await checked('import-workflow', ['import:workflow', `--input=${file}`]);
		},
		async execute(workflowId) {
			const result = await cli(`execute-${workflowId}`, ['execute', `--id=${workflowId}`]);
			let run: N8nRun | undefined;
			try {
				run = parseRunJson(result.stdout);
			} catch {
				run = undefined;
			}
			return {
				...result,
				run,
				successful: result.code === 0 && /Execution was successful:/.test(result.stdout),
			};
		},
		async publish(workflowId) {
			if (majorOf(install.version) >= 2)
				return await checked(`publish-${workflowId}`, ['publish:workflow', `--id=${workflowId}`]);
			// n8n 1.x: no publish:workflow. update:workflow exits 0 even when it did nothing (bad
			// flags are only logged), so its "Activating" line is the proof it ran.
			const result = await checked(`publish-${workflowId}`, [
				'update:workflow',
				`--id=${workflowId}`,
				'--active=true',
			]);
			if (!result.stdout.includes(`Activating workflow with ID: ${workflowId}`)) {
				throw new Error(
					`n8n update:workflow --id=${workflowId} --active=true did not activate it\n` +
						`--- stdout (tail) ---\n${tail(result.stdout)}\n--- stderr (tail) ---\n${tail(result.stderr)}`,
				);
			}
			return result;
		},
		async start(options = {}) {
			return await startN8nServer(install, { ...env, ...options.env }, logs, root, options);
		},
		remove() {
			fs.rmSync(root, { recursive: true, force: true });
		},
	};
}

/** What `n8n start` prints once its HTTP server listens and every active workflow is activated. */
const READY_LINE = 'Editor is now accessible via';

/** One request to url (a short timeout); resolves to the status code, undefined when nothing answered. */
export async function httpStatus(
	url: string,
	options: { method?: string; timeoutMs?: number } = {},
): Promise<number | undefined> {
	return await new Promise<number | undefined>((resolve) => {
		const request = http.request(
			url,
			{ method: options.method ?? 'GET', timeout: options.timeoutMs ?? 2_000 },
			(response) => {
				response.resume();
				resolve(response.statusCode);
			},
		);
		request.once('timeout', () => request.destroy());
		request.once('error', () => resolve(undefined));
		request.end();
	});
}

/**
 * Asks url again and again until `accept(status)`, e.g. until a production webhook is
 * registered (n8n 2.x activates published workflows just after it says it is ready).
 * Throws with the last status after timeoutMs.
 */
export async function waitForHttpStatus(
	url: string,
	accept: (status: number | undefined) => boolean,
	options: { method?: string; timeoutMs?: number } = {},
): Promise<number | undefined> {
	const deadline = Date.now() + (options.timeoutMs ?? MINUTE);
	for (;;) {
		const status = await httpStatus(url, { method: options.method });
		if (accept(status)) return status;
		if (Date.now() > deadline)
			throw new Error(`${options.method ?? 'GET'} ${url} still answers ${status ?? 'nothing'}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** The path of GNU `timeout` when there is one: it kills n8n's group even if this process dies. */
function timeoutBinary(): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, 'timeout');
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 5_000 });
			return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** A running n8n process (`start` or `worker`) in its own process group, logs to files. */
interface N8nProcess {
	readonly pid: number;
	readonly stdoutFile: string;
	readonly stderrFile: string;
	output(): string;
	readonly exited: boolean;
	/** SIGTERM to the process group, SIGKILL after `graceMs` (default 20 s). */
	stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `n8n <args>` with a maximum lifetime (the `timeout` binary leads the group when
 * present, so the group dies even if this test process is gone) and settles once `ready()`
 * says so; a process that exits or is not ready in time is stopped and reported with the
 * tail of its output.
 */
async function spawnN8n(options: {
	install: N8nInstall;
	args: string[];
	env: NodeJS.ProcessEnv;
	cwd: string;
	logs: string;
	label: string;
	what: string;
	maxLifetimeMs: number;
	readyTimeoutMs: number;
	ready(stdout: string): Promise<boolean> | boolean;
}): Promise<N8nProcess> {
	const { install, maxLifetimeMs, readyTimeoutMs } = options;
	const stdoutFile = path.join(options.logs, `${options.label}.out`);
	const stderrFile = path.join(options.logs, `${options.label}.err`);
	const out = fs.openSync(stdoutFile, 'w');
	const err = fs.openSync(stderrFile, 'w');
	const guard = timeoutBinary();
	const n8nArgs = [install.bin, ...options.args];
	const [command, args] = guard
		? [guard, ['--kill-after=10', `${Math.ceil(maxLifetimeMs / 1000)}`, install.node, ...n8nArgs]]
		: [install.node, n8nArgs];
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', out, err],
		detached: true,
	});
	fs.closeSync(out);
	fs.closeSync(err);
	const pid = child.pid;
	if (pid === undefined) {
		throw await new Promise<Error>((resolve) => child.once('error', resolve));
	}
	liveGroups.add(pid);
	let exited = false;
	const lifetime = setTimeout(() => killGroup(pid), maxLifetimeMs + 15_000);
	lifetime.unref();
	const exit = new Promise<void>((resolve) => {
		child.once('exit', () => {
			exited = true;
			clearTimeout(lifetime);
			killGroup(pid);
			liveGroups.delete(pid);
			resolve();
		});
	});
	const read = (file: string): string => {
		try {
			return fs.readFileSync(file, 'utf8');
		} catch {
			return '';
		}
	};
	const stop = async (graceMs = 20_000): Promise<void> => {
		if (exited) return;
		try {
			process.kill(-pid, 'SIGTERM');
		} catch {
			// gone already
		}
		const killer = setTimeout(() => killGroup(pid), graceMs);
		await exit;
		clearTimeout(killer);
	};

	const deadline = Date.now() + readyTimeoutMs;
	while (!(await options.ready(read(stdoutFile)))) {
		if (exited || Date.now() > deadline) {
			const why = exited ? 'exited' : `was not ready after ${readyTimeoutMs} ms`;
			await stop(5_000);
			throw new Error(
				`${options.what} ${why}\n--- stdout (tail) ---\n${tail(read(stdoutFile))}\n--- stderr (tail) ---\n${tail(read(stderrFile))}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return {
		pid,
		stdoutFile,
		stderrFile,
		output: () => `${read(stdoutFile)}${read(stderrFile)}`,
		get exited() {
			return exited;
		},
		stop,
	};
}

async function startN8nServer(
	install: N8nInstall,
	baseEnvironment: NodeJS.ProcessEnv,
	logs: string,
	cwd: string,
	options: StartOptions,
): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const started = await spawnN8n({
		install,
		args: ['start'],
		env: { ...baseEnvironment, N8N_PORT: String(port) },
		cwd,
		logs,
		label: options.label ?? 'start',
		what: 'n8n start',
		maxLifetimeMs: options.maxLifetimeMs ?? 15 * MINUTE,
		readyTimeoutMs: options.readyTimeoutMs ?? 3 * MINUTE,
		ready: async (stdout) =>
			stdout.includes(READY_LINE) && (await httpStatus(`${url}/healthz`)) === 200,
	});
	return {
		port,
		url,
		pid: started.pid,
		stdoutFile: started.stdoutFile,
		stderrFile: started.stderrFile,
		output: () => started.output(),
		get exited() {
			return started.exited;
		},
		stop: (graceMs) => started.stop(graceMs),
	};
}

/** What a POST to n8n got back, read in full. */
export interface HttpAnswer {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: unknown;
}

/** One part of a multipart/form-data body. */
export interface FormPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer | string;
}

/**
 * A POST to n8n (a webhook) with multipart parts or a JSON body, built by hand: no client
 * library between the test and n8n. The answer is read in full; no status is an error.
 */
export async function postToN8n(
	url: string,
	body: { parts?: FormPart[]; json?: unknown },
	headers: Record<string, string> = {},
	timeoutMs = 2 * MINUTE,
): Promise<HttpAnswer> {
	let payload: Buffer;
	let contentType: string;
	if (body.parts) {
		const boundary = `----e2e${randomBytes(12).toString('hex')}`;
		const chunks: Buffer[] = [];
		for (const part of body.parts) {
			const disposition = `form-data; name="${part.name}"${
				part.fileName === undefined ? '' : `; filename="${part.fileName}"`
			}`;
			const head =
				`--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
				(part.contentType ? `Content-Type: ${part.contentType}\r\n` : '') +
				'\r\n';
			chunks.push(Buffer.from(head), Buffer.from(part.data), Buffer.from('\r\n'));
		}
		chunks.push(Buffer.from(`--${boundary}--\r\n`));
		payload = Buffer.concat(chunks);
		contentType = `multipart/form-data; boundary=${boundary}`;
	} else {
		payload = Buffer.from(JSON.stringify(body.json ?? {}));
		contentType = 'application/json';
	}
	return await new Promise<HttpAnswer>((resolve, reject) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				timeout: timeoutMs,
				headers: {
					...headers,
					'Content-Type': contentType,
					'Content-Length': String(payload.length),
				},
			},
			(response) => {
				const received: Buffer[] = [];
				response.on('data', (chunk: Buffer) => received.push(chunk));
				response.on('error', reject);
				response.on('end', () => {
					const text = Buffer.concat(received).toString('utf8');
					let json: unknown;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}
					resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
				});
			},
		);
		request.once('timeout', () =>
			request.destroy(new Error(`POST ${url} got no answer within ${timeoutMs} ms`)),
		);
		request.once('error', reject);
		request.end(payload);
	});
}

/** Every file under dir (recursively) except those below any `skip` dir. */
export function listFiles(dir: string, skip: string[] = []): string[] {
	const files: string[] = [];
	if (!fs.existsSync(dir)) return files;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (!skip.includes(full)) files.push(...listFiles(full, skip));
		} else if (entry.isFile()) {
			files.push(full);
		}
	}
	return files;
}

/** One execution n8n stored, with its run data parsed (n8n keeps it in flatted form). */
export interface StoredExecution {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	/** The raw stored data (for "does this secret appear anywhere" checks). */
	raw: string;
	run: N8nRun['data'] | undefined;
}

/**
 * Every execution in n8n's sqlite database, read with n8n's own sqlite3 and flatted (run it
 * once n8n has stopped, or at least finished the executions of interest). `scratchDir` holds
 * the helper script and its output.
 */
export async function readStoredExecutions(
	install: N8nInstall,
	database: string,
	scratchDir: string,
): Promise<StoredExecution[]> {
	const script = path.join(scratchDir, 'read-stored-executions.js');
	fs.writeFileSync(
		script,
		[
			'const [modules, file] = process.argv.slice(2);',
			"const sqlite3 = require(require('path').join(modules, 'sqlite3'));",
			"const flatted = require(require('path').join(modules, 'flatted'));",
			'const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);',
			'db.all(',
			"  'SELECT e.id AS id, e.workflowId AS workflowId, e.status AS status, e.mode AS mode, d.data AS data ' +",
			"  'FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ORDER BY e.id',",
			'  (error, rows) => {',
			'    if (error) { console.error(error); process.exit(2); }',
			'    const out = rows.map((row) => {',
			"      const raw = typeof row.data === 'string' ? row.data : '';",
			'      let run;',
			'      try { run = raw ? flatted.parse(raw) : undefined; } catch { run = undefined; }',
			'      return { id: String(row.id), workflowId: String(row.workflowId), status: String(row.status), mode: String(row.mode), raw, run };',
			'    });',
			'    process.stdout.write(JSON.stringify(out));',
			'    db.close();',
			'  },',
			');',
		].join('\n'),
	);
	const out = path.join(scratchDir, 'stored-executions.json');
	await runChecked(install.node, [script, path.join(install.dir, 'node_modules'), database], {
		timeoutMs: MINUTE,
		stdoutFile: out,
		stderrFile: path.join(scratchDir, 'stored-executions.err'),
	});
	return JSON.parse(fs.readFileSync(out, 'utf8')) as StoredExecution[];
}

// ---------------------------------------------------------------------------
// what the e2e test files share
// ---------------------------------------------------------------------------

/** A node of an exported workflow, as the examples hold them. */
export interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

/** An exported workflow (examples/*.json). */
export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	[key: string]: unknown;
}

/**
 * A polling trigger's Poll Times for a poll every `seconds`: n8n refuses a single sub-minute
 * cron entry, but takes several fixed-second ones.
 */
export function pollEverySeconds(seconds: number) {
	return {
		item: Array.from({ length: Math.floor(60 / seconds) }, (_, i) => ({
			mode: 'custom',
			cronExpression: `${i * seconds} * * * * *`,
		})),
	};
}

export function readExample(file: string): WorkflowJson {
	return JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowJson;
}

/** An `n8n execute` result as a failure message: exit, the run's error, the output's tail. */
export function describeRun(result: ExecuteResult): string {
	const error = result.run?.data.resultData.error;
	return [
		`exit ${result.code}${result.timedOut ? ' (timed out)' : ''}, ${result.durationMs} ms`,
		error ? `error: ${error.message ?? ''} ${error.description ?? ''}` : '',
		'--- stdout (tail) ---',
		result.stdout.split('\n').slice(-60).join('\n'),
		'--- stderr (tail) ---',
		result.stderr.split('\n').slice(-30).join('\n'),
	].join('\n');
}

/** One header of a recorded request, repeated values joined. */
export function headerOf(headers: unknown, name: string): string | undefined {
	const value = (headers as Record<string, string | string[] | undefined>)[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Times the set-up steps of a test file: `timed(label, step)` records into `timings`. */
export function stepTimer() {
	const timings: Record<string, number> = {};
	async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
		const started = Date.now();
		try {
			return await step();
		} finally {
			timings[label] = Date.now() - started;
		}
	}
	return { timings, timed };
}

type Timed = ReturnType<typeof stepTimer>['timed'];

/**
 * The start of every e2e file's set-up: Node 24, then this run's n8n (installed once, cached)
 * and this package built and packed, side by side.
 */
export async function n8nAndPackage(
	workDir: string,
	timed: Timed,
): Promise<{ install: N8nInstall; tarball: string }> {
	const node = await timed('node24', ensureNode24);
	const [install, tarball] = await Promise.all([
		timed('n8n cache', async () => await ensureN8n(node)),
		timed('build + pack', async () => await packPackage(path.join(workDir, 'pack'))),
	]);
	return { install, tarball };
}

/**
 * A throw-away n8n with the packed package installed as a community package (as *Settings >
 * Community Nodes* installs it), checked to hold each of `nodes`
 * (e.g. `NetAppOntap/NetAppOntap.node.js`).
 */
export async function installPackage(
	install: N8nInstall,
	tarball: string,
	timed: Timed,
	options: { env?: NodeJS.ProcessEnv; nodes?: string[] } = {},
): Promise<N8nInstance> {
	const n8n = await timed(
		'install community package',
		async () => await createN8nInstance(install, tarball, options.env),
	);
	const dist = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'dist');
	for (const file of options.nodes ?? []) {
		if (!fs.existsSync(path.join(dist, 'nodes', file)))
			throw new Error(`the installed package has no dist/nodes/${file}`);
	}
	return n8n;
}

/**
 * The end of every e2e file: the n8n server (if one runs) stopped, every child process
 * ended, the emulators closed, the throw-away n8n and work folder removed (kept with
 * N8N_E2E_KEEP=1, and said where), and the step timings printed.
 */
export async function finishE2e(parts: {
	label: string;
	server?: N8nServer;
	emulators: Array<{ close(): Promise<void> } | undefined>;
	n8n?: N8nInstance;
	workDir?: string;
	timings: Record<string, number>;
}): Promise<void> {
	await parts.server?.stop(10_000);
	killAllChildren();
	for (const emulator of parts.emulators) await emulator?.close();
	if (process.env.N8N_E2E_KEEP) {
		log(`kept ${parts.workDir} and ${parts.n8n?.root}`);
	} else {
		parts.n8n?.remove();
		if (parts.workDir) fs.rmSync(parts.workDir, { recursive: true, force: true });
	}
	log(`${parts.label} timings (ms): ${JSON.stringify(parts.timings)}`);
}

// ---------------------------------------------------------------------------
// queue mode: `n8n worker` processes beside `n8n start`
// ---------------------------------------------------------------------------

/** What `n8n worker` (2.x) prints once it takes jobs from the Redis queue. */
export const WORKER_READY_LINE = 'n8n worker is now ready';

export interface WorkerOptions {
	/** Log files are <root>/logs/<label>.out|.err. */
	label: string;
	/** Added to the instance's environment for this process. */
	env?: NodeJS.ProcessEnv;
	/** `n8n worker --concurrency`: how many executions it runs at once. Default 10 (n8n's). */
	concurrency?: number;
	/** How long the worker may take to say it is ready. Default 3 minutes. */
	readyTimeoutMs?: number;
	/** The process group is killed after this long whatever happens. Default 15 minutes. */
	maxLifetimeMs?: number;
}

/** A running `n8n worker`. */
export interface N8nWorker {
	readonly label: string;
	readonly pid: number;
	readonly stdoutFile: string;
	readonly stderrFile: string;
	/** The task-runner broker port this worker listens on (each process needs its own). */
	readonly brokerPort: number;
	output(): string;
	readonly exited: boolean;
	/** SIGTERM to the process group, SIGKILL after `graceMs` (default 20 s). */
	stop(graceMs?: number): Promise<void>;
}

/**
 * `n8n worker` for an instance whose environment is set up for queue mode (EXECUTIONS_MODE,
 * DB_*, QUEUE_BULL_REDIS_*): same user folder, encryption key and community packages as the
 * main process, its own task-runner broker port. Settles once the worker says it is ready.
 */
export async function startWorker(
	install: N8nInstall,
	instance: N8nInstance,
	options: WorkerOptions,
): Promise<N8nWorker> {
	const brokerPort = await freePort();
	const started = await spawnN8n({
		install,
		args: [
			'worker',
			...(options.concurrency === undefined ? [] : [`--concurrency=${options.concurrency}`]),
		],
		env: { ...instance.env, ...options.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		cwd: instance.root,
		logs: path.join(instance.root, 'logs'),
		label: options.label,
		what: `n8n worker (${options.label})`,
		maxLifetimeMs: options.maxLifetimeMs ?? 15 * MINUTE,
		readyTimeoutMs: options.readyTimeoutMs ?? 3 * MINUTE,
		ready: (stdout) => stdout.includes(WORKER_READY_LINE),
	});
	return {
		label: options.label,
		pid: started.pid,
		stdoutFile: started.stdoutFile,
		stderrFile: started.stderrFile,
		brokerPort,
		output: () => started.output(),
		get exited() {
			return started.exited;
		},
		stop: (graceMs) => started.stop(graceMs),
	};
}
