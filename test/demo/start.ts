/**
 * `npm start`: the package inside a real n8n, against the ONTAP emulator, ready to click.
 *
 * Builds and packs the package, installs it as a community package into a throw-away
 * n8n user folder (n8n 2.41.1 on Node 24, both cached under ~/.cache like the e2e test),
 * starts the ONTAP emulator on 127.0.0.1, imports a credential for it and the example
 * workflow, then runs `n8n start` until Ctrl+C. The first run installs n8n from the npm
 * registry (a few minutes); n8n's own calls home fail harmlessly on a machine without internet.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startOntapEmulator } from '../emulators/ontap';
import {
	createN8nInstance,
	ensureN8n,
	ensureNode24,
	freePort,
	packPackage,
	REPO_ROOT,
} from '../e2e/n8n';

const DAY_MS = 24 * 60 * 60 * 1000;
const CREDENTIAL = { id: 'demoOntapCredential', name: 'ONTAP emulator (demo)' };

async function main() {
	const node = await ensureNode24();
	const n8n = await ensureN8n(node);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-backup-restore-demo-'));
	const tarball = await packPackage(work);

	const emulator = await startOntapEmulator({ sessions: 12, maxLifetimeMs: DAY_MS });
	const port = Number(process.env.N8N_PORT ?? (await freePort()));
	const instance = await createN8nInstance(n8n, tarball, { N8N_PORT: String(port) });
	await instance.importCredentials([
		{
			...CREDENTIAL,
			type: 'netAppOntapApi',
			data: {
				baseUrl: emulator.url,
				username: 'admin',
				password: 'netapp1!',
				ignoreSslIssues: false,
			},
		},
	]);
	const example = JSON.parse(
		fs.readFileSync(
			path.join(REPO_ROOT, 'examples', 'netapp-ontap-kill-halted-ndmp-sessions.json'),
			'utf8',
		),
	) as { nodes: Array<{ credentials?: Record<string, unknown> }> };
	for (const exampleNode of example.nodes) {
		if (exampleNode.credentials?.netAppOntapApi)
			exampleNode.credentials.netAppOntapApi = CREDENTIAL;
	}
	await instance.importWorkflows([example]);

	const n8nProcess = spawn(node, [n8n.bin, 'start'], { env: instance.env, stdio: 'inherit' });
	const stop = () => {
		n8nProcess.kill('SIGTERM');
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	process.stdout.write(
		[
			'',
			'n8n-nodes-backup-restore demo',
			`  n8n:            http://127.0.0.1:${port}  (first visit: create the owner account)`,
			`  ONTAP emulator: ${emulator.url}  (user admin, password netapp1!)`,
			`  imported:       credential "${CREDENTIAL.name}" and the workflow "Kill halted NDMP sessions"`,
			'  Ctrl+C stops n8n and the emulator and removes the demo folder.',
			'',
		].join('\n'),
	);

	const code = await new Promise<number>((resolve) =>
		n8nProcess.on('exit', (exitCode) => resolve(exitCode ?? 0)),
	);
	await emulator.close();
	instance.remove();
	fs.rmSync(work, { recursive: true, force: true });
	process.exit(code);
}

main().catch((error: unknown) => {
	process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
