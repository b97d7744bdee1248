/**
 * The append-only audit log. Callers write the row in the same transaction as the change it
 * records, so a change and its audit row exist together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { newId, nowIso } from './ids';

export interface AuditEntry {
	actorUserId?: string | null;
	/** Who acted when it was not a logged-in user: 'cli', 'system', 'kiosk:<id>'. */
	actorLabel?: string | null;
	action: string;
	entityType: string;
	entityId?: string | null;
	projectId?: string | null;
	before?: unknown;
	after?: unknown;
	reason?: string | null;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			id: newId(),
			at: nowIso(),
			actor_user_id: entry.actorUserId ?? null,
			actor_label: entry.actorLabel ?? null,
			action: entry.action,
			entity_type: entry.entityType,
			entity_id: entry.entityId ?? null,
			project_id: entry.projectId ?? null,
			before: entry.before === undefined ? null : JSON.stringify(entry.before),
			after: entry.after === undefined ? null : JSON.stringify(entry.after),
			reason: entry.reason ?? null
		})
		.execute();
}
