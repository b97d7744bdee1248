import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '$lib/server/db/create-db';
import type { LoadedInstrument } from '$lib/server/instrument-files';
import { seedDemo } from '$lib/server/demo/seed';
import {
	clearIndicatorCache,
	getIndicators,
	IndicatorFilterError,
	parseIndicatorFilter,
	readIndicatorCatalog
} from '$lib/server/indicators';
import { packedWaveQuery } from '$lib/server/indicator-rows';
import { mergeRespondents, setRespondentWithdrawn } from '$lib/server/panel-codes';
import { setResponseExcluded } from '$lib/server/review';
import { createUser } from '$lib/server/users';
import { crossSectionDid, describeScores } from '$lib/stats';
import type { IndicatorFilter, IndicatorSet, ScaleIndicators } from '$lib/stats/indicators/types';
import { createTestDb, loadLibrary, type TestDb } from '../../helpers/db';
import { newPanelCode, recordVisit } from '../../helpers/visits';
import { nonFiniteNumbers } from '../../fixtures/stats/reference';

const ALL: IndicatorFilter = { siteId: null, subgroup: null };

let testDb: TestDb;
let db: Db;
let library: LoadedInstrument[];
let projectId: string;
let actor: { userId: string };

const scaleOf = (set: IndicatorSet, key: string): ScaleIndicators => set.scales.find((s) => s.scale.key === key)!;
const waveIndex = (set: IndicatorSet, waveId: string) => set.waves.findIndex((w) => w.id === waveId);

async function indicators(filter: IndicatorFilter = ALL): Promise<IndicatorSet> {
	return (await getIndicators(db, projectId, filter))!;
}

/** Scores of one scale straight from the tables, by wave order and arm: an independent path to the same numbers. */
async function storedScores(scaleKey: string): Promise<Map<string, number[]>> {
	const rows = await db
		.selectFrom('scores as s')
		.innerJoin('responses as r', 'r.id', 's.response_id')
		.innerJoin('sites as t', 't.id', 'r.site_id')
		.innerJoin('waves as w', 'w.id', 'r.wave_id')
		.innerJoin('respondents as p', 'p.id', 'r.respondent_id')
		.select(['s.score', 'w.wave_order', 't.arm'])
		.where('r.project_id', '=', projectId)
		.where('r.excluded', '=', 0)
		.where('p.withdrawn_at', 'is', null)
		.where('s.scale_key', '=', scaleKey)
		.where('s.score', 'is not', null)
		.orderBy('r.id')
		.execute();
	const cells = new Map<string, number[]>();
	for (const row of rows) {
		const key = `${row.wave_order}:${row.arm}`;
		cells.set(key, [...(cells.get(key) ?? []), row.score!]);
	}
	return cells;
}

beforeAll(async () => {
	testDb = await createTestDb();
	db = testDb.db;
	library = loadLibrary();
	const { syncInstrumentLibrary } = await import('$lib/server/instruments');
	await syncInstrumentLibrary(db, library);
	projectId = (await seedDemo(db, library, { respondents: 200 })).project.id;
	const user = await createUser(db, {
		email: 'evaluator@example.org',
		name: 'Evaluator',
		password: 'a long enough password',
		role: 'admin'
	});
	actor = { userId: user.id };
	clearIndicatorCache();
});

afterAll(async () => {
	clearIndicatorCache();
	await testDb.cleanup();
});

