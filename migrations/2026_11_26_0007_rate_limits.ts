import type { Kysely } from 'kysely';

/**
 * Fixed-window request counters, shared by every app instance on the database. One row per key
 * (e.g. `submit:kiosk:<id>`), updated by a single upsert per request.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('rate_limits')
		.addColumn('key', 'text', (c) => c.primaryKey())
		// ISO-8601 UTC start of the current window.
		.addColumn('window_start', 'text', (c) => c.notNull())
		.addColumn('count', 'integer', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('rate_limits').execute();
}
