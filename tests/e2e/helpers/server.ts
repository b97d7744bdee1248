/**
 * Starts the built server (adapter-node, `build/index.js`) on a free port with its own temporary
 * SQLite file, as a deployment would run it. `npm run test:e2e` builds first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../scripts/postgres-cluster';
import { databaseEnv, newDatabaseTarget } from '../../helpers/db';

export interface RunningServer {
	url: string;
	dir: string;
	databasePath: string;
	output: () => string;
	stop: () => Promise<void>;
}

export { freePort };

/** One process of the built server on a database file the caller owns (see `launchServer`). */
export interface ServerProcess {
	url: string;
	port: number;
	pid: number;
	/** Everything it printed so far, stdout and stderr interleaved. */
	output: () => string;
	/** Sends `signal` (SIGTERM unless given) and resolves once the process has ended. */
	kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/** The server ended before it listened: a refusal to start, with its exit code and output. */
export class ServerExitError extends Error {
	constructor(
		readonly code: number | null,
		readonly signal: NodeJS.Signals | null,
		readonly log: string
	) {
		super(`server exited with ${code ?? signal}:\n${log}`);
	}
}

export interface LaunchOptions {
	/** The port to listen on (a restart keeps its address); a free one by default. */
	port?: number;
	env?: Record<string, string>;
}

/**
 * Starts `build/index.js` on `databasePath` and resolves once it listens; rejects with
 * ServerExitError when it exits first. The caller stops it and removes the file.
 */
export async function launchServer(databasePath: string, options: LaunchOptions = {}): Promise<ServerProcess> {
	if (!existsSync('build/index.js')) throw new Error('build/index.js is missing: run `npm run build` first (npm run test:e2e does)');
	const port = options.port ?? (await freePort());
	const child: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			...databaseEnv(databasePath),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout?.on('data', (chunk) => (log += chunk));
	child.stderr?.on('data', (chunk) => (log += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${log}`)), 30_000);
		child.once('exit', (code, signal) => {
			clearTimeout(timer);
			// Output may still be in the pipes when the process is gone.
			setImmediate(() => reject(new ServerExitError(code, signal, log)));
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
		port,
		pid: child.pid as number,
		output: () => log,
		kill: async (signal = 'SIGTERM') => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			await exited;
		}
	};
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	const dir = mkdtempSync(join(tmpdir(), 'anju-e2e-'));
	const databasePath = await newDatabaseTarget(dir);
	const server = await launchServer(databasePath, { env }).catch((error: unknown) => {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	});
	return {
		url: server.url,
		dir,
		databasePath,
		output: server.output,
		stop: async () => {
			await server.kill('SIGTERM');
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Seeds the demo project (12 respondents) into `databasePath` with the CLI, as `anju demo` does. */
export function seedDemo(databasePath: string, env: Record<string, string> = {}): void {
	const seeded = spawnSync('npx', ['tsx', 'scripts/anju.ts', 'demo', '--respondents', '12'], {
		env: { ...process.env, ...env, ...databaseEnv(databasePath) },
		encoding: 'utf8'
	});
	if (seeded.status !== 0) throw new Error(`seeding the demo failed:\n${seeded.stderr}`);
}
