import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'coordinator', 'evaluator')`))
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-Hans'))
		.addColumn('disabled_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('project_members')
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
		.addColumn('actor_label', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity_type', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text')
		.addColumn('project_id', 'text')
		.addColumn('before', 'text')
		.addColumn('after', 'text')
		.addColumn('reason', 'text')
		.execute();
	await db.schema.createIndex('audit_log_project_at_idx').on('audit_log').columns(['project_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('audit_log').execute();
	await db.schema.dropTable('sessions').execute();
	await db.schema.dropTable('project_members').execute();
	await db.schema.dropTable('users').execute();
}
