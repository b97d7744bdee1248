/**
 * The full indicator set of a 10,000-respondent demo project (3 waves, ~1.7 M answers), cold (no
 * cache) and cached, beside the floor: the same packed queries of scores and answers merely read
 * from SQLite, without parsing or statistics, all waves at once on the read workers as the
 * indicators read them (the same queries one after another are printed too). Targets (issue 5): cold within 3 × the floor and
 * under 1.5 s; cached under 20 ms.
 *
 * Seeding takes ~30 s; to time again without it, keep the database and point at it:
 *   BENCH_INDICATORS_DB=/tmp/anju-bench.db npm run bench -- indicators   (seeded on first use)
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, readConcurrently, type Db } from '../src/lib/server/db/create-db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadInstrumentDirectory } from '../src/lib/server/instrument-files';
import { syncInstrumentLibrary } from '../src/lib/server/instruments';
import { DEMO_SLUG, seedDemo } from '../src/lib/server/demo/seed';
import { getProjectBySlug } from '../src/lib/server/projects';
import { clearIndicatorCache, getIndicators, readIndicatorCatalog } from '../src/lib/server/indicators';
import { packedWaveQuery } from '../src/lib/server/indicator-rows';
import type { BenchModule } from './run';

const RESPONDENTS = 10_000;
const ROUNDS = 5;
const CACHED_ROUNDS = 20;
const ALL = { siteId: null, subgroup: null };

async function openSeeded(path: string): Promise<Db> {
	const fresh = !existsSync(path);
	const db = createDb(path);
	await migrateToLatest(db);
	if (fresh || !(await getProjectBySlug(db, DEMO_SLUG))) {
		const { instruments, errors } = loadInstrumentDirectory('instruments', 'static');
		if (errors.length > 0) throw new Error(errors.join('\n'));
		await syncInstrumentLibrary(db, instruments);
		const started = performance.now();
		const summary = await seedDemo(db, instruments, { respondents: RESPONDENTS });
		console.log(
			`seeded ${summary.respondents} respondents, ${summary.responses} responses, ${summary.answers} answers in ${((performance.now() - started) / 1000).toFixed(1)} s`
		);
	}
	return db;
}

async function time(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

const bench: BenchModule = {
	title: `full indicator set of a ${RESPONDENTS.toLocaleString('en')}-respondent demo, cold and cached, vs. reading its rows (floor)`,
	async run() {
		const keep = process.env.BENCH_INDICATORS_DB;
		const dir = keep ? undefined : mkdtempSync(join(tmpdir(), 'anju-bench-'));
		const db = await openSeeded(keep ?? join(dir!, 'anju.db'));
		try {
			const project = (await getProjectBySlug(db, DEMO_SLUG))!;
			const catalog = (await readIndicatorCatalog(db, project.id))!;
			const queries = catalog.waves.map((wave) => packedWaveQuery(catalog, project.id, wave.id).compile(db));
			// The floor reads the rows the way the indicators do: all waves at once on the read workers.
			const readRows = () => Promise.all(readConcurrently(db, queries));
			const readRowsInTurn = async () => {
				for (const query of queries) await db.executeQuery(query);
			};
			await readRows(); // warm the page cache for both measurements alike
			const floors: number[] = [];
			const serialFloors: number[] = [];
			const colds: number[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				floors.push(await time(readRows));
				serialFloors.push(await time(readRowsInTurn));
				clearIndicatorCache();
				colds.push(await time(() => getIndicators(db, project.id, ALL)));
			}
			const cached: number[] = [];
			for (let round = 0; round < CACHED_ROUNDS; round++) cached.push(await time(() => getIndicators(db, project.id, ALL)));
			const filtered = await time(() => getIndicators(db, project.id, { siteId: null, subgroup: { item: 'dem_gender', code: 2 } }));

			const floor = median(floors);
			const cold = median(colds);
			const hot = median(cached);
			const ratio = cold / floor;
			console.log(
				`floor  (read the same rows, ${catalog.waves.length} packed queries at once): ${ms(floor)}   [rounds: ${floors.map(ms).join(', ')}]`
			);
			console.log(`       (the same queries one after another on the app's connection: ${ms(median(serialFloors))})`);
			console.log(`cold   (full indicator set, no cache):           ${ms(cold)}   [rounds: ${colds.map(ms).join(', ')}]`);
			console.log(`cached (same set again):                         ${ms(hot)}`);
			console.log(`another filter on the cached dataset (subgroup): ${ms(filtered)}`);
			console.log(`ratio cold / floor: ${ratio.toFixed(2)}`);
			console.log(
				`target cold ≤ 3 × floor: ${ratio <= 3 ? 'met' : 'MISSED'}; cold < 1.5 s: ${cold < 1500 ? 'met' : 'MISSED'}; cached < 20 ms: ${hot < 20 ? 'met' : 'MISSED'}`
			);
		} finally {
			await db.destroy();
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	}
};

export default bench;
