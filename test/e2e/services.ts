/**
 * PostgreSQL and Redis for the queue-mode e2e test (test/e2e/queue.e2e.test.ts).
 *
 * - `ensureDebianPackages()` installs Debian's `postgresql` and `redis-server` when missing
 *   (`apt-get update` once, then `apt-get install -y`). While it installs, a temporary
 *   /usr/sbin/policy-rc.d (only when the machine has none) keeps the packages from starting
 *   their system-wide services on the default ports: the test starts its own.
 * - `startPostgres()` a throw-away cluster: `initdb` as the `postgres` OS user (PostgreSQL
 *   refuses to run as root) in a temp folder owned by that user, the server on 127.0.0.1 and
 *   a free port (its unix socket in the same temp folder), a database and a password user
 *   for n8n. `psql()` runs SQL against it with Debian's psql.
 * - `startRedis()` redis-server on 127.0.0.1 and a free port, persistence off, in a temp folder.
 *
 * Each server runs under `timeout` in its own process group (killed after its maximum
 * lifetime even if the test process is gone), followed by `rm -rf` of its folder; `stop()`
 * ends it earlier and removes the folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { freePort, runCommand } from './n8n';

const MINUTE = 60_000;

function log(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

// ---------------------------------------------------------------------------
// Debian packages
// ---------------------------------------------------------------------------

/** The newest /usr/lib/postgresql/<major>/bin holding initdb and postgres, if any. */
export function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const candidates = fs
		.readdirSync(root)
		.filter((name) => /^\d+(\.\d+)?$/.test(name))
		.sort((a, b) => Number(b) - Number(a))
		.map((name) => path.join(root, name, 'bin'))
		.filter((bin) =>
			['initdb', 'postgres', 'psql', 'pg_isready'].every((tool) =>
				isExecutable(path.join(bin, tool)),
			),
		);
	return candidates[0];
}

function isExecutable(file: string): boolean {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/** A command on PATH (or the usual sbin folders), or undefined. */
function which(command: string): string | undefined {
	const dirs = [
		...(process.env.PATH ?? '').split(path.delimiter),
		'/usr/sbin',
		'/usr/bin',
		'/sbin',
		'/bin',
	];
	for (const dir of dirs) {
		const candidate = path.join(dir, command);
		if (dir && isExecutable(candidate)) return candidate;
	}
	return undefined;
}

function osUser(name: string): { uid: number; gid: number } | undefined {
	try {
		const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
		return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
	} catch {
		return undefined;
	}
}

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Installs what is missing of Debian's `postgresql` (server + psql, and the `postgres` OS
 * user) and `redis-server`. Needs root and a reachable Debian mirror (as on CI).
 */
