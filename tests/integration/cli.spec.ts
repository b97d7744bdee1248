import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '$lib/server/db/create-db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { createProject } from '$lib/server/projects';
import { createSite } from '$lib/server/sites';
import { makeTempDir } from '../helpers/db';

const ROOT = '/work/main';
const DEMO_PLAN = join(ROOT, 'src/lib/server/demo/plan.ts');

let tempDir: string;
let dbCounter = 0;

/** A path for a new database file in this file's temporary folder. */
function newDbPath(): string {
	return join(tempDir, `cli-${++dbCounter}.db`);
}

/** Runs `anju <args>` as a user would, against the given database file. */
function anju(databasePath: string, ...args: string[]): SpawnSyncReturns<string> {
	const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath };
	for (const key of Object.keys(env)) if (key.startsWith('ANJU_') || key === 'DATABASE_URL') delete env[key];
	const result = spawnSync('npx', ['tsx', 'scripts/anju.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
	if (result.error) throw result.error;
	return result;
}

/** Opens a CLI-made database file from the test; the caller destroys it. */
async function withDb<T>(path: string, use: (db: Db) => Promise<T>): Promise<T> {
	const db = createDb(path);
	try {
		return await use(db);
	} finally {
		await db.destroy();
	}
}

/** Every file of a SQLite database (main file, WAL, shared memory), as one buffer. */
function databaseBytes(path: string): Buffer {
	return Buffer.concat([path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
}

const ERROR_LINE = /^(.+):(\d+): ([\w.[\]]+): (.+)$/;

beforeAll(() => {
	tempDir = makeTempDir('anju-cli-');
});
afterAll(() => {
	rmSync(tempDir, { recursive: true, force: true });
});

describe('anju instruments check', () => {
	it('passes the real library', () => {
		const result = anju(newDbPath(), 'instruments', 'check');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^ok {2}instruments\/community-identity\.yaml {2}community-identity \d+\.\d+\.\d+ {2}[0-9a-f]{12}$/m);
		expect(result.stdout).toContain('no errors.');
	});

	it('prints one `path:line: field.path: message` line per error of a broken copy and exits 1', () => {
		const dir = makeTempDir('anju-broken-');
		try {
			const lines = readFileSync(join(ROOT, 'instruments/community-identity.yaml'), 'utf8').split('\n');
			// Two defects on different lines: bscs_2 names an undefined response scale, and the first
			// scale lists an item the instrument does not have.
			const scaleLine = lines.findIndex((l, i) => i > lines.findIndex((m) => m.includes('key: bscs_2')) && l.trim() === 'scale: agree5');
			const itemsLine = lines.findIndex((l) => l.trim() === 'items: [bscs_1, bscs_2]');
			expect(scaleLine).toBeGreaterThan(0);
			expect(itemsLine).toBeGreaterThan(scaleLine);
			lines[scaleLine] = lines[scaleLine]!.replace('agree5', 'agree7');
			lines[itemsLine] = lines[itemsLine]!.replace('bscs_2]', 'bscs_99]');
			const file = join(dir, 'community-identity.yaml');
			writeFileSync(file, lines.join('\n'));

			const result = anju(newDbPath(), 'instruments', 'check', '--dir', dir);
			expect(result.status).toBe(1);
			const errors = result.stderr.trim().split('\n');
			expect(errors).toHaveLength(2);
			for (const line of errors) expect(line).toMatch(ERROR_LINE);
			const parsed = errors.map((line) => {
				const [, path, lineNo, field, message] = ERROR_LINE.exec(line) as RegExpExecArray;
				return { path, line: Number(lineNo), field, message };
			});
			expect(parsed).toEqual([
				{ path: file, line: scaleLine + 1, field: 'items[1].scale', message: expect.stringContaining("'agree7'") },
				{ path: file, line: itemsLine + 1, field: 'scales[0].items[1]', message: expect.stringContaining('bscs_99') }
			]);
			expect(result.stdout).toContain('2 error(s).');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('anju migrate', () => {
	it('creates the tables, then reports the database up to date', async () => {
		const path = newDbPath();
		const first = anju(path, 'migrate');
		expect(first.status).toBe(0);
		expect(first.stdout).toMatch(/^Applied: 2026_11_26_0001_projects_sites_waves, /);
		const tables = await withDb(path, async (db) => (await db.introspection.getTables()).map((t) => t.name));
		expect(tables).toEqual(
			expect.arrayContaining(['projects', 'sites', 'waves', 'responses', 'answers', 'scores', 'kiosks', 'users', 'audit_log'])
		);

		const second = anju(path, 'migrate');
		expect(second.status).toBe(0);
		expect(second.stdout.trim()).toBe('Database is up to date.');
	});
});

describe('anju user create', () => {
	const path = () => join(tempDir, 'users.db');

	it('prints a generated password once and stores only its argon2id hash', async () => {
		const result = anju(path(), 'user', 'create', '--email', 'a@b.org', '--role', 'evaluator');
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('Created evaluator a@b.org');
		const shown = [...result.stdout.matchAll(/^Password \(shown only this once\): (\S+)$/gm)];
		expect(shown).toHaveLength(1);
		const password = shown[0]![1] as string;
		expect(password.length).toBeGreaterThanOrEqual(12);
		expect(result.stdout.split(password)).toHaveLength(2);

		const user = await withDb(path(), (db) =>
			db.selectFrom('users').select(['email', 'role', 'password_hash']).where('email', '=', 'a@b.org').executeTakeFirstOrThrow()
		);
		expect(user.role).toBe('evaluator');
		expect(user.password_hash).toMatch(/^\$argon2id\$/);
		expect(user.password_hash).not.toContain(password);
		expect(await verify(user.password_hash, password)).toBe(true);
	});

	it('refuses the same e-mail a second time with a clear message', async () => {
		const result = anju(path(), 'user', 'create', '--email', 'a@b.org', '--role', 'evaluator');
		expect(result.status).not.toBe(0);
		expect(result.stderr).toMatch(/a user with e-mail a@b\.org already exists/);
		expect(result.stdout).not.toMatch(/Password/);
		const count = await withDb(
			path(),
			async (db) => (await db.selectFrom('users').select('id').where('email', '=', 'a@b.org').execute()).length
		);
		expect(count).toBe(1);
	});
});

describe('anju kiosk create', () => {
	it('fails clearly when the project does not exist', () => {
		const result = anju(newDbPath(), 'kiosk', 'create', '--project', 'demo', '--site', 'X');
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain("no project with slug 'demo'");
		expect(result.stdout).not.toMatch(/Enrollment code/);
	});

	it('fails clearly when the project has no such site, listing the sites it has', async () => {
		const path = newDbPath();
		await withDb(path, async (db) => {
			await migrateToLatest(db);
			const project = await createProject(db, { slug: 'field', name: 'Field project', languages: ['zh-Hans'] });
			await createSite(db, { projectId: project.id, name: 'Hexie', arm: 'comparison', targetPerWave: 10 });
		});
		const result = anju(path, 'kiosk', 'create', '--project', 'field', '--site', 'X');
		expect(result.status).not.toBe(0);
		expect(result.stderr).toContain("project 'field' has no site 'X' (sites: 'Hexie')");
	});

	it('prints a one-time enrollment code and stores only its hash', async () => {
		const path = newDbPath();
		const site = await withDb(path, async (db) => {
			await migrateToLatest(db);
			const project = await createProject(db, { slug: 'field', name: 'Field project', languages: ['zh-Hans', 'en'] });
			return createSite(db, { projectId: project.id, name: 'Xingfu', arm: 'project', targetPerWave: 100 });
		});

		const result = anju(path, 'kiosk', 'create', '--project', 'field', '--site', 'Xingfu');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const match = /^Enrollment code: ([A-Z2-9]{4}-[A-Z2-9]{4}) /m.exec(result.stdout);
		expect(match).not.toBeNull();
		const code = match![1] as string;
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

		const kiosks = await withDb(path, (db) => db.selectFrom('kiosks').selectAll().execute());
		expect(kiosks).toHaveLength(1);
		const kiosk = kiosks[0]!;
		expect(kiosk).toMatchObject({ site_id: site.id, name: 'Xingfu kiosk', token_hash: null, enrolled_at: null, revoked_at: null });
		expect(kiosk.enrollment_code_hash).toBe(createHash('sha256').update(code).digest('hex'));
		expect(Object.values(kiosk).some((v) => typeof v === 'string' && v.includes(code))).toBe(false);
		expect(databaseBytes(path).includes(code)).toBe(false);
		expect(databaseBytes(path).includes(code.replace('-', ''))).toBe(false);
	});
});

describe('anju demo', () => {
	if (!existsSync(DEMO_PLAN)) {
		it.todo('seeds project demo with 4 sites and 3 waves, once (src/lib/server/demo/plan.ts is not written yet)');
		return;
	}

	const path = () => join(tempDir, 'demo.db');

	it('seeds project demo with 4 sites (two per arm) and 3 waves', async () => {
		const result = anju(path(), 'demo', '--respondents', '40');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/Demo project 'demo': \d+ respondents, \d+ responses, \d+ answers/);

		await withDb(path(), async (db) => {
			const project = await db.selectFrom('projects').selectAll().where('slug', '=', 'demo').executeTakeFirstOrThrow();
			const sites = await db.selectFrom('sites').select(['arm']).where('project_id', '=', project.id).execute();
			expect(sites).toHaveLength(4);
			expect(sites.map((s) => s.arm).sort()).toEqual(['comparison', 'comparison', 'project', 'project']);
			const waves = await db
				.selectFrom('waves')
				.select(['kind', 'wave_order'])
				.where('project_id', '=', project.id)
				.orderBy('wave_order')
				.execute();
			expect(waves).toEqual([
				{ kind: 'baseline', wave_order: 1 },
				{ kind: 'follow-up', wave_order: 2 },
				{ kind: 'follow-up', wave_order: 3 }
			]);
			const baselineRespondents = await db
				.selectFrom('responses')
				.innerJoin('waves', 'waves.id', 'responses.wave_id')
				.select((eb) => eb.fn.count<number>('responses.respondent_id').distinct().as('n'))
				.where('waves.wave_order', '=', 1)
				.executeTakeFirstOrThrow();
			expect(Number(baselineRespondents.n)).toBe(40);
			expect(project.data_version).toBeGreaterThan(0);
		});
	});

	it('refuses a second run clearly and adds nothing', async () => {
		const count = (db: Db) =>
			db
				.selectFrom('responses')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
		const before = await withDb(path(), count);
		const result = anju(path(), 'demo', '--respondents', '40');
		expect(result.status).toBe(1);
		expect(result.stderr.trim()).toBe("anju: project 'demo' already exists; the demo is seeded only once");
		expect(await withDb(path(), count)).toEqual(before);
	});
});