describe('the indicator set of the demo project', () => {
	it('has the documented shape: waves, arms, sites, every scale with its statistics, no NaN', async () => {
		const set = await indicators();
		expect(set.schema).toBe('anju.indicators/1');
		expect(set.arms).toEqual(['project', 'comparison']);
		expect(set.waves.map((w) => [w.kind, w.isBaseline])).toEqual([
			['baseline', true],
			['follow-up', false],
			['follow-up', false]
		]);
		expect(set.sites.map((s) => s.arm)).toEqual(['project', 'project', 'comparison', 'comparison']);
		expect(set.scales).toHaveLength(13);
		for (const scale of set.scales) {
			expect(scale.waves).toHaveLength(3);
			expect(scale.followUps).toHaveLength(2);
			expect(scale.reliability).toHaveLength(3);
			expect(scale.waves[0]!.sites).toHaveLength(4);
		}
		expect(set.responseCounts).toHaveLength(12);
		expect(set.subgroups.map((s) => s.item)).toContain('dem_gender');
		expect(set.caveats).toEqual(['residents-independent']);
		expect(nonFiniteNumbers(JSON.parse(JSON.stringify(set)))).toEqual([]);
	});

	it('agrees with the stored scores read independently (descriptives and the cross-sectional DiD)', async () => {
		const set = await indicators();
		const scale = scaleOf(set, 'sense_of_community');
		const stored = await storedScores('sense_of_community');
		const cell = (order: number, arm: string) => stored.get(`${order}:${arm}`) ?? [];
		const baseline = describeScores(cell(1, 'project'));
		expect(scale.waves[0]!.arms.project.n).toBe(baseline.n);
		expect(scale.waves[0]!.arms.project.mean).toBeCloseTo(baseline.mean!, 12);
		expect(scale.waves[0]!.arms.project.sd).toBeCloseTo(baseline.sd!, 12);
		const did = crossSectionDid(
			{
				comparisonPre: cell(1, 'comparison'),
				comparisonPost: cell(3, 'comparison'),
				projectPre: cell(1, 'project'),
				projectPost: cell(3, 'project')
			},
			{ project: 2, comparison: 2 }
		);
		const served = scale.followUps[1]!.did.crossSection;
		expect(served.estimate).toBeCloseTo(did.estimate!, 12);
		expect(served.se).toBeCloseTo(did.se!, 12);
		expect(served.sitesPerArm).toEqual({ project: 2, comparison: 2 });
	});

	it('shows the built-in effects: DiD on sense of community positive, on social adaptation near 0', async () => {
		const set = await indicators();
		const identity = scaleOf(set, 'sense_of_community').followUps[1]!.did;
		// 200 respondents: positive and near the model's +0.31, though with a wide interval.
		expect(identity.crossSection.estimate).toBeGreaterThan(0.1);
		expect(identity.crossSection.estimate! - identity.crossSection.ci!.lower).toBeGreaterThan(0);
		expect(identity.panel.difference).toBeGreaterThan(0);
		const social = scaleOf(set, 'social_adaptation').followUps[1]!.did.crossSection;
		expect(social.ci!.lower).toBeLessThan(0);
		expect(social.ci!.upper).toBeGreaterThan(0);
		expect(Math.abs(social.estimate!)).toBeLessThan((social.ci!.upper - social.ci!.lower) / 2);
	});

	it('computes alpha on complete cases and item missingness among relevant items', async () => {
		const set = await indicators();
		const reliability = scaleOf(set, 'social_adaptation').reliability[0]!;
		expect(reliability.alpha.k).toBe(13);
		expect(reliability.alpha.alpha).toBeGreaterThan(0.8);
		expect(reliability.alpha.n + reliability.alpha.incomplete).toBe(reliability.responses);
		for (const item of reliability.items) {
			expect(item.asked).toBe(reliability.responses);
			expect(item.answered + item.dontKnow + item.unanswered).toBe(item.asked);
		}
	});

	it('counts respondents per site and wave against the targets', async () => {
		const set = await indicators();
		const baseline = set.responseCounts.filter((c) => c.waveId === set.waves[0]!.id);
		expect(baseline.map((c) => c.respondents)).toEqual([50, 50, 50, 50]);
		expect(baseline.every((c) => c.target === 50 && c.share === 1)).toBe(true);
	});
});

