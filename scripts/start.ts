/**
 * `npm start`: build if the build is missing or older than the sources, migrate, seed the demo on
 * an empty database, then serve the built app (adapter-node) — never the dev server.
 */
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../src/lib/server/config';
import { startApp } from '../src/lib/server/app';
import { getProjectBySlug, listProjects } from '../src/lib/server/projects';
import { seedDemo, DEMO_SLUG } from '../src/lib/server/demo/seed';

const SOURCES = ['src', 'static', 'migrations', 'package.json', 'svelte.config.js', 'vite.config.ts'];

function newestMtime(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return readdirSync(path).reduce((max, name) => (name === 'paraglide' ? max : Math.max(max, newestMtime(join(path, name)))), stat.mtimeMs);
}

function buildIfNeeded() {
	const built = 'build/index.js';
	const stale = !existsSync(built) || SOURCES.filter(existsSync).some((s) => newestMtime(s) > statSync(built).mtimeMs);
	if (!stale) return;
	console.log('Building Anju …');
	const result = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
	const cfg = config();
	buildIfNeeded();
	const { db, library } = await startApp(cfg);
	if ((await listProjects(db)).length === 0 && !(await getProjectBySlug(db, DEMO_SLUG))) {
		console.log('Empty database: seeding the demo project …');
		const summary = await seedDemo(db, library);
		console.log(`Demo project: ${summary.respondents} respondents, ${summary.responses} responses.`);
	}
	await db.destroy();
	const shownHost = cfg.host === '0.0.0.0' ? 'localhost' : cfg.host;
	// adapter-node takes the public origin from ORIGIN (else it assumes https), and form posts are
	// checked against it. Default to this machine; set ORIGIN for access from other devices.
	const origin = cfg.origin ?? `http://${shownHost}:${cfg.port}`;
	const server = spawn(process.execPath, ['build/index.js'], {
		stdio: 'inherit',
		env: { ...process.env, PORT: String(cfg.port), HOST: cfg.host, ORIGIN: origin }
	});
	console.log(`Anju is starting on ${origin}`);
	if (!cfg.origin)
		console.log('To use Anju from tablets or other computers, set ORIGIN to the address they use, e.g. ORIGIN=http://192.168.1.20:3000');
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
	server.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
