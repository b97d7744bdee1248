/**
 * The health of a running instance for a supervisor or load balancer: the database answers a
 * trivial query and its applied migrations are exactly the ones this build knows. Cheap: two
 * small reads, no session, no audit.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './db/schema';
import { migrations } from '../../../migrations/index';

export interface Health {
	status: 'ok' | 'error';
	database: 'ok' | 'unreachable';
	/** `pending`: this build has migrations the database lacks; `unknown`: the database was migrated by a newer build. */
	migrations: 'current' | 'pending' | 'unknown' | 'unchecked';
	/** What is wrong, when something is. */
	detail?: string;
}

/** Checks the database and its migrations; never throws. */
export async function checkHealth(db: Kysely<Database>, known: readonly string[] = Object.keys(migrations)): Promise<Health> {
	try {
		await sql`select 1`.execute(db);
	} catch (error) {
		return { status: 'error', database: 'unreachable', migrations: 'unchecked', detail: messageOf(error) };
	}
	let applied: string[];
	try {
		// Kysely's migrator keeps its own table, outside the app's schema type.
		const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
		applied = rows.rows.map((r) => r.name);
	} catch (error) {
		return { status: 'error', database: 'ok', migrations: 'pending', detail: `no migrations applied (${messageOf(error)})` };
	}
	const unknown = applied.filter((name) => !known.includes(name));
	if (unknown.length > 0) {
		return { status: 'error', database: 'ok', migrations: 'unknown', detail: `applied by a newer build: ${unknown.join(', ')}` };
	}
	const pending = known.filter((name) => !applied.includes(name));
	if (pending.length > 0) return { status: 'error', database: 'ok', migrations: 'pending', detail: `not applied: ${pending.join(', ')}` };
	return { status: 'ok', database: 'ok', migrations: 'current' };
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
