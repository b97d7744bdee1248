import type { Kysely } from 'kysely';

/**
 * Panel codes handed to a kiosk ahead of use, so "first time here" works offline. The key makes
 * two kiosks unable to hold the same code; the respondent row appears when a response uses it.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('panel_code_reservations')
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('panel_code', 'text', (c) => c.notNull())
		.addColumn('kiosk_id', 'text', (c) => c.references('kiosks.id'))
		.addColumn('reserved_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('panel_code_reservations_pk', ['project_id', 'panel_code'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('panel_code_reservations').execute();
}