describe('filters', () => {
	it('parses site and subgroup parameters', () => {
		expect(parseIndicatorFilter(new URLSearchParams('site=abc&subgroup=dem_gender:2'))).toEqual({
			siteId: 'abc',
			subgroup: { item: 'dem_gender', code: 2 }
		});
		expect(parseIndicatorFilter(new URLSearchParams(''))).toEqual(ALL);
		expect(parseIndicatorFilter(new URLSearchParams('subgroup=gender'))).toEqual({ error: 'subgroup' });
	});

	it('narrows to one site: that site only, no DiD', async () => {
		const all = await indicators();
		const site = all.sites[0]!;
		const set = await indicators({ siteId: site.id, subgroup: null });
		const scale = scaleOf(set, 'sense_of_community');
		expect(scale.waves[0]!.sites.map((s) => s.siteId)).toEqual([site.id]);
		expect(scale.waves[0]!.arms.project.n).toBe(scaleOf(all, 'sense_of_community').waves[0]!.sites[0]!.n);
		expect(scale.waves[0]!.arms.comparison.n).toBe(0);
		expect(scale.followUps[0]!.did.crossSection.estimate).toBeNull();
		expect(scale.followUps[0]!.did.crossSection.reason).toBe('empty');
	});

	it('narrows to a subgroup of respondents by their background answer', async () => {
		const all = await indicators();
		const women = await indicators({ siteId: null, subgroup: { item: 'dem_gender', code: 2 } });
		const men = await indicators({ siteId: null, subgroup: { item: 'dem_gender', code: 1 } });
		expect(women.respondents).toBeGreaterThan(0);
		expect(women.respondents + men.respondents).toBeLessThanOrEqual(all.respondents);
		const n = (set: IndicatorSet) => scaleOf(set, 'wellbeing').waves[0]!.arms.project.n;
		expect(n(women) + n(men)).toBeLessThanOrEqual(n(all));
		expect(n(women)).toBeLessThan(n(all));
	});

	it('refuses an unknown site or item', async () => {
		await expect(getIndicators(db, projectId, { siteId: 'nope', subgroup: null })).rejects.toBeInstanceOf(IndicatorFilterError);
		await expect(getIndicators(db, projectId, { siteId: null, subgroup: { item: 'bscs_1', code: 1 } })).rejects.toBeInstanceOf(
			IndicatorFilterError
		);
	});
});

