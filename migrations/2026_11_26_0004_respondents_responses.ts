import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// On SQLite, answers and scores are stored in primary-key order (WITHOUT ROWID): the largest
	// tables by far, read by response, and half the size without a separate key index.
	const clustered = !(db.getExecutor().adapter instanceof PostgresAdapter);

	await db.schema
		.createTable('respondents')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('panel_code', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('withdrawn_at', 'text')
		.addColumn('withdrawal_reason', 'text')
		.addUniqueConstraint('respondents_project_code_unique', ['project_id', 'panel_code'])
		.execute();

	await db.schema
		.createTable('kiosks')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('enrollment_code_hash', 'text', (c) => c.unique())
		.addColumn('enrollment_expires_at', 'text')
		.addColumn('token_hash', 'text', (c) => c.unique())
		.addColumn('enrolled_at', 'text')
		.addColumn('revoked_at', 'text')
		.addColumn('last_seen_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('responses')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
		.addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id'))
		.addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
		.addColumn('respondent_id', 'text', (c) => c.notNull().references('respondents.id'))
		.addColumn('instrument_version_id', 'text', (c) => c.notNull().references('instrument_versions.id'))
		.addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('kiosk', 'interviewer')`))
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('consent_at', 'text')
		.addColumn('started_at', 'text', (c) => c.notNull())
		.addColumn('completed_at', 'text')
		.addColumn('received_at', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('complete', 'partial')`))
		.addColumn('kiosk_id', 'text', (c) => c.references('kiosks.id'))
		.addColumn('interviewer_id', 'text', (c) => c.references('users.id'))
		.addColumn('payload_hash', 'text', (c) => c.notNull())
		.addColumn('excluded', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`excluded in (0, 1)`)
		)
		.addColumn('excluded_reason', 'text')
		.execute();
	await db.schema.createIndex('responses_project_wave_idx').on('responses').columns(['project_id', 'wave_id']).execute();
	await db.schema.createIndex('responses_respondent_idx').on('responses').column('respondent_id').execute();

	await db.schema
		.createTable('answers')
		.addColumn('response_id', 'text', (c) => c.notNull().references('responses.id'))
		.addColumn('item_key', 'text', (c) => c.notNull())
		.addColumn('value_num', 'double precision')
		.addColumn('value_text', 'text')
		.addPrimaryKeyConstraint('answers_pk', ['response_id', 'item_key'])
		.$call((t) => (clustered ? t.modifyEnd(sql`without rowid`) : t))
		.execute();

	await db.schema
		.createTable('scores')
		.addColumn('response_id', 'text', (c) => c.notNull().references('responses.id'))
		.addColumn('scale_key', 'text', (c) => c.notNull())
		.addColumn('score', 'double precision')
		.addColumn('raw', 'double precision')
		.addColumn('relevant_items', 'integer', (c) => c.notNull())
		.addColumn('answered_items', 'integer', (c) => c.notNull())
		.addColumn('prorated', 'integer', (c) => c.notNull().check(sql`prorated in (0, 1)`))
		.addColumn('band', 'text')
		.addPrimaryKeyConstraint('scores_pk', ['response_id', 'scale_key'])
		.$call((t) => (clustered ? t.modifyEnd(sql`without rowid`) : t))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('scores').execute();
	await db.schema.dropTable('answers').execute();
	await db.schema.dropTable('responses').execute();
	await db.schema.dropTable('kiosks').execute();
	await db.schema.dropTable('respondents').execute();
}
