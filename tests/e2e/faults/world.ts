/**
 * What the fault tests run against: the built server on a database file the test controls (so it
 * can be killed and restarted on it, or put on a full disk), the demo project seeded as the CLI
 * does, kiosks enrolled through the real flow (create → one-time code → POST /api/kiosk/enroll),
 * and valid submissions to send.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { createDb, type Db } from '$lib/server/db/create-db';
import { createKiosk } from '$lib/server/kiosks';
import { cryptoRandom, generatePanelCode } from '$lib/panel-code';
import type { AnswerValue, Answers } from '$lib/instruments/types';
import { IDENTITY_ANSWERS, PARTICIPATION_ANSWERS } from '../../fixtures/answers';
import { submissionBody, type SubmissionBody } from '../../helpers/submissions';
import { countRows, makeTempDir, newDatabaseTarget, onPostgres } from '../../helpers/db';
import { launchServer, seedDemo, type ServerProcess } from '../helpers/server';
import { ADMIN_EMAIL, ADMIN_PASSWORD, retryBusy, type KioskWorld } from '../helpers/kiosk';
import { postJson } from './http';

export interface FaultWorld {
	dir: string;
	databasePath: string;
	/** The server's address; a restart keeps it. */
	url: string;
	/** The running server process (replaced by `restart`). */
	server: ServerProcess;
	/** The test's own connection to the server's database. */
	db: Db;
	projectId: string;
	slug: string;
	siteId: string;
	otherSiteId: string;
	/** The baseline wave. */
	waveId: string;
	/** Instrument version id of each instrument asked in the baseline wave, by instrument key. */
	versionIds: Record<string, string>;
	adminId: string;
	/** Starts the server again on the same database and port, once the previous process has ended. */
	restart: () => Promise<void>;
	/** Closes the test's connection, so that the server is the database's only user (`db` throws until `openDb`). */
	closeDb: () => Promise<void>;
	/** Opens the test's connection again. */
	openDb: () => void;
	/** Stops the server, closes the connection and removes the folder if the world made it. */
	stop: () => Promise<void>;
}

/** Seeds the demo project into `dir/anju.db` with the CLI, then starts the built server on it. */
export async function startFaultWorld(options: { dir?: string } = {}): Promise<FaultWorld> {
	const dir = options.dir ?? makeTempDir('anju-faults-');
	const databasePath = await newDatabaseTarget(dir);
	const env = { ANJU_ADMIN_EMAIL: ADMIN_EMAIL, ANJU_ADMIN_PASSWORD: ADMIN_PASSWORD };
	seedDemo(databasePath, env);
	let server = await launchServer(databasePath, { env });
	let db: Db | undefined = createDb(databasePath);
	const project = await db.selectFrom('projects').select(['id', 'slug']).where('slug', '=', 'demo').executeTakeFirstOrThrow();
	const sites = await db.selectFrom('sites').select('id').where('project_id', '=', project.id).orderBy('name').execute();
	const wave = await db
		.selectFrom('waves')
		.select('id')
		.where('project_id', '=', project.id)
		.where('wave_order', '=', 1)
		.executeTakeFirstOrThrow();
	const versions = await db
		.selectFrom('wave_instruments')
		.innerJoin('instrument_versions', 'instrument_versions.id', 'wave_instruments.instrument_version_id')
		.select(['instrument_versions.instrument_key', 'instrument_versions.id'])
		.where('wave_instruments.wave_id', '=', wave.id)
		.execute();
	const admin = await db.selectFrom('users').select('id').where('email', '=', ADMIN_EMAIL).executeTakeFirstOrThrow();
	const world: FaultWorld = {
		dir,
		databasePath,
		url: server.url,
		get server() {
			return server;
		},
		get db() {
			if (!db) throw new Error('the test closed its database connection; call openDb() first');
			return db;
		},
		projectId: project.id,
		slug: project.slug,
		siteId: sites[0]!.id,
		otherSiteId: sites[1]!.id,
		waveId: wave.id,
		versionIds: Object.fromEntries(versions.map((v) => [v.instrument_key, v.id])),
		adminId: admin.id,
		restart: async () => {
			await server.kill();
			server = await launchServer(databasePath, { env, port: server.port });
		},
		closeDb: async () => {
			await db?.destroy();
			db = undefined;
		},
		openDb: () => {
			db ??= createDb(databasePath);
		},
		stop: async () => {
			await server.kill();
			await db?.destroy();
			if (!options.dir) rmSync(dir, { recursive: true, force: true });
		}
	};
	return world;
}

/** The world as the kiosk browser helpers (`enrollTablet`, `responsesOf`) see it. */
export function asKioskWorld(world: FaultWorld): KioskWorld {
	return {
		server: { url: world.url, dir: world.dir, databasePath: world.databasePath, output: () => world.server.output(), stop: world.stop },
		get db() {
			return world.db;
		},
		projectId: world.projectId,
		siteId: world.siteId,
		adminId: world.adminId,
		stop: world.stop
	};
}

export interface Device {
	kioskId: string;
	token: string;
}

/** A new kiosk at `siteId`, created as the CLI does and enrolled over HTTP with its one-time code. */
export async function enrollDevice(world: FaultWorld, siteId = world.siteId): Promise<Device> {
	const created = await retryBusy(() =>
		createKiosk(world.db, { projectId: world.projectId, siteId, name: `Fault ${randomUUID().slice(0, 8)}` }, 'cli')
	);
	const reply = await postJson(`${world.url}/api/kiosk/enroll`, { code: created.enrollmentCode });
	if (reply.status !== 200) throw new Error(`enrollment failed: ${reply.status} ${reply.text}`);
	return { kioskId: created.kiosk.id, token: (reply.json() as { token: string }).token };
}

