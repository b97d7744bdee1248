/**
 * The syntax files run in the statistics packages and the labels arrive: the R script in R, the
 * SPSS syntax in GNU PSPP (which reads SPSS syntax). Each test is skipped, saying so, when its
 * program is not installed (`apt-get install r-base-core pspp`). Stata cannot be run here; its
 * do-file is checked as text (golden file and unit tests).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, makeTempDir, type TestDb } from '../../helpers/db';
import { createUser, type User } from '$lib/server/users';
import { FIXTURE_KEY, seedExportFixture } from '../../fixtures/exports/fixture';
import { download } from './download';

function installed(program: string): boolean {
	return spawnSync(program, ['--version'], { encoding: 'utf8' }).status === 0;
}

const hasR = installed('Rscript');
const hasPspp = installed('pspp');
if (!hasR) console.warn('Skipping the R script test: Rscript is not installed (apt-get install r-base-core).');
if (!hasPspp) console.warn('Skipping the SPSS syntax test: pspp is not installed (apt-get install pspp).');

let testDb: TestDb;
let admin: User;
let dir: string;

/** The wide file and the syntax file of one export, saved side by side as a user would. */
async function saveExport(syntaxFile: string, savedAs: string, query = `key=${FIXTURE_KEY}`): Promise<void> {
	const wide = await download(testDb.db, admin, 'wide.csv', query);
	const syntax = await download(testDb.db, admin, syntaxFile, query);
	expect(wide.status).toBe(200);
	writeFileSync(join(dir, 'fixture-wide.csv'), wide.bytes);
	writeFileSync(join(dir, savedAs), syntax.bytes);
}

function run(program: string, args: string[]): string {
	const result = spawnSync(program, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
	if (result.status !== 0) throw new Error(`${program} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

beforeAll(async () => {
	testDb = await createTestDb();
	await seedExportFixture(testDb.db);
	admin = await createUser(testDb.db, { email: 'admin@example.org', name: 'Admin', password: 'a long enough password', role: 'admin' });
	dir = makeTempDir('anju-export-syntax-');
});

afterAll(async () => {
	await testDb.cleanup();
	rmSync(dir, { recursive: true, force: true });
});

describe('the R script', () => {
	it.skipIf(!hasR)('reads the wide file in R with variable labels, value labels and types', async () => {
		await saveExport('anju.R', 'fixture.R');
		const check = `
source("fixture.R", encoding = "UTF-8")
cat(nrow(data), "\\n")
cat(attr(data$mood, "label"), "\\n")
cat(as.character(data$mood.factor), sep = "|"); cat("\\n")
cat(names(attr(data$sex, "labels")), sep = "|"); cat("\\n")
cat(levels(data$groups_3.factor), sep = "|"); cat("\\n")
cat(class(data$moved_on), format(data$moved_on[1]), "\\n")
cat(class(data$other_text), data$other_text[1], "\\n")
cat(data$score_wellbeing, sep = "|"); cat("\\n")
cat(data$exp_background_hours, sep = "|"); cat("\\n")
cat(attr(data$exp_background_wave, "label"), "\\n")
`;
		writeFileSync(join(dir, 'check.R'), check);
		const lines = run('Rscript', ['check.R']).split('\n');
		expect(lines.slice(0, 10)).toEqual([
			'3 ',
			'我在这里过得开心。 ',
			'同意|不知道|不同意',
			'男|女',
			'未选|已选',
			'Date 2024-05-01 ',
			'character Dance, "square" dance 广场舞 ',
			'3|2.5|1',
			'10|NA|NA',
			'第几次搬迁？ '
		]);
	});

	it.skipIf(!hasR)('labels in English when asked, and the flag columns', async () => {
		await saveExport('anju.R', 'fixture.R', `key=${FIXTURE_KEY}&lang=en&excluded=1&withdrawn=1`);
		writeFileSync(
			join(dir, 'check.R'),
			'source("fixture.R", encoding = "UTF-8")\ncat(attr(data$lonely, "label"), "\\n")\ncat(as.character(data$excluded.factor), sep = "|")\n'
		);
		expect(run('Rscript', ['check.R']).split('\n')).toEqual(['I feel "lonely" here. ', 'No|No|No|No|Yes']);
	});
});

describe('the SPSS syntax', () => {
	it.skipIf(!hasPspp)('reads the wide file in PSPP with variable labels, value labels and user-missing codes', async () => {
		await saveExport('anju.sps', 'fixture.sps');
		writeFileSync(join(dir, 'check.sps'), "INCLUDE FILE='fixture.sps'.\nDISPLAY DICTIONARY.\nLIST.\n");
		const out = run('pspp', ['-O', 'format=csv', 'check.sps']);
		expect(out).not.toMatch(/warning|error/i);
		expect(out).toContain('mood,10,我在这里过得开心。');
		expect(out).toMatch(/我在这里过得开心。,1,不同意/);
		expect(out).toContain('9[a],不知道');
		expect(out).toContain('a. User-missing value');
		expect(out).toContain('"Dance, ""square"" dance 广场舞",2024/05/01,3.0000,2,10.00,1.00');
		expect(out).toContain('=SUM(A1:A9),.,1.0000');
	});
});
