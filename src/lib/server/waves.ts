/**
 * Waves: baseline and follow-ups of a project, each asking instrument versions in order. Once a
 * wave has responses its assignments are frozen: changing them needs a written, audited override.
 */
import type { Kysely } from 'kysely';
import type { Database, WaveKind, WaveRow } from './db/schema';
import { actorFields, recordAudit, type Actor } from './audit';
import { newId, nowIso } from './ids';

export interface Wave {
	id: string;
	projectId: string;
	name: string;
	kind: WaveKind;
	order: number;
	opensOn: string | null;
	closesOn: string | null;
}

export function waveRowToWave(row: WaveRow): Wave {
	return {
		id: row.id,
		projectId: row.project_id,
		name: row.name,
		kind: row.kind,
		order: row.wave_order,
		opensOn: row.opens_on,
		closesOn: row.closes_on
	};
}

export interface NewWave {
	projectId: string;
	name: string;
	kind: WaveKind;
	order: number;
	opensOn?: string | null;
	closesOn?: string | null;
	/** Instrument version ids, in the order they are asked. */
	instrumentVersionIds: string[];
}

export async function createWave(db: Kysely<Database>, input: NewWave, actor: Actor = 'system'): Promise<Wave> {
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.insertInto('waves')
			.values({
				id: newId(),
				project_id: input.projectId,
				name: input.name,
				kind: input.kind,
				wave_order: input.order,
				opens_on: input.opensOn ?? null,
				closes_on: input.closesOn ?? null,
				created_at: nowIso()
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await insertAssignments(trx, row.id, input.instrumentVersionIds);
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'wave.create',
			entityType: 'wave',
			entityId: row.id,
			projectId: row.project_id,
			after: input
		});
		return waveRowToWave(row);
	});
}

async function insertAssignments(db: Kysely<Database>, waveId: string, versionIds: string[]): Promise<void> {
	if (versionIds.length === 0) return;
	await db
		.insertInto('wave_instruments')
		.values(versionIds.map((id, position) => ({ wave_id: waveId, instrument_version_id: id, position })))
		.execute();
}

export async function listWaves(db: Kysely<Database>, projectId: string): Promise<Wave[]> {
	const rows = await db.selectFrom('waves').selectAll().where('project_id', '=', projectId).orderBy('wave_order').execute();
	return rows.map(waveRowToWave);
}

export interface WaveSummary extends Wave {
	/** Instrument versions assigned. */
	instruments: number;
	responses: number;
}

/** The project's waves in order, with how many instruments each asks and responses it has. */
export async function listWaveSummaries(db: Kysely<Database>, projectId: string): Promise<WaveSummary[]> {
	const [waves, assigned, responses] = await Promise.all([
		listWaves(db, projectId),
		db
			.selectFrom('wave_instruments')
			.innerJoin('waves', 'waves.id', 'wave_instruments.wave_id')
			.select((eb) => ['wave_instruments.wave_id', eb.fn.countAll<number>().as('n')])
			.where('waves.project_id', '=', projectId)
			.groupBy('wave_instruments.wave_id')
			.execute(),
		countResponsesByWave(db, projectId)
	]);
	const instruments = new Map(assigned.map((r) => [r.wave_id, Number(r.n)]));
	return waves.map((w) => ({ ...w, instruments: instruments.get(w.id) ?? 0, responses: responses.get(w.id) ?? 0 }));
}

/** A wave of `projectId`; undefined when the id is unknown or belongs to another project. */
export async function getWave(db: Kysely<Database>, projectId: string, waveId: string): Promise<Wave | undefined> {
	const row = await db.selectFrom('waves').selectAll().where('id', '=', waveId).where('project_id', '=', projectId).executeTakeFirst();
	return row && waveRowToWave(row);
}

/** Instrument version ids assigned to a wave, in the order they are asked. */
export async function listWaveInstrumentIds(db: Kysely<Database>, waveId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('wave_instruments')
		.select('instrument_version_id')
		.where('wave_id', '=', waveId)
		.orderBy('position')
		.execute();
	return rows.map((r) => r.instrument_version_id);
}

