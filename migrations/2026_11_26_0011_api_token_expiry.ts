import type { Kysely } from 'kysely';

/**
 * API tokens may expire: `expires_at` is when a token stops working by itself (null: never, as
 * every token made before this migration).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
