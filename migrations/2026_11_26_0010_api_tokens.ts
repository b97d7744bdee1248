import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Personal API tokens: only the SHA-256 of a token is stored, never the token. A token is revoked
 * (kept, with the time) rather than deleted, so the audit log's references stay meaningful.
 * The responses index serves the API's cursor over a project's responses in arrival order.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('read', 'write')`))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('token_prefix', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_used_at', 'text')
		.addColumn('revoked_at', 'text')
		.execute();
	await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();
	await db.schema.createIndex('responses_project_received_idx').on('responses').columns(['project_id', 'received_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('responses_project_received_idx').execute();
	await db.schema.dropTable('api_tokens').execute();
}