/**
 * Kiosks taken in turn, so a test can send more than one kiosk's rate limit (60 a minute) allows;
 * `replace` swaps one that hit the limit for a newly enrolled kiosk.
 */
export interface DevicePool {
	next: () => Device;
	replace: (device: Device) => Promise<Device>;
	all: () => Device[];
}

export async function enrollDevicePool(world: FaultWorld, size: number): Promise<DevicePool> {
	const devices: Device[] = [];
	for (let i = 0; i < size; i++) devices.push(await enrollDevice(world));
	let turn = 0;
	return {
		next: () => devices[turn++ % devices.length]!,
		replace: async (device) => {
			const fresh = await enrollDevice(world);
			devices[devices.indexOf(device)] = fresh;
			return fresh;
		},
		all: () => [...devices]
	};
}

/** A complete response to `instrumentKey` in the baseline wave, under a new UUID and panel code. */
export function submissionFor(
	world: FaultWorld,
	instrumentKey: string,
	answers: Answers,
	overrides: Record<string, unknown> = {}
): SubmissionBody {
	const instrumentVersionId = world.versionIds[instrumentKey];
	if (!instrumentVersionId) throw new Error(`instrument ${instrumentKey} is not in the baseline wave`);
	const target = { waveId: world.waveId, siteId: world.siteId, instrumentVersionId };
	// Drawn as a kiosk draws them, not from the tests' deterministic sequence.
	return submissionBody(target, answers, { panelCode: generatePanelCode(cryptoRandom), ...overrides });
}

export const identitySubmission = (world: FaultWorld, overrides: Record<string, unknown> = {}) =>
	submissionFor(world, 'community-identity', IDENTITY_ANSWERS, overrides);

export const participationSubmission = (world: FaultWorld, overrides: Record<string, unknown> = {}) =>
	submissionFor(world, 'community-participation', PARTICIPATION_ANSWERS, overrides);

/** A demographics response whose free-text answer ("which ethnic group?") is `text`. */
export const textSubmission = (world: FaultWorld, text: string, overrides: Record<string, unknown> = {}) =>
	submissionFor(world, 'demographics', { dem_eth: 9, dem_eth_other: text }, overrides);

/** Sends a submission as `device` (a new connection per request). */
export function submit(world: FaultWorld, device: Device, body: unknown) {
	return postJson(`${world.url}/api/v1/submissions`, body, { authorization: `Bearer ${device.token}` });
}

export interface StoredCounts {
	responses: number;
	answers: number;
	scores: number;
	respondents: number;
}

/** Rows of every table a submission writes. */
export async function storedCounts(db: Db): Promise<StoredCounts> {
	return {
		responses: await countRows(db, 'responses'),
		answers: await countRows(db, 'answers'),
		scores: await countRows(db, 'scores'),
		respondents: await countRows(db, 'respondents')
	};
}

/** An answer as the answers table keeps it: a list of codes as their space-separated text. */
function storedForm(value: AnswerValue): number | string {
	return Array.isArray(value) ? value.join(' ') : value;
}

export function asStored(answers: Answers): Record<string, number | string> {
	return Object.fromEntries(Object.entries(answers).map(([key, value]) => [key, storedForm(value as AnswerValue)]));
}

/** Rows for many ids, queried 500 at a time (SQLite binds at most 32766 parameters). */
export async function inChunks<Row>(ids: string[], query: (chunk: string[]) => Promise<Row[]>): Promise<Row[]> {
	const rows: Row[] = [];
	for (let i = 0; i < ids.length; i += 500) rows.push(...(await query(ids.slice(i, i + 500))));
	return rows;
}

/** The stored answers of each response (`value_text ?? value_num`), by response id. */
export async function storedAnswers(db: Db, responseIds: string[]): Promise<Map<string, Record<string, number | string | null>>> {
	const rows = await inChunks(responseIds, (chunk) =>
		db.selectFrom('answers').select(['response_id', 'item_key', 'value_num', 'value_text']).where('response_id', 'in', chunk).execute()
	);
	const byResponse = new Map<string, Record<string, number | string | null>>();
	for (const row of rows) {
		const answers = byResponse.get(row.response_id) ?? {};
		answers[row.item_key] = row.value_text ?? row.value_num;
		byResponse.set(row.response_id, answers);
	}
	return byResponse;
}

/**
 * The database's own consistency checks: ['ok'] and [] when sound. SQLite: `PRAGMA
 * integrity_check` and `foreign_key_check`. PostgreSQL: amcheck's `bt_index_check` on every B-tree
 * index (an index that disagrees with its table raises); foreign keys are always enforced there.
 */
export async function checkDatabase(db: Db): Promise<{ integrity: string[]; foreignKeys: unknown[] }> {
	if (onPostgres) {
		await sql`create extension if not exists amcheck`.execute(db);
		try {
			await sql`select bt_index_check(c.oid) from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
				where a.amname = 'btree' and c.relnamespace = 'public'::regnamespace`.execute(db);
			return { integrity: ['ok'], foreignKeys: [] };
		} catch (error) {
			return { integrity: [(error as Error).message], foreignKeys: [] };
		}
	}
	const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
	const foreignKeys = await sql`pragma foreign_key_check`.execute(db);
	return { integrity: integrity.rows.map((r) => r.integrity_check), foreignKeys: foreignKeys.rows };
}