describe('what counts, and the cache', () => {
	it('serves the cached set while the data version is unchanged', async () => {
		expect(await indicators()).toBe(await indicators());
	});

	it('leaves excluded responses out, and recomputes after the exclusion (data version bumped)', async () => {
		const before = await indicators();
		const response = await db
			.selectFrom('responses as r')
			.innerJoin('scores as s', 's.response_id', 'r.id')
			.innerJoin('sites as t', 't.id', 'r.site_id')
			.select(['r.id', 'r.wave_id'])
			.where('r.project_id', '=', projectId)
			.where('s.scale_key', '=', 'wellbeing')
			.where('s.score', 'is not', null)
			.where('t.arm', '=', 'project')
			.executeTakeFirstOrThrow();
		const outcome = await setResponseExcluded(db, { projectId, responseId: response.id, exclude: true, reason: 'test' }, actor);
		expect(outcome).toEqual({ ok: true });
		const after = await indicators();
		expect(after).not.toBe(before);
		expect(after.project.dataVersion).toBeGreaterThan(before.project.dataVersion);
		const w = waveIndex(after, response.wave_id);
		expect(scaleOf(after, 'wellbeing').waves[w]!.arms.project.n).toBe(scaleOf(before, 'wellbeing').waves[w]!.arms.project.n - 1);
	});

	it('leaves withdrawn respondents out of every indicator', async () => {
		const before = await indicators();
		const respondent = await db
			.selectFrom('respondents')
			.select(['id'])
			.where('project_id', '=', projectId)
			.orderBy('panel_code')
			.executeTakeFirstOrThrow();
		const visits = await db
			.selectFrom('responses')
			.select('wave_id')
			.distinct()
			.where('respondent_id', '=', respondent.id)
			.where('excluded', '=', 0)
			.execute();
		expect(
			await setRespondentWithdrawn(db, { projectId, respondentId: respondent.id, withdraw: true, reason: 'asked to leave' }, actor)
		).toEqual({
			ok: true
		});
		const after = await indicators();
		expect(after.respondents).toBe(before.respondents - 1);
		const total = (set: IndicatorSet) => set.responseCounts.reduce((sum, c) => sum + c.respondents, 0);
		expect(total(after)).toBe(total(before) - visits.length);
	});

	it('treats a merged panel code as the same person: their waves pair up in the panel', async () => {
		// A baseline respondent lost after baseline, and a newcomer at the 12-month wave, both in one site.
		const set = await indicators();
		const [baselineWave, , lastWave] = set.waves;
		const waveRows = await db
			.selectFrom('responses as r')
			.innerJoin('respondents as p', 'p.id', 'r.respondent_id')
			.select(['p.panel_code', 'r.wave_id', 'r.site_id'])
			.distinct()
			.where('r.project_id', '=', projectId)
			.where('r.excluded', '=', 0)
			.where('p.withdrawn_at', 'is', null)
			.execute();
		const wavesOf = new Map<string, Set<string>>();
		const siteOf = new Map<string, string>();
		for (const row of waveRows) {
			wavesOf.set(row.panel_code, (wavesOf.get(row.panel_code) ?? new Set()).add(row.wave_id));
			siteOf.set(row.panel_code, row.site_id);
		}
		const only = (code: string, wave: string) => wavesOf.get(code)!.size === 1 && wavesOf.get(code)!.has(wave);
		const lost = [...wavesOf.keys()].find(
			(code) => only(code, baselineWave!.id) && set.sites.find((s) => s.id === siteOf.get(code))?.arm === 'project'
		)!;
		const newcomer = [...wavesOf.keys()].find((code) => only(code, lastWave!.id) && siteOf.get(code) === siteOf.get(lost));
		expect(lost).toBeDefined();
		expect(newcomer).toBeDefined();

		const pairs = (s: IndicatorSet) => scaleOf(s, 'wellbeing').followUps[1]!.arms.project.paired.n;
		const retained = (s: IndicatorSet) => scaleOf(s, 'wellbeing').followUps[1]!.retention.project.retained;
		expect(
			await mergeRespondents(db, { projectId, fromCode: newcomer!, intoCode: lost, reason: 'same resident, new code' }, actor)
		).toEqual({ ok: true });
		const merged = await indicators();
		expect(merged.respondents).toBe(set.respondents - 1);
		expect(pairs(merged)).toBe(pairs(set) + 1);
		expect(retained(merged)).toBe(retained(set) + 1);
	});

	it('counts a new submission once it is stored (recordSubmission bumps the data version)', async () => {
		const before = await indicators();
		const identity = library.find((l) => l.instrument.key === 'community-identity')!;
		const answers = Object.fromEntries(
			identity.instrument.scales.find((s) => s.key === 'sense_of_community')!.items.map((key) => [key, 4])
		);
		await recordVisit(db, {
			panelCode: newPanelCode(),
			waveId: before.waves[0]!.id,
			siteId: before.sites[0]!.id,
			versionIds: [identity.hash],
			answers: { [identity.hash]: answers }
		});
		const after = await indicators();
		const n = (set: IndicatorSet) => scaleOf(set, 'sense_of_community').waves[0]!.arms.project.n;
		expect(n(after)).toBe(n(before) + 1);
		expect(after.respondents).toBe(before.respondents + 1);
	});
});

describe('the packed query', () => {
	it('reads every wave in one statement of portable SQL', async () => {
		const catalog = (await readIndicatorCatalog(db, projectId))!;
		const { sql } = packedWaveQuery(catalog, projectId, catalog.waves[0]!.id).compile(db);
		// The same text on both databases but for the placeholders (`?` on SQLite, `$1` on PostgreSQL).
		expect(sql.replace(/\$\d+/g, '?')).toMatchSnapshot();
	});
});

describe('instrument versions', () => {
	it('still counts responses given with a version no wave asks any more (read again with it)', async () => {
		const before = await indicators();
		const identity = library.find((l) => l.instrument.key === 'community-identity')!.hash;
		await db.deleteFrom('wave_instruments').where('instrument_version_id', '=', identity).execute();
		clearIndicatorCache();
		const after = await indicators();
		expect(scaleOf(after, 'sense_of_community').waves.map((w) => w.arms.project.n)).toEqual(
			scaleOf(before, 'sense_of_community').waves.map((w) => w.arms.project.n)
		);
	});
});
