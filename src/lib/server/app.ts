/**
 * Start-up shared by the server and the CLI: open the database, migrate, load and store the
 * instrument library, and make sure there is a first admin. Any failure stops start-up with a
 * message that says what and where — a damaged database file included, before anything writes to it.
 */
import { databaseTarget, type Config } from './config';
import { createDb, type Db } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { findDatabaseDamage, isDamagedDatabaseError } from './db/check-db';
import { loadInstrumentDirectory, type LoadedInstrument } from './instrument-files';
import { syncInstrumentLibrary } from './instruments';
import { ensureFirstAdmin } from './users';

export interface AppContext {
	db: Db;
	/** The instrument library as it is on disk now (every file valid). */
	library: LoadedInstrument[];
}

export class StartupError extends Error {}

/** Loads the library; throws StartupError listing every error (one line each). */
export function loadLibraryOrFail(cfg: Pick<Config, 'instrumentsDir' | 'staticDir'>): LoadedInstrument[] {
	const { instruments, errors } = loadInstrumentDirectory(cfg.instrumentsDir, cfg.staticDir);
	if (errors.length > 0) {
		throw new StartupError(`The instrument library has ${errors.length} error(s); fix them before starting:\n${errors.join('\n')}`);
	}
	return instruments;
}

/** Why Anju will not start on a damaged database file, and what to do. */
function damagedDatabase(path: string, detail: string): StartupError {
	return new StartupError(
		`The database file ${path} is damaged: ${detail}\n` +
			'Anju will not start on it, so that nothing more is written to it. Restore the latest backup in its place ' +
			'(keep the damaged file for inspection), then start again.'
	);
}

/** Opens the database; a file that is not a sound database stops start-up with StartupError. */
function openDatabase(path: string): Db {
	try {
		return createDb(path);
	} catch (error) {
		if (isDamagedDatabaseError(error)) throw damagedDatabase(path, (error as Error).message);
		throw error;
	}
}

export async function startApp(cfg: Config, log: (line: string) => void = console.log): Promise<AppContext> {
	const library = loadLibraryOrFail(cfg);
	const db = openDatabase(databaseTarget(cfg));
	try {
		const damage = await findDatabaseDamage(db);
		if (damage) throw damagedDatabase(databaseTarget(cfg), damage);
		const applied = await migrateToLatest(db);
		if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
		const stored = await syncInstrumentLibrary(db, library);
		if (stored.length > 0) log(`Stored ${stored.length} new instrument version(s).`);
		const admin = await ensureFirstAdmin(db, { email: cfg.adminEmail, password: cfg.adminPassword });
		if (admin) {
			log(`First admin account: ${admin.email}`);
			if (admin.generated) log(`Generated password (shown only this once): ${admin.password}`);
		}
		return { db, library };
	} catch (error) {
		await db.destroy();
		throw error;
	}
}
