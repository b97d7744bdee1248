/**
 * The long and wide files say the same thing: pivoting the long file (one row per answer) into one
 * row per respondent × wave gives the wide file cell for cell — on the fixture project and on a
 * seeded demo project with the real instrument library. And the files stream: a larger export
 * arrives in many chunks, each about the same size, never as one piece.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, loadLibrary, type TestDb } from '../../helpers/db';
import { createUser, type User } from '$lib/server/users';
import { seedDemo, DEMO_SLUG } from '$lib/server/demo/seed';
import { syncInstrumentLibrary } from '$lib/server/instruments';
import { getProjectBySlug } from '$lib/server/projects';
import { readExportCatalog } from '$lib/server/exports/catalog';
import { exportFileChunks } from '$lib/server/exports/files';
import { responsesQuery } from '$lib/server/exports/read';
import { wideVariables } from '$lib/exports/variables';
import { parseExportOptions, type ExportOptions } from '$lib/exports/options';
import { oneLine } from '$lib/exports/wide';
import { exportChoices } from '$lib/server/exports/download';
import { FIXTURE_KEY, FIXTURE_SLUG, seedExportFixture } from '../../fixtures/exports/fixture';
import { download } from './download';

type Row = Record<string, string>;
const rows = (text: string): Row[] => parse(text, { columns: true }) as Row[];

let testDb: TestDb;
let admin: User;

beforeAll(async () => {
	testDb = await createTestDb();
	await seedExportFixture(testDb.db);
	const library = loadLibrary();
	await syncInstrumentLibrary(testDb.db, library);
	await seedDemo(testDb.db, library, { respondents: 40, seed: 7 });
	admin = await createUser(testDb.db, { email: 'admin@example.org', name: 'Admin', password: 'a long enough password', role: 'admin' });
});

afterAll(() => testDb.cleanup());

async function optionsFor(slug: string, query: string): Promise<{ options: ExportOptions; variables: ReturnType<typeof wideVariables> }> {
	const project = (await getProjectBySlug(testDb.db, slug))!;
	const parsed = parseExportOptions(new URLSearchParams(query), await exportChoices(testDb.db, project));
	if (!parsed.ok) throw new Error(parsed.error.message);
	const catalog = await readExportCatalog(testDb.db, project, parsed.options.waveIds);
	return { options: parsed.options, variables: wideVariables(catalog, parsed.options) };
}

/**
 * The wide file as the long file says it should be: for each wide line, the long rows of the
 * responses it names, each answer put in its column (a multi answer into its 0/1 columns).
 */
async function pivotAgrees(slug: string, query: string): Promise<number> {
	const { variables } = await optionsFor(slug, query);
	const long = rows((await download(testDb.db, admin, 'long.csv', query, slug)).text);
	const wide = rows((await download(testDb.db, admin, 'wide.csv', query, slug)).text);
	const byResponse = new Map<string, Row[]>();
	for (const row of long) byResponse.set(row.response_id!, [...(byResponse.get(row.response_id!) ?? []), row]);
	const used = new Set<string>();
	let cells = 0;
	for (const line of wide) {
		const expected: Row = {};
		for (const id of line.responses!.split(' ')) {
			used.add(id);
			for (const answer of byResponse.get(id) ?? []) {
				expect(answer.respondent).toBe(line.respondent);
				expect(answer.wave).toBe(line.wave);
				const item = variables.filter((v) => v.instrument === answer.instrument && v.item === answer.item);
				if (item.length === 0) throw new Error(`no wide column for ${answer.instrument}.${answer.item}`);
				if (item[0]!.kind === 'option') {
					const codes = answer.value!.split(' ');
					for (const v of item) expected[v.name] = codes.includes(String(v.option)) ? '1' : '0';
				} else expected[item[0]!.name] = oneLine(answer.value!);
			}
		}
		for (const v of variables.filter((x) => x.kind === 'item' || x.kind === 'option')) {
			expect(line[v.name], `${v.name} of ${line.respondent} in ${line.wave}`).toBe(expected[v.name] ?? '');
			cells++;
		}
	}
	// A response the wide file leaves out is a duplicate: the same person, wave and instrument as one it has.
	const kept = new Set(
		[...used]
			.map((id) => byResponse.get(id)?.[0])
			.filter(Boolean)
			.map((r) => `${r!.respondent} ${r!.wave} ${r!.instrument}`)
	);
	for (const [id, answers] of byResponse) {
		if (!used.has(id)) expect(kept.has(`${answers[0]!.respondent} ${answers[0]!.wave} ${answers[0]!.instrument}`), id).toBe(true);
	}
	return cells;
}

describe('long and wide files agree', () => {
	it('on the fixture project (every answer type, a merged code, two versions)', async () => {
		// 3 lines (5 with the excluded and withdrawn responses) × 12 item columns.
		expect(await pivotAgrees(FIXTURE_SLUG, `key=${FIXTURE_KEY}`)).toBe(36);
		expect(await pivotAgrees(FIXTURE_SLUG, `key=${FIXTURE_KEY}&excluded=1&withdrawn=1`)).toBe(60);
	});

	it('on a demo project with the real instrument library', async () => {
		expect(await pivotAgrees(DEMO_SLUG, `key=${FIXTURE_KEY}`)).toBeGreaterThan(5000);
	});

	it('and the scores file has the wide file’s scores', async () => {
		const wide = rows((await download(testDb.db, admin, 'wide.csv', `key=${FIXTURE_KEY}`, DEMO_SLUG)).text);
		const scores = rows((await download(testDb.db, admin, 'scores.csv', `key=${FIXTURE_KEY}`, DEMO_SLUG)).text);
		expect(scores.length).toBe(wide.length);
		const names = Object.keys(scores[0]!);
		expect(names.filter((n) => n.startsWith('score_')).length).toBeGreaterThan(5);
		scores.forEach((line, i) => {
			for (const name of names) expect(line[name]).toBe(wide[i]![name]);
		});
	});
});

describe('streaming', () => {
	it('a larger file arrives in many chunks of about 64 KiB', async () => {
		const { options } = await optionsFor(DEMO_SLUG, `key=${FIXTURE_KEY}`);
		const project = (await getProjectBySlug(testDb.db, DEMO_SLUG))!;
		const catalog = await readExportCatalog(testDb.db, project, options.waveIds);
		const sizes: number[] = [];
		for await (const chunk of exportFileChunks(testDb.db, catalog, options, 'long.csv')) sizes.push(chunk.length);
		expect(sizes.length).toBeGreaterThan(5);
		// Every chunk but the last is one page's worth, never the whole file.
		for (const size of sizes.slice(0, -1)) expect(size).toBeGreaterThanOrEqual(64 * 1024);
		for (const size of sizes) expect(size).toBeLessThan(256 * 1024);
	});

	it('reads with portable SQL (snapshot for review)', () => {
		const query = responsesQuery(testDb.db, ['r1', 'r2'], { waveIds: ['w1'], includeExcluded: false, answers: true }).compile();
		// The same text on both databases but for the placeholders (`?` on SQLite, `$1` on PostgreSQL).
		expect(query.sql.replace(/\$\d+/g, '?')).toMatchSnapshot();
	});
});
