import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';
import {
	defaultAssignments,
	listVersionChoices,
	parseWaveDetails,
	saveNewWave,
	saveWaveAssignments,
	saveWaveDetails,
	type NewWaveFields
} from '$lib/server/wave-forms';
import {
	countWaveResponses,
	createWave,
	getWave,
	listWaveInstrumentIds,
	listWaveSummaries,
	setWaveAssignments,
	updateWave,
	type Wave
} from '$lib/server/waves';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';
import { createCoordinator, submitIdentityResponse } from '../../helpers/submissions';

let testDb: TestDb;
let db: Db;
let library: LoadedInstrument[];
let userId: string;
let ids: string[];

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	library = loadLibrary();
	userId = (await createCoordinator(db)).id;
	ids = library.map((l) => l.hash);
});
afterAll(() => testDb.cleanup());

async function audit(waveId: string, action: string) {
	return db.selectFrom('audit_log').selectAll().where('entity_id', '=', waveId).where('action', '=', action).execute();
}

const newWave = (overrides: Partial<NewWaveFields> = {}): NewWaveFields => ({
	name: 'Follow-up 1',
	order: '2',
	kind: 'follow-up',
	opensOn: '2026-09-01',
	closesOn: '2026-10-31',
	versionIds: ids.slice(0, 2),
	...overrides
});

describe('parseWaveDetails', () => {
	it('accepts a name with optional dates', () => {
		expect(parseWaveDetails({ name: ' Baseline ', opensOn: '', closesOn: '' })).toEqual({
			details: { name: 'Baseline', opensOn: null, closesOn: null },
			errors: {}
		});
		expect(parseWaveDetails({ name: 'B', opensOn: '2026-03-01', closesOn: '2026-03-01' }).errors).toEqual({});
	});

	it('refuses a missing name, impossible dates and a close before the open', () => {
		expect(parseWaveDetails({ name: '', opensOn: '2026-02-30', closesOn: '31/03/2026' }).errors).toEqual({
			name: 'required',
			opensOn: 'invalid',
			closesOn: 'invalid'
		});
		expect(parseWaveDetails({ name: 'B', opensOn: '2026-03-02', closesOn: '2026-03-01' }).errors).toEqual({ closesOn: 'before_opens' });
	});
});

describe('saveNewWave', () => {
	let seeded: SeededProject;
	beforeAll(async () => {
		seeded = await seedProject(db, library, 'waves-new');
	});

	it('creates a wave asking the chosen versions in order, audited as the user', async () => {
		const chosen = [ids[2]!, ids[0]!];
		const result = await saveNewWave(db, seeded.projectId, newWave({ versionIds: chosen }), { userId });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.wave).toMatchObject({ name: 'Follow-up 1', order: 2, kind: 'follow-up', opensOn: '2026-09-01', closesOn: '2026-10-31' });
		expect(await listWaveInstrumentIds(db, result.wave.id)).toEqual(chosen);
		const rows = await audit(result.wave.id, 'wave.create');
		expect(rows).toHaveLength(1);
		expect(rows[0]!.actor_user_id).toBe(userId);
	});

	it('refuses a taken order, a second baseline, and no instruments', async () => {
		const result = await saveNewWave(db, seeded.projectId, newWave({ order: '1', kind: 'baseline', versionIds: [] }), { userId });
		expect(result).toEqual({ ok: false, errors: { order: 'taken', kind: 'baseline_taken', versionIds: 'required' } });
	});

	it('refuses unknown versions, the same instrument twice, and bad fields', async () => {
		expect(await saveNewWave(db, seeded.projectId, newWave({ order: '7', versionIds: ['nope'] }), { userId })).toEqual({
			ok: false,
			errors: { versionIds: 'unknown_version' }
		});
		expect(await saveNewWave(db, seeded.projectId, newWave({ order: '7', versionIds: [ids[0]!, ids[0]!] }), { userId })).toEqual({
			ok: false,
			errors: { versionIds: 'duplicate_instrument' }
		});
		expect(
			await saveNewWave(db, seeded.projectId, newWave({ name: '', order: '0', kind: 'midline', closesOn: '2026-08-01' }), { userId })
		).toEqual({ ok: false, errors: { name: 'required', order: 'invalid', kind: 'invalid', closesOn: 'before_opens' } });
		expect((await listWaveSummaries(db, seeded.projectId)).map((w) => w.order)).toEqual([1, 2]);
	});

	it('offers current versions first and repeats the last wave by default', async () => {
		const choices = await listVersionChoices(db, library);
		expect(choices.filter((c) => c.current).map((c) => c.id)).toEqual(expect.arrayContaining(ids));
		expect(await defaultAssignments(db, seeded.projectId, choices)).toEqual([ids[2], ids[0]]);
	});
});

