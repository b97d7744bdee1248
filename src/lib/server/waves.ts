/** Waves: baseline and follow-ups of a project, each asking instrument versions in order. */
import type { Kysely } from 'kysely';
import type { Database, WaveKind, WaveRow } from './db/schema';
import { recordAudit } from './audit';
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

export async function createWave(db: Kysely<Database>, input: NewWave, actorLabel = 'system'): Promise<Wave> {
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
		if (input.instrumentVersionIds.length > 0) {
			await trx
				.insertInto('wave_instruments')
				.values(input.instrumentVersionIds.map((id, position) => ({ wave_id: row.id, instrument_version_id: id, position })))
				.execute();
		}
		await recordAudit(trx, {
			actorLabel,
			action: 'wave.create',
			entityType: 'wave',
			entityId: row.id,
			projectId: row.project_id,
			after: input
		});
		return waveRowToWave(row);
	});
}

export async function listWaves(db: Kysely<Database>, projectId: string): Promise<Wave[]> {
	const rows = await db.selectFrom('waves').selectAll().where('project_id', '=', projectId).orderBy('wave_order').execute();
	return rows.map(waveRowToWave);
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
