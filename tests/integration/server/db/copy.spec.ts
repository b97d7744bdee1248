/**
 * `anju copy`: a SQLite installation moved into PostgreSQL. Needs both databases, so it runs in
 * the PostgreSQL pass of the suite (`npm run test:postgres`) and is skipped in the SQLite pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createDb, type Db } from '$lib/server/db/create-db';
import { copyDatabase, CopyError } from '$lib/server/db/copy';
import { migrateToLatest } from '$lib/server/db/migrate';
import { seedDemo, DEMO_SLUG } from '$lib/server/demo/seed';
import { syncInstrumentLibrary } from '$lib/server/instruments';
import { clearIndicatorCache, getIndicators } from '$lib/server/indicators';
import { getProjectBySlug } from '$lib/server/projects';
import { createEmptyTestDb, loadLibrary, makeTempDir, onPostgres, type TestDb } from '../../../helpers/db';

describe.runIf(onPostgres)('copying a SQLite installation into PostgreSQL', () => {
	let dir: string;
	let source: Db;
	let target: TestDb;

	beforeAll(async () => {
		dir = makeTempDir();
		source = createDb(join(dir, 'source.db'));
		await migrateToLatest(source);
		const library = loadLibrary();
		await syncInstrumentLibrary(source, library);
		await seedDemo(source, library, { respondents: 40, seed: 7 });
		// A merged code: a row of respondents that references another row of the same table.
		const [first, second] = await source.selectFrom('respondents').select('id').orderBy('panel_code').limit(2).execute();
		await source.updateTable('respondents').set({ merged_into_id: first!.id }).where('id', '=', second!.id).execute();
		// Text that a careless copy would mangle.
		await source.updateTable('projects').set({ description: 'Ünïcode 安居 — "quotes", \'single\', \\ back\nline 😀' }).execute();
		target = await createEmptyTestDb();
	}, 120_000);
	afterAll(async () => {
		await source?.destroy();
		await target?.cleanup();
		rmSync(dir, { recursive: true, force: true });
	});

	it('copies every table and verifies row counts and checksums on both sides', async () => {
		const lines: string[] = [];
		const reports = await copyDatabase(source, target.db, (line) => lines.push(line));
		expect(reports.map((r) => r.table)).toEqual(
			expect.arrayContaining(['projects', 'responses', 'answers', 'scores', 'audit_log', 'respondents'])
		);
		for (const report of reports) expect(report, report.table).toMatchObject({ ok: true });
		const answers = reports.find((r) => r.table === 'answers')!;
		expect(answers.sourceRows).toBeGreaterThan(1000);
		expect(answers.targetRows).toBe(answers.sourceRows);
		expect(lines.length).toBe(reports.length);
	});

	it('gives the same indicators on PostgreSQL as on SQLite', async () => {
		const onSqlite = (await getProjectBySlug(source, DEMO_SLUG))!;
		const onPg = (await getProjectBySlug(target.db, DEMO_SLUG))!;
		clearIndicatorCache();
		const fromSqlite = await getIndicators(source, onSqlite.id, { siteId: null, subgroup: null });
		clearIndicatorCache();
		const fromPostgres = await getIndicators(target.db, onPg.id, { siteId: null, subgroup: null });
		expect(fromPostgres).toEqual(fromSqlite);
		expect(fromPostgres!.scales.length).toBeGreaterThan(0);
	});

	it('refuses a target that already holds data, and leaves it as it was', async () => {
		const before = await target.db
			.selectFrom('answers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		await expect(copyDatabase(source, target.db)).rejects.toThrow(CopyError);
		await expect(copyDatabase(source, target.db)).rejects.toThrow(/target is not empty: table \w+ has \d+ row/);
		const after = await target.db
			.selectFrom('answers')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});

	it('refuses a source that is behind the latest migration', async () => {
		const behind = createDb(join(dir, 'behind.db'));
		const empty = await createEmptyTestDb();
		try {
			const { migrations } = await import('../../../../migrations/index');
			const names = Object.keys(migrations);
			await migrateToLatest(behind, Object.fromEntries(names.slice(0, -1).map((name) => [name, migrations[name]!])));
			await expect(copyDatabase(behind, empty.db)).rejects.toThrow(`missing ${names.at(-1)}`);
		} finally {
			await behind.destroy();
			await empty.cleanup();
		}
	});
});
