/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary folder, a
 * server on a free loopback port (no Unix socket in a shared folder, nothing else listening), one
 * superuser `anju` with trust authentication, removed again by `stop()`.
 *
 * The server binaries come from `ANJU_PG_BIN`, else Debian's `/usr/lib/postgresql/<newest>/bin`,
 * else the PATH. PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres`
 * system user (Debian's package creates it) and its commands run through `runuser`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
	/** Superuser URL of the cluster's `postgres` database. */
	url: string;
	port: number;
	/** Stops the server at once and removes its folder. Safe to call twice. */
	stop: () => void;
}

export class PostgresUnavailable extends Error {}

function binDir(): string {
	if (process.env.ANJU_PG_BIN) return process.env.ANJU_PG_BIN;
	const debian = '/usr/lib/postgresql';
	if (existsSync(debian)) {
		const versions = readdirSync(debian)
			.filter((name) => existsSync(join(debian, name, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions[0]) return join(debian, versions[0], 'bin');
	}
	const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
	if (onPath) return join(onPath, '..');
	throw new PostgresUnavailable(
		'PostgreSQL server binaries (initdb, pg_ctl) not found: install them (Debian: apt-get install postgresql) or set ANJU_PG_BIN'
	);
}

/** A loopback TCP port that nothing listens on at the moment of asking. */
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

/** Starts a new cluster; throws PostgresUnavailable when the binaries are missing. */
export async function startCluster(): Promise<Cluster> {
	const bin = binDir();
	const asRoot = process.getuid?.() === 0;
	const run = (command: string, args: string[]) => {
		const [file, fullArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
		execFileSync(file, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
	};
	const dir = mkdtempSync(join(tmpdir(), 'anju-pg-'));
	if (asRoot) execFileSync('chown', ['postgres:', dir]);
	chmodSync(dir, 0o700);
	const data = join(dir, 'data');
	const log = join(dir, 'server.log');
	const port = await freePort();
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		try {
			run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
		} catch {
			// Not running (failed start): nothing to stop.
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		run('initdb', ['-D', data, '-U', 'anju', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
		const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${dir}' -c max_connections=300`;
		run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
	} catch (error) {
		const output = existsSync(log) ? readFileSync(log, 'utf8') : '';
		stop();
		const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
		throw new Error(`could not start a PostgreSQL cluster: ${(error as Error).message}\n${stderr}${output}`);
	}
	process.once('exit', stop);
	return { url: `postgres://anju@127.0.0.1:${port}/postgres`, port, stop };
}
