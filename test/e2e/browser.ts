/**
 * A headless Chromium for the editor e2e test: Debian's `chromium` package, driven by
 * playwright-core (no browser download, ever).
 *
 * - `ensureChromium()` returns /usr/bin/chromium, installing Debian's `chromium` with apt-get
 *   (`apt-get update` first) when it is missing. CI runs as root on a fresh machine.
 * - `launchChromium()` starts it headless with a throw-away profile and every background
 *   service switched off (as root, too): without --disable-background-networking, --disable-component-update
 *   and --disable-sync Chromium keeps calling Google (component updates, safe browsing,
 *   variations), which on a closed network only fills the logs with failed connections.
 *   No host name resolves (--host-resolver-rules): pages reach only 127.0.0.1.
 *   The process runs in its own process group (playwright's default) and is killed with
 *   `close()`; `killChromium()` is the afterAll safety net for a test that failed half way.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, selectors, type Browser } from 'playwright-core';

import { runChecked } from './n8n';

export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

const MINUTE = 60_000;

function log(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

function chromiumWorks(binary: string): boolean {
	try {
		execFileSync(binary, ['--version'], { stdio: 'ignore', timeout: MINUTE });
		return true;
	} catch {
		return false;
	}
}

/** /usr/bin/chromium, installed from Debian (apt-get update + install) when missing. */
export async function ensureChromium(logDir: string): Promise<string> {
	if (fs.existsSync(CHROMIUM) && chromiumWorks(CHROMIUM)) return CHROMIUM;
	if (process.getuid?.() !== 0)
		throw new Error(`${CHROMIUM} is missing; install Debian's chromium (apt-get install chromium)`);
	log("installing Debian's chromium with apt-get");
	fs.mkdirSync(logDir, { recursive: true });
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await runChecked('apt-get', ['update'], {
		env,
		timeoutMs: 10 * MINUTE,
		stdoutFile: path.join(logDir, 'apt-get-update.log'),
	});
	await runChecked('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
		env,
		timeoutMs: 20 * MINUTE,
		stdoutFile: path.join(logDir, 'apt-get-install-chromium.log'),
	});
	if (!chromiumWorks(CHROMIUM))
		throw new Error(`apt-get installed chromium, but ${CHROMIUM} does not run`);
	return CHROMIUM;
}

export interface LaunchedChromium {
	browser: Browser;
	/** Closes the browser (playwright kills its process group if it does not close). */
	close(): Promise<void>;
}

const launched = new Set<LaunchedChromium>();

/**
 * Headless Chromium, quiet on a closed network. playwright starts it in its own process
 * group with a new empty --user-data-dir (a temp dir it removes on close) and adds
 * --no-sandbox (Chromium's sandbox refuses to run as root).
 */
export async function launchChromium(executablePath = CHROMIUM): Promise<LaunchedChromium> {
	// n8n's editor marks its elements with data-test-id (not playwright's data-testid).
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath,
		headless: true,
		chromiumSandbox: false,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			// No host name resolves: the browser reaches only what it is given by IP (n8n on
			// 127.0.0.1). Cheaper than intercepting requests, which also turns off the cache.
			'--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
		],
		timeout: 2 * MINUTE,
	});
	const handle: LaunchedChromium = {
		browser,
		async close() {
			launched.delete(handle);
			const closing = browser.close().catch(() => undefined);
			const timer = new Promise((resolve) => setTimeout(resolve, 10_000).unref());
			await Promise.race([closing, timer]);
		},
	};
	launched.add(handle);
	return handle;
}

/** Closes every browser this module launched and still open (afterAll). */
export async function killChromium(): Promise<void> {
	for (const handle of [...launched]) await handle.close();
}