/** Responses stored for a wave, excluded and partial ones included: any of them freezes its assignments. */
export async function countWaveResponses(db: Kysely<Database>, waveId: string): Promise<number> {
	const row = await db
		.selectFrom('responses')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		// Naming the project too lets the (project_id, wave_id) index answer.
		.where('project_id', '=', (eb) => eb.selectFrom('waves').select('project_id').where('id', '=', waveId))
		.where('wave_id', '=', waveId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Responses per wave of a project, by wave id (waves without responses are absent). */
export async function countResponsesByWave(db: Kysely<Database>, projectId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('responses')
		.select((eb) => ['wave_id', eb.fn.countAll<number>().as('n')])
		.where('project_id', '=', projectId)
		.groupBy('wave_id')
		.execute();
	return new Map(rows.map((r) => [r.wave_id, Number(r.n)]));
}

/** Responses per assigned instrument version of one wave, by version id. */
export async function countWaveResponsesByVersion(db: Kysely<Database>, wave: Wave): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('responses')
		.select((eb) => ['instrument_version_id', eb.fn.countAll<number>().as('n')])
		.where('project_id', '=', wave.projectId)
		.where('wave_id', '=', wave.id)
		.groupBy('instrument_version_id')
		.execute();
	return new Map(rows.map((r) => [r.instrument_version_id, Number(r.n)]));
}

export interface WaveDetails {
	name: string;
	opensOn: string | null;
	closesOn: string | null;
}

/** Renames a wave or moves its dates, auditing before → after. Undefined when the wave does not exist. */
export async function updateWave(db: Kysely<Database>, waveId: string, details: WaveDetails, actor: Actor): Promise<Wave | undefined> {
	return db.transaction().execute(async (trx) => {
		const row = await trx.selectFrom('waves').selectAll().where('id', '=', waveId).executeTakeFirst();
		if (!row) return undefined;
		const before = waveRowToWave(row);
		const after: Wave = { ...before, ...details };
		if (before.name === after.name && before.opensOn === after.opensOn && before.closesOn === after.closesOn) return before;
		await trx
			.updateTable('waves')
			.set({ name: after.name, opens_on: after.opensOn, closes_on: after.closesOn })
			.where('id', '=', waveId)
			.execute();
		await recordAudit(trx, {
			...actorFields(actor),
			action: 'wave.update',
			entityType: 'wave',
			entityId: waveId,
			projectId: before.projectId,
			before: { name: before.name, opensOn: before.opensOn, closesOn: before.closesOn },
			after: details
		});
		return after;
	});
}

export type AssignmentError =
	/** No such wave. */
	| 'not_found'
	/** A wave asks at least one instrument. */
	| 'required'
	/** An id that is not a stored instrument version. */
	| 'unknown_version'
	/** The same instrument twice (one version of each instrument per wave). */
	| 'duplicate_instrument'
	/** The wave has responses and no override was given. */
	| 'frozen'
	/** An override without a written reason. */
	| 'reason_required';

export type AssignmentResult = { ok: true; changed: boolean } | { ok: false; error: AssignmentError };

export interface AssignmentOptions {
	actorUserId: string;
	/**
	 * The coordinator's written reason for changing the assignments of a wave that already has
	 * responses. Without it such a change is refused ('frozen'); with it the change is audited as
	 * `wave.assignments_override`.
	 */
	overrideReason?: string;
}

/** Replaces the instrument versions a wave asks, in order; refused for a wave with responses unless overridden. */
export async function setWaveAssignments(
	db: Kysely<Database>,
	waveId: string,
	versionIds: string[],
	options: AssignmentOptions
): Promise<AssignmentResult> {
	return db.transaction().execute(async (trx): Promise<AssignmentResult> => {
		const wave = await trx.selectFrom('waves').select(['id', 'project_id']).where('id', '=', waveId).executeTakeFirst();
		if (!wave) return { ok: false, error: 'not_found' };
		const problem = await checkInstrumentVersionIds(trx, versionIds);
		if (problem) return { ok: false, error: problem };
		const before = await listWaveInstrumentIds(trx, waveId);
		if (before.length === versionIds.length && before.every((id, i) => id === versionIds[i])) return { ok: true, changed: false };
		const responses = await countWaveResponses(trx, waveId);
		const reason = options.overrideReason?.trim();
		if (responses > 0 && options.overrideReason === undefined) return { ok: false, error: 'frozen' };
		if (responses > 0 && !reason) return { ok: false, error: 'reason_required' };
		await trx.deleteFrom('wave_instruments').where('wave_id', '=', waveId).execute();
		await insertAssignments(trx, waveId, versionIds);
		await recordAudit(trx, {
			actorUserId: options.actorUserId,
			action: responses > 0 ? 'wave.assignments_override' : 'wave.assignments_update',
			entityType: 'wave',
			entityId: waveId,
			projectId: wave.project_id,
			before: { instrumentVersionIds: before, ...(responses > 0 ? { responses } : {}) },
			after: { instrumentVersionIds: versionIds },
			reason: responses > 0 ? reason : null
		});
		return { ok: true, changed: true };
	});
}

/** Why `versionIds` cannot be a wave's assignments (none, unknown, an instrument twice), or undefined. */
export async function checkInstrumentVersionIds(db: Kysely<Database>, versionIds: string[]): Promise<AssignmentError | undefined> {
	if (versionIds.length === 0) return 'required';
	const rows = await db.selectFrom('instrument_versions').select(['id', 'instrument_key']).where('id', 'in', versionIds).execute();
	const keyById = new Map(rows.map((r) => [r.id, r.instrument_key]));
	if (versionIds.some((id) => !keyById.has(id))) return 'unknown_version';
	const keys = versionIds.map((id) => keyById.get(id));
	return new Set(keys).size === keys.length ? undefined : 'duplicate_instrument';
}
