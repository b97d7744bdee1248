import type { Kysely } from 'kysely';

/** Login throttling, answer corrections and panel-code merges. */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('login_attempts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		// Lower-cased e-mail as typed, whether or not such an account exists.
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('succeeded', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('login_attempts_email_at_idx').on('login_attempts').columns(['email', 'at']).execute();

	await db.schema
		.createTable('answer_corrections')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('response_id', 'text', (c) => c.notNull().references('responses.id'))
		.addColumn('item_key', 'text', (c) => c.notNull())
		.addColumn('old_num', 'double precision')
		.addColumn('old_text', 'text')
		.addColumn('new_num', 'double precision')
		.addColumn('new_text', 'text')
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('answer_corrections_response_idx').on('answer_corrections').column('response_id').execute();

	// A respondent merged into another is the same person; analysis follows merged_into_id. Reversible.
	await db.schema
		.alterTable('respondents')
		.addColumn('merged_into_id', 'text', (c) => c.references('respondents.id'))
		.execute();
	await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('users').dropColumn('password_changed_at').execute();
	await db.schema.alterTable('respondents').dropColumn('merged_into_id').execute();
	await db.schema.dropTable('answer_corrections').execute();
	await db.schema.dropTable('login_attempts').execute();
}
