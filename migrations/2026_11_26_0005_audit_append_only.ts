import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/** The audit log is append-only: the database itself refuses updates and deletes of its rows. */
export async function up(db: Kysely<any>): Promise<void> {
	if (db.getExecutor().adapter instanceof PostgresAdapter) {
		await sql`create function audit_log_refuse() returns trigger language plpgsql as $$
			begin raise exception 'audit_log is append-only'; end $$`.execute(db);
		await sql`create trigger audit_log_no_change before update or delete on audit_log
			for each row execute function audit_log_refuse()`.execute(db);
		return;
	}
	await sql`create trigger audit_log_no_update before update on audit_log
		begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
	await sql`create trigger audit_log_no_delete before delete on audit_log
		begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (db.getExecutor().adapter instanceof PostgresAdapter) {
		await sql`drop trigger audit_log_no_change on audit_log`.execute(db);
		await sql`drop function audit_log_refuse()`.execute(db);
		return;
	}
	await sql`drop trigger audit_log_no_update`.execute(db);
	await sql`drop trigger audit_log_no_delete`.execute(db);
}