export async function ensureDebianPackages(logDir: string): Promise<void> {
	const missing: string[] = [];
	if (!postgresBinDir() || !osUser('postgres')) missing.push('postgresql');
	if (!which('redis-server')) missing.push('redis-server');
	if (missing.length === 0) return;
	if (process.getuid?.() !== 0)
		throw new Error(`${missing.join(' and ')} missing, and only root can install them (apt-get)`);

	log(`installing ${missing.join(', ')} with apt-get`);
	fs.mkdirSync(logDir, { recursive: true });
	const env: NodeJS.ProcessEnv = {
		...process.env,
		DEBIAN_FRONTEND: 'noninteractive',
		PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin:/sbin:/bin`,
	};
	// Keep the packages from starting their system services (port 5432/6379) while installing.
	const ownPolicy = !fs.existsSync(POLICY_RC_D);
	if (ownPolicy)
		fs.writeFileSync(
			POLICY_RC_D,
			'#!/bin/sh\n# e2e: no service starts while the test installs packages\nexit 101\n',
			{ mode: 0o755 },
		);
	try {
		const apt = async (label: string, args: string[]) => {
			const result = await runCommand('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
				env,
				timeoutMs: 15 * MINUTE,
				stdoutFile: path.join(logDir, `${label}.log`),
			});
			if (result.code !== 0)
				throw new Error(
					`apt-get ${args.join(' ')} exited with ${result.code ?? result.signal}\n${result.stdout.split('\n').slice(-30).join('\n')}`,
				);
		};
		await apt('apt-get-update', ['update']);
		await apt('apt-get-install', ['install', '-y', '--no-install-recommends', ...missing]);
	} finally {
		if (ownPolicy) fs.rmSync(POLICY_RC_D, { force: true });
	}
	if (!postgresBinDir() || !osUser('postgres') || !which('redis-server'))
		throw new Error(
			`apt-get installed ${missing.join(', ')}, but PostgreSQL or Redis is still missing`,
		);
}

// ---------------------------------------------------------------------------
// a server under `timeout`, then `rm -rf` of its folder
// ---------------------------------------------------------------------------

interface GuardedProcess {
	pid: number;
	exited: boolean;
	/** Signal to the whole group, wait up to graceMs, then SIGKILL; the folder is removed. */
	stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// gone
	}
}

const liveServices = new Set<() => Promise<void>>();

/**
 * Runs `command args` in its own process group: `sh` leads it, `timeout` ends the server
 * after maxLifetimeMs (SIGTERM, SIGKILL 10 s later), and `sh` then removes `root`, so
 * nothing is left even when the test process died.
 */
function spawnGuarded(
	command: string,
	args: string[],
	options: {
		root: string;
		logFile: string;
		maxLifetimeMs: number;
		user?: { uid: number; gid: number };
		env?: NodeJS.ProcessEnv;
	},
): GuardedProcess {
	const out = fs.openSync(options.logFile, 'a');
	const lifetime = Math.ceil(options.maxLifetimeMs / 1000);
	const script =
		'root="$1"; shift; ' +
		`if command -v timeout >/dev/null 2>&1; then timeout --foreground --kill-after=10 ${lifetime} "$@"; else "$@"; fi; ` +
		'rm -rf -- "$root"';
	const child = spawn('sh', ['-c', script, 'sh', options.root, command, ...args], {
		cwd: options.root,
		env: options.env ?? process.env,
		stdio: ['ignore', out, out],
		detached: true,
		...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
	});
	fs.closeSync(out);
	if (child.pid === undefined) throw new Error(`could not start ${command}`);
	const pid = child.pid;
	const handle: GuardedProcess = { pid, exited: false, stop: async () => undefined };
	const exit = new Promise<void>((resolve) => {
		child.once('exit', () => {
			handle.exited = true;
			resolve();
		});
	});
	// A last resort in this process too (the `timeout` above is the one that survives it).
	const lastResort = setTimeout(() => killGroup(pid, 'SIGKILL'), options.maxLifetimeMs + 20_000);
	lastResort.unref();
	handle.stop = async (signal, graceMs) => {
		if (!handle.exited) {
			// To `timeout` (sh's child), which hands it to the server: sh then removes the folder
			// and exits itself, and nothing is left as an orphan. The whole group if that fails.
			let children: number[] = [];
			try {
				children = fs
					.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
					.trim()
					.split(/\s+/)
					.filter(Boolean)
					.map(Number);
			} catch {
				children = [];
			}
			if (children.length === 0) killGroup(pid, signal);
			for (const child of children) {
				try {
					process.kill(child, signal);
				} catch {
					// gone
				}
			}
			const killer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
			await exit;
			clearTimeout(killer);
		}
		// The group may hold children that outlived the leader.
		killGroup(pid, 'SIGKILL');
		clearTimeout(lastResort);
		fs.rmSync(options.root, { recursive: true, force: true });
	};
	return handle;
}

/** Stops every service this module started that is still running (afterAll). */
export async function stopAllServices(): Promise<void> {
	for (const stop of [...liveServices]) await stop();
}

async function waitFor(
	what: string,
	ready: () => Promise<boolean> | boolean,
	process: GuardedProcess,
	logFile: string,
	timeoutMs = MINUTE,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await ready()) return;
		if (process.exited || Date.now() > deadline) {
			let output = '';
			try {
				output = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
			} catch {
				// no log
			}
			throw new Error(`${what} ${process.exited ? 'exited' : 'did not become ready'}\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

// ---------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------

export interface PostgresService {
	host: '127.0.0.1';
	port: number;
	database: string;
	user: string;
	password: string;
	/** The folder holding the cluster, its socket and its log (removed by stop()). */
	root: string;
	logFile: string;
	/** DB_* settings for n8n. */
	n8nEnv: NodeJS.ProcessEnv;
	/** Runs SQL with psql as the n8n user over TCP; returns stdout (unaligned, tuples only). */
	psql(sql: string): Promise<string>;
	/** Runs a query whose single column is JSON (e.g. json_agg(...)) and parses it. */
	queryJson<T>(sql: string): Promise<T>;
	stop(): Promise<void>;
}

/** os.tmpdir() when every folder above it lets other users through, else /tmp. */
function tempBaseFor(user: string): string {
	let dir = path.resolve(os.tmpdir());
	for (let current = dir; ; current = path.dirname(current)) {
		try {
			if ((fs.statSync(current).mode & 0o001) === 0) {
				dir = '/tmp';
				break;
			}
		} catch {
			dir = '/tmp';
			break;
		}
		if (path.dirname(current) === current) break;
	}
	if (dir === '/tmp' && path.resolve(os.tmpdir()) !== '/tmp')
		log(`${os.tmpdir()} is closed to the ${user} user: using /tmp`);
	return dir;
}

export async function startPostgres(
	options: { maxLifetimeMs?: number; scratchDir?: string } = {},
): Promise<PostgresService> {
	const bin = postgresBinDir();
	const user = osUser('postgres');
	if (!bin || !user)
		throw new Error('PostgreSQL is not installed (run ensureDebianPackages first)');
	const maxLifetimeMs = options.maxLifetimeMs ?? 20 * MINUTE;
	const root = fs.mkdtempSync(path.join(tempBaseFor('postgres'), 'pg-e2e-'));
	const data = path.join(root, 'data');
	const socketDir = path.join(root, 'socket');
	const logFile = path.join(root, 'postgres.log');
	fs.mkdirSync(socketDir);
	fs.writeFileSync(logFile, '');
	for (const entry of [root, socketDir, logFile]) fs.chownSync(entry, user.uid, user.gid);
	const scratch = options.scratchDir ?? root;

	const port = await freePort();
	const password = `n8n-e2e-${randomBytes(12).toString('hex')}`;
	const database = 'n8n';
	const dbUser = 'n8n';
	const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LANG: 'C', LC_ALL: 'C', HOME: root };

	execFileSync(
		path.join(bin, 'initdb'),
		[
			'-D',
			data,
			'-U',
			'postgres',
			'-E',
			'UTF8',
			'--locale=C',
			'--auth-local=trust',
			'--auth-host=scram-sha-256',
			'--no-sync',
		],
		{
			cwd: root,
			env,
			uid: user.uid,
			gid: user.gid,
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 2 * MINUTE,
		},
	);

	const server = spawnGuarded(
		path.join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${socketDir}`,
			// throw-away data: no durability needed
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		{ root, logFile, maxLifetimeMs, user, env },
	);
	const stop = async () => {
		liveServices.delete(stop);
		// SIGINT: PostgreSQL's fast shutdown (clients are disconnected).
		await server.stop('SIGINT', 15_000);
	};
	liveServices.add(stop);

	const admin = (args: string[]) =>
		execFileSync(
			path.join(bin, 'psql'),
			['-h', socketDir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', ...args],
			{
				env,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: MINUTE,
			},
		);
	try {
		await waitFor(
			'PostgreSQL',
			() => {
				try {
					execFileSync(
						path.join(bin, 'pg_isready'),
						['-h', '127.0.0.1', '-p', String(port), '-q'],
						{ stdio: 'ignore', timeout: 5_000 },
					);
					return true;
				} catch {
					return false;
				}
			},
			server,
			logFile,
		);
		admin(['-d', 'postgres', '-c', `CREATE ROLE ${dbUser} LOGIN PASSWORD '${password}'`]);
		admin(['-d', 'postgres', '-c', `CREATE DATABASE ${database} OWNER ${dbUser}`]);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`PostgreSQL (${bin}) on 127.0.0.1:${port}, data in ${data}`);

	let queries = 0;
	const psql = async (sql: string): Promise<string> => {
		const id = ++queries;
		const sqlFile = path.join(scratch, `query-${id}.sql`);
		fs.writeFileSync(sqlFile, sql);
		const outFile = path.join(scratch, `query-${id}.out`);
		const result = await runCommand(
			path.join(bin, 'psql'),
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				dbUser,
				'-d',
				database,
				'-v',
				'ON_ERROR_STOP=1',
				'-X',
				'-q',
				'-A',
				'-t',
				'-f',
				sqlFile,
			],
			{
				env: { ...env, PGPASSWORD: password },
				timeoutMs: MINUTE,
				stdoutFile: outFile,
				stderrFile: `${outFile}.err`,
			},
		);
		fs.rmSync(sqlFile, { force: true });
		if (result.code !== 0)
			throw new Error(`psql failed (${result.code ?? result.signal}): ${result.stderr}\n${sql}`);
		fs.rmSync(outFile, { force: true });
		fs.rmSync(`${outFile}.err`, { force: true });
		return result.stdout;
	};

	return {
		host: '127.0.0.1',
		port,
		database,
		user: dbUser,
		password,
		root,
		logFile,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: dbUser,
			DB_POSTGRESDB_PASSWORD: password,
		},
		psql,
		async queryJson<T>(sql: string): Promise<T> {
			const out = (await psql(sql)).trim();
			return JSON.parse(out === '' ? 'null' : out) as T;
		},
		stop,
	};
}

// ---------------------------------------------------------------------------
// Redis
// ---------------------------------------------------------------------------

export interface RedisService {
	host: '127.0.0.1';
	port: number;
	root: string;
	logFile: string;
	/** QUEUE_BULL_REDIS_* settings for n8n. */
	n8nEnv: NodeJS.ProcessEnv;
	stop(): Promise<void>;
}

/** One PING over a fresh connection: true when Redis answers +PONG. */
async function redisPing(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2_000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

export async function startRedis(options: { maxLifetimeMs?: number } = {}): Promise<RedisService> {
	const redisServer = which('redis-server');
	if (!redisServer)
		throw new Error('redis-server is not installed (run ensureDebianPackages first)');
	const maxLifetimeMs = options.maxLifetimeMs ?? 20 * MINUTE;
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-e2e-'));
	const logFile = path.join(root, 'redis.log');
	const port = await freePort();
	const server = spawnGuarded(
		redisServer,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--protected-mode',
			'yes',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			root,
			'--daemonize',
			'no',
			'--logfile',
			'',
		],
		{ root, logFile, maxLifetimeMs },
	);
	const stop = async () => {
		liveServices.delete(stop);
		await server.stop('SIGTERM', 10_000);
	};
	liveServices.add(stop);
	try {
		await waitFor('Redis', async () => await redisPing(port), server, logFile);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`Redis (${redisServer}) on 127.0.0.1:${port}`);
	return {
		host: '127.0.0.1',
		port,
		root,
		logFile,
		n8nEnv: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop,
	};
}
