/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order (or those named on the command
 * line, e.g. `npm run bench -- indicators`). Each prints its figures beside a baseline measured in
 * the same run, as a ratio — targets are checked here, not in timed tests.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchModule {
	/** One line saying what is measured and against which baseline. */
	title: string;
	run: () => Promise<void>;
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.bench.ts'))
	.filter((f) => wanted.length === 0 || wanted.includes(basename(f, '.bench.ts')))
	.sort();

if (files.length === 0) {
	console.error(`No benchmark matches ${wanted.join(', ')}`);
	process.exit(2);
}
for (const file of files) {
	const bench = (await import(join(dir, file))).default as BenchModule;
	console.log(`\n== ${basename(file, '.bench.ts')}: ${bench.title}`);
	await bench.run();
}