describe('updateWave', () => {
	it('renames and moves dates, auditing before → after', async () => {
		const seeded = await seedProject(db, library, 'waves-update');
		const wave = (await getWave(db, seeded.projectId, seeded.baselineWaveId))!;
		const result = await saveWaveDetails(db, wave, { name: 'Baseline 2026', opensOn: '2026-03-01', closesOn: '2026-04-15' }, { userId });
		expect(result).toEqual({ ok: true, wave: { ...wave, name: 'Baseline 2026', opensOn: '2026-03-01', closesOn: '2026-04-15' } });
		const [row] = await audit(wave.id, 'wave.update');
		expect(JSON.parse(row!.before!)).toEqual({ name: 'Baseline', opensOn: null, closesOn: null });
		expect(JSON.parse(row!.after!)).toEqual({ name: 'Baseline 2026', opensOn: '2026-03-01', closesOn: '2026-04-15' });
		expect(await saveWaveDetails(db, wave, { name: 'X', opensOn: '2026-05-01', closesOn: '2026-04-01' }, { userId })).toEqual({
			ok: false,
			errors: { closesOn: 'before_opens' }
		});
		expect(await updateWave(db, 'no-such-wave', { name: 'X', opensOn: null, closesOn: null }, { userId })).toBeUndefined();
	});
});

