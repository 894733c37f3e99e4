/**
 * Jest config for the real-n8n end-to-end tests (`npm run test:e2e`).
 *
 * They pack this package, install it as a community package into a throw-away
 * n8n user folder, run a pinned n8n (on Node 24) from a cached install and
 * assert on what the loopback emulators received. The first run on a machine
 * installs n8n into ~/.cache (several minutes), hence the long timeouts.
 *
 * One jest run tests one n8n version: N8N_E2E_VERSION (default 2.41.1).
 * `npm run test:e2e` (scripts/e2e.mjs) runs this config once per version
 * (2.41.1, then 1.123.81); the describe titles and `[e2e n8n <version>]` log
 * lines name the version of the run.
 */
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	rootDir: path.resolve(__dirname, '..', '..'),
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true }, diagnostics: false }],
	},
	// beforeAll may install n8n (cold cache) and boots n8n three times.
	testTimeout: 20 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
