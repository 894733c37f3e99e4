/**
 * Process environment for running n8n-core in-process.
 *
 * This module must be imported before anything that instantiates n8n's DI services
 * (`@n8n/config` classes read their env vars when the Container first builds them),
 * so `index.ts` imports it first.
 *
 * Everything n8n would keep in `~/.n8n` goes into a throwaway directory per test
 * file (jest gives each test file a fresh module registry, so this runs once per file):
 *  - N8N_USER_FOLDER: InstanceSettings writes `<folder>/.n8n/config` (encryption key)
 *  - N8N_ENCRYPTION_KEY: fixed key so Cipher / Credentials work without reading a config
 *  - N8N_DEFAULT_BINARY_DATA_MODE=filesystem + N8N_BINARY_DATA_STORAGE_PATH: BinaryDataService
 *    stores binaries as files, exactly like an n8n instance in filesystem mode
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const harnessTempDir = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
export const binaryDataStoragePath = join(harnessTempDir, 'storage');

process.env.N8N_USER_FOLDER = harnessTempDir;
process.env.N8N_ENCRYPTION_KEY = 'n8n-nodes-backup-restore-test-harness-key';
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
process.env.N8N_BINARY_DATA_STORAGE_PATH = binaryDataStoragePath;
// Settings file permission checks warn on some CI file systems; irrelevant for a temp dir.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
process.env.NODE_ENV ??= 'test';

// n8n's HTTP client honours HTTP(S)_PROXY / NO_PROXY from the environment. Tests talk to
// local emulators, so never send loopback traffic through a proxy configured on the host.
if (
	process.env.HTTP_PROXY ||
	process.env.HTTPS_PROXY ||
	process.env.http_proxy ||
	process.env.https_proxy
) {
	const noProxy = (process.env.NO_PROXY ?? process.env.no_proxy ?? '').split(',').filter(Boolean);
	for (const host of ['localhost', '127.0.0.1', '::1'])
		if (!noProxy.includes(host)) noProxy.push(host);
	process.env.NO_PROXY = noProxy.join(',');
}

function removeTempDir() {
	try {
		rmSync(harnessTempDir, { recursive: true, force: true });
	} catch {
		// best effort
	}
}

// Inside jest (the normal case) clean up when the test file is done; otherwise at exit.
let registeredWithJest = false;
if (typeof afterAll === 'function') {
	try {
		afterAll(removeTempDir);
		registeredWithJest = true;
	} catch {
		// imported lazily from inside a test: hooks can't be added any more
	}
}
if (!registeredWithJest) process.once('exit', removeTempDir);
