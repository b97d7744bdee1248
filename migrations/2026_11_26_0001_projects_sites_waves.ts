import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('projects')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('languages', 'text', (c) => c.notNull())
		.addColumn('idle_warning_seconds', 'integer', (c) => c.notNull().defaultTo(90))
		.addColumn('idle_reset_seconds', 'integer', (c) => c.notNull().defaultTo(30))
		.addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('archived_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sites')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('arm', 'text', (c) => c.notNull().check(sql`arm in ('project', 'comparison')`))
		.addColumn('target_per_wave', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`target_per_wave >= 0`)
		)
		.addColumn('region', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('sites_project_name_unique', ['project_id', 'name'])
		.execute();

	await db.schema
		.createTable('waves')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('baseline', 'follow-up')`))
		.addColumn('wave_order', 'integer', (c) => c.notNull())
		.addColumn('opens_on', 'text')
		.addColumn('closes_on', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('waves_project_order_unique', ['project_id', 'wave_order'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('waves').execute();
	await db.schema.dropTable('sites').execute();
	await db.schema.dropTable('projects').execute();
}