describe('setWaveAssignments', () => {
	let seeded: SeededProject;
	let followUp: Wave;
	beforeAll(async () => {
		seeded = await seedProject(db, library, 'waves-assign');
		followUp = await createWave(db, {
			projectId: seeded.projectId,
			name: 'F1',
			kind: 'follow-up',
			order: 2,
			instrumentVersionIds: ids.slice(0, 3)
		});
	});

	it('reorders, adds and removes freely while the wave has no responses', async () => {
		const next = [ids[3]!, ids[1]!, ids[0]!];
		expect(await setWaveAssignments(db, followUp.id, next, { actorUserId: userId })).toEqual({ ok: true, changed: true });
		expect(await listWaveInstrumentIds(db, followUp.id)).toEqual(next);
		const [row] = await audit(followUp.id, 'wave.assignments_update');
		expect(row).toMatchObject({ actor_user_id: userId, reason: null, project_id: seeded.projectId });
		expect(JSON.parse(row!.before!)).toEqual({ instrumentVersionIds: ids.slice(0, 3) });
		expect(JSON.parse(row!.after!)).toEqual({ instrumentVersionIds: next });
	});

	it('does nothing, and audits nothing, when the list is unchanged', async () => {
		const current = await listWaveInstrumentIds(db, followUp.id);
		const before = (await audit(followUp.id, 'wave.assignments_update')).length;
		expect(await setWaveAssignments(db, followUp.id, current, { actorUserId: userId })).toEqual({ ok: true, changed: false });
		expect(await audit(followUp.id, 'wave.assignments_update')).toHaveLength(before);
	});

	it('refuses an empty list, unknown versions, an instrument twice and an unknown wave', async () => {
		expect(await setWaveAssignments(db, followUp.id, [], { actorUserId: userId })).toEqual({ ok: false, error: 'required' });
		expect(await setWaveAssignments(db, followUp.id, ['x'], { actorUserId: userId })).toEqual({ ok: false, error: 'unknown_version' });
		expect(await setWaveAssignments(db, followUp.id, [ids[0]!, ids[0]!], { actorUserId: userId })).toEqual({
			ok: false,
			error: 'duplicate_instrument'
		});
		expect(await setWaveAssignments(db, 'nope', [ids[0]!], { actorUserId: userId })).toEqual({ ok: false, error: 'not_found' });
	});

	describe('once the wave has responses', () => {
		let original: string[];
		beforeAll(async () => {
			await submitIdentityResponse(db, seeded);
			await submitIdentityResponse(db, seeded, { status: 'partial', completedAt: null });
			original = await listWaveInstrumentIds(db, seeded.baselineWaveId);
		});

		it('counts them', async () => {
			expect(await countWaveResponses(db, seeded.baselineWaveId)).toBe(2);
			expect(await countWaveResponses(db, followUp.id)).toBe(0);
			const summaries = await listWaveSummaries(db, seeded.projectId);
			expect(summaries.map((w) => [w.order, w.instruments, w.responses])).toEqual([
				[1, ids.length, 2],
				[2, 3, 0]
			]);
		});

		it('refuses a change without an override and changes nothing', async () => {
			const result = await setWaveAssignments(db, seeded.baselineWaveId, [...original].reverse(), { actorUserId: userId });
			expect(result).toEqual({ ok: false, error: 'frozen' });
			expect(await listWaveInstrumentIds(db, seeded.baselineWaveId)).toEqual(original);
		});

		it('refuses an override without a written reason', async () => {
			const result = await setWaveAssignments(db, seeded.baselineWaveId, [...original].reverse(), {
				actorUserId: userId,
				overrideReason: '  '
			});
			expect(result).toEqual({ ok: false, error: 'reason_required' });
			expect(await listWaveInstrumentIds(db, seeded.baselineWaveId)).toEqual(original);
			expect(await audit(seeded.baselineWaveId, 'wave.assignments_override')).toHaveLength(0);
		});

		it('the form counts a reason only when the box is ticked', async () => {
			const wave = (await getWave(db, seeded.projectId, seeded.baselineWaveId))!;
			const changed = original.slice(1);
			expect(await saveWaveAssignments(db, wave, { versionIds: changed, acknowledged: false, reason: 'typo fix' }, userId)).toEqual({
				ok: false,
				errors: { versionIds: 'frozen' }
			});
			expect(await saveWaveAssignments(db, wave, { versionIds: changed, acknowledged: true, reason: '' }, userId)).toEqual({
				ok: false,
				errors: { reason: 'required' }
			});
			expect(await listWaveInstrumentIds(db, seeded.baselineWaveId)).toEqual(original);
		});

		it('changes them with an override and a reason, audited as wave.assignments_override', async () => {
			const changed = original.slice(1);
			const reason = 'Participation module dropped at the funder’s request';
			expect(await setWaveAssignments(db, seeded.baselineWaveId, changed, { actorUserId: userId, overrideReason: ` ${reason} ` })).toEqual({
				ok: true,
				changed: true
			});
			expect(await listWaveInstrumentIds(db, seeded.baselineWaveId)).toEqual(changed);
			const rows = await audit(seeded.baselineWaveId, 'wave.assignments_override');
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ actor_user_id: userId, reason, project_id: seeded.projectId });
			expect(JSON.parse(rows[0]!.before!)).toEqual({ instrumentVersionIds: original, responses: 2 });
			expect(JSON.parse(rows[0]!.after!)).toEqual({ instrumentVersionIds: changed });
			// The responses themselves are untouched.
			expect(await countWaveResponses(db, seeded.baselineWaveId)).toBe(2);
		});
	});
});

describe('getWave', () => {
	it('does not find a wave through another project', async () => {
		const a = await seedProject(db, library, 'waves-a');
		const b = await seedProject(db, library, 'waves-b');
		expect(await getWave(db, a.projectId, b.baselineWaveId)).toBeUndefined();
		expect(await getWave(db, b.projectId, b.baselineWaveId)).toMatchObject({ id: b.baselineWaveId });
	});
});
