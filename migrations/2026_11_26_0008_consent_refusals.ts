import type { Kysely } from 'kysely';

/** Residents who declined consent on a kiosk: a count by place and time, nothing about the person. */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('consent_refusals')
		// Made by the kiosk, so a refusal queued offline and sent twice is counted once.
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
		.addColumn('wave_id', 'text', (c) => c.references('waves.id'))
		.addColumn('kiosk_id', 'text', (c) => c.references('kiosks.id'))
		.addColumn('at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('consent_refusals_project_wave_idx').on('consent_refusals').columns(['project_id', 'wave_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('consent_refusals').execute();
}
