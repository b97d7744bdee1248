/**
 * Benchmarks that drive the built server build it first when `build/` is missing or older than the
 * sources it is made from (else they reuse it, as `npm start` does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'static', 'migrations', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestSourceMtime(path: string): number {
	if (!existsSync(path)) return 0;
	if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
	let newest = 0;
	for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
		// Paraglide's compiled messages are rewritten by every `npm run i18n` without changing.
		if (entry.isFile() && !entry.parentPath.includes('paraglide'))
			newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

export function ensureBuild(): void {
	const built = 'build/index.js';
	if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...SOURCES.map(newestSourceMtime))) {
		console.log('  (reusing build/, newer than the sources)');
		return;
	}
	console.log('  building the app (vite build)…');
	execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}
