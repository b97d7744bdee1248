import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('instruments')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('instrument_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('instrument_key', 'text', (c) => c.notNull().references('instruments.key'))
		.addColumn('version', 'text', (c) => c.notNull())
		.addColumn('content', 'text', (c) => c.notNull())
		.addColumn('source_file', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('instrument_versions_key_version_unique', ['instrument_key', 'version'])
		.execute();

	await db.schema
		.createTable('wave_instruments')
		.addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id'))
		.addColumn('instrument_version_id', 'text', (c) => c.notNull().references('instrument_versions.id'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('wave_instruments_pk', ['wave_id', 'position'])
		.addUniqueConstraint('wave_instruments_version_unique', ['wave_id', 'instrument_version_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('wave_instruments').execute();
	await db.schema.dropTable('instrument_versions').execute();
	await db.schema.dropTable('instruments').execute();
}
