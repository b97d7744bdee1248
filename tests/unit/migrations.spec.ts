import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index';

const DIR = 'migrations';
const sources = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
const names = sources
	.filter((f) => f !== 'index.ts')
	.map((f) => f.replace(/\.ts$/, ''))
	.sort();

/** Every module specifier a source imports or re-exports, statically or dynamically. */
function importedSpecifiers(source: string): string[] {
	const patterns = [
		/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
		/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g
	];
	return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

/** Whether a specifier written in migrations/ reaches the app's code under src/. */
function reachesApp(specifier: string): boolean {
	if (/^\$(lib|app)(\/|$)/.test(specifier)) return true;
	if (!specifier.startsWith('.')) return false;
	const target = relative(resolve('src'), resolve(DIR, specifier));
	return !target.startsWith('..');
}

describe('migrations/index.ts', () => {
	it('has migration files to check', () => {
		expect(names.length).toBeGreaterThan(0);
		for (const name of names) expect(name).toMatch(/^\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+$/);
	});

	it('lists every migration file under its own name, in ascending name order', () => {
		expect(Object.keys(migrations)).toEqual(names);
		const keys = Object.keys(migrations);
		expect(keys).toEqual([...keys].sort());
	});

	it.each(names)('maps %s to that file’s up and down', async (name) => {
		const module = await import(`../../migrations/${name}.ts`);
		expect(typeof module.up).toBe('function');
		expect(typeof module.down).toBe('function');
		expect(migrations[name]?.up).toBe(module.up);
		expect(migrations[name]?.down).toBe(module.down);
	});
});

describe('migration sources', () => {
	it('finds imports in a source', () => {
		expect(
			importedSpecifiers(
				`import type { Kysely } from 'kysely';\nimport { x } from "$lib/server/db";\nexport * from '../src/lib/a';\nawait import('./b');`
			)
		).toEqual(['kysely', '$lib/server/db', '../src/lib/a', './b']);
		expect(['$lib/server/db', '$app/environment', '../src/lib/a', '../src', './b', 'kysely'].map(reachesApp)).toEqual([
			true,
			true,
			true,
			true,
			false,
			false
		]);
	});

	it.each(sources)('%s does not import app code from src/', (file) => {
		const specifiers = importedSpecifiers(readFileSync(join(DIR, file), 'utf8'));
		expect(specifiers.length).toBeGreaterThan(0);
		expect(specifiers.filter(reachesApp)).toEqual([]);
	});
});
