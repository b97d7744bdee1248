/**
 * The append-only audit log. Callers write the row in the same transaction as the change it
 * records, so a change and its audit row exist together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { newTimeOrderedId, nowIso } from './ids';
import { nextDay, PAGE_SIZE, pageWindow, parseIsoDate, parsePage, type Page } from './paging';

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

/** Who made a change: a logged-in user by id, or a label ('cli', 'system') when no user did. */
export type Actor = { userId: string } | string;

/** The audit columns naming an actor. */
export function actorFields(actor: Actor): Pick<AuditEntry, 'actorUserId' | 'actorLabel'> {
	return typeof actor === 'string' ? { actorLabel: actor } : { actorUserId: actor.userId };
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			id: newTimeOrderedId(),
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

export interface AuditFilter {
	/** Only this project's rows (the project audit page); all rows when absent (admins). */
	projectId?: string;
	action?: string;
	entityType?: string;
	/** `user:<id>` or `label:<text>` (see `listAuditFacets`). */
	actor?: string;
	/** UTC days, inclusive. */
	from?: string;
	to?: string;
	page?: number;
}

/** The audit filter of a query string; unknown or malformed values are ignored. */
export function parseAuditFilter(params: URLSearchParams): Omit<AuditFilter, 'projectId'> {
	const actor = params.get('actor') ?? '';
	return {
		action: params.get('action') || undefined,
		entityType: params.get('entity') || undefined,
		actor: /^(user|label):./.test(actor) ? actor : undefined,
		from: parseIsoDate(params.get('from')),
		to: parseIsoDate(params.get('to')),
		page: parsePage(params.get('page'))
	};
}

export interface AuditLogEntry {
	id: string;
	at: string;
	actorUserId: string | null;
	actorName: string | null;
	actorLabel: string | null;
	action: string;
	entityType: string;
	entityId: string | null;
	projectId: string | null;
	projectSlug: string | null;
	before: unknown;
	after: unknown;
	reason: string | null;
}

function parseJson(text: string | null): unknown {
	return text === null ? undefined : JSON.parse(text);
}

/** One page of audit rows matching the filter, newest first, with actor names and project slugs. */
export async function listAuditEntries(db: Kysely<Database>, filter: AuditFilter): Promise<Page<AuditLogEntry>> {
	let query = db.selectFrom('audit_log');
	if (filter.projectId) query = query.where('audit_log.project_id', '=', filter.projectId);
	if (filter.action) query = query.where('audit_log.action', '=', filter.action);
	if (filter.entityType) query = query.where('audit_log.entity_type', '=', filter.entityType);
	if (filter.actor?.startsWith('user:')) query = query.where('audit_log.actor_user_id', '=', filter.actor.slice(5));
	if (filter.actor?.startsWith('label:')) query = query.where('audit_log.actor_label', '=', filter.actor.slice(6));
	if (filter.from) query = query.where('audit_log.at', '>=', filter.from);
	if (filter.to) query = query.where('audit_log.at', '<', nextDay(filter.to));
	const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	const { page, pageCount, offset } = pageWindow(Number(n), filter.page ?? 1);
	const rows = await query
		.leftJoin('users', 'users.id', 'audit_log.actor_user_id')
		.leftJoin('projects', 'projects.id', 'audit_log.project_id')
		.selectAll('audit_log')
		.select(['users.name as actorName', 'projects.slug as projectSlug'])
		.orderBy('audit_log.at', 'desc')
		.orderBy('audit_log.id', 'desc')
		.limit(PAGE_SIZE)
		.offset(offset)
		.execute();
	return {
		rows: rows.map((r) => ({
			id: r.id,
			at: r.at,
			actorUserId: r.actor_user_id,
			actorName: r.actorName,
			actorLabel: r.actor_label,
			action: r.action,
			entityType: r.entity_type,
			entityId: r.entity_id,
			projectId: r.project_id,
			projectSlug: r.projectSlug,
			before: parseJson(r.before),
			after: parseJson(r.after),
			reason: r.reason
		})),
		total: Number(n),
		page,
		pageCount
	};
}

export interface AuditFacets {
	actions: string[];
	entityTypes: string[];
	/** `value` is what the `actor` filter takes. */
	actors: { value: string; name: string }[];
}

/** The values the audit filters can take, from the rows there are (in one project, or all). */
export async function listAuditFacets(db: Kysely<Database>, projectId?: string): Promise<AuditFacets> {
	const scoped = projectId ? db.selectFrom('audit_log').where('audit_log.project_id', '=', projectId) : db.selectFrom('audit_log');
	const actions = await scoped.select('action').distinct().orderBy('action').execute();
	const entityTypes = await scoped.select('entity_type').distinct().orderBy('entity_type').execute();
	const actors = await scoped
		.leftJoin('users', 'users.id', 'audit_log.actor_user_id')
		.select(['audit_log.actor_user_id', 'audit_log.actor_label', 'users.name'])
		.distinct()
		.execute();
	return {
		actions: actions.map((a) => a.action),
		entityTypes: entityTypes.map((e) => e.entity_type),
		actors: actors
			.map((a) =>
				a.actor_user_id
					? { value: `user:${a.actor_user_id}`, name: a.name ?? a.actor_user_id }
					: { value: `label:${a.actor_label ?? ''}`, name: a.actor_label ?? '' }
			)
			.filter((a) => a.value !== 'label:')
			.sort((a, b) => a.name.localeCompare(b.name))
	};
}
