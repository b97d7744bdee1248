/**
 * Starts the built server (adapter-node, `build/index.js`) on a free port with its own temporary
 * SQLite file, as a deployment would run it. `npm run test:e2e` builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
	url: string;
	dir: string;
	databasePath: string;
	output: () => string;
	stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	if (!existsSync('build/index.js')) throw new Error('build/index.js is missing: run `npm run build` first (npm run test:e2e does)');
	const dir = mkdtempSync(join(tmpdir(), 'anju-e2e-'));
	const databasePath = join(dir, 'anju.db');
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, DATABASE_PATH: databasePath, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout?.on('data', (chunk) => (log += chunk));
	child.stderr?.on('data', (chunk) => (log += chunk));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${log}`)), 30_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${log}`));
		});
		child.stdout?.on('data', () => {
			if (log.includes('Listening on')) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	return {
		url: `http://127.0.0.1:${port}`,
		dir,
		databasePath,
		output: () => log,
		stop: async () => {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
