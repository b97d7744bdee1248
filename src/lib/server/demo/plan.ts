/**
 * The whole demo project as plain data — sites, waves and every response with its answers —
 * deterministic for a seed. Pure: `seed.ts` writes it to the database; the model is in MODEL.md.
 */
import type { Answers, Instrument } from '../../instruments/types';
import { generatePanelCode } from '../../panel-code';
import { answerInstrument, prepareInstrument, truncateAnswers, type InstrumentPlan } from './answers';
import { drawBackground, type Background } from './background';
import { drawStableTraits, retentionProbability, traitsAtWave, type Traits } from './model';
import { createRandom, seededUuid, type Random } from './random';

export interface DemoSitePlan {
	key: string;
	name: string;
	arm: 'project' | 'comparison';
	targetPerWave: number;
	region: string;
}
/** `opensOn` / `closesOn` are ISO dates. */
export interface DemoWavePlan {
	key: string;
	name: string;
	kind: 'baseline' | 'follow-up';
	order: number;
	opensOn: string;
	closesOn: string;
}
export interface DemoResponsePlan {
	/** Deterministic UUID v4-formatted string derived from the seed. */
	id: string;
	waveKey: string;
	siteKey: string;
	panelCode: string;
	instrumentKey: string;
	mode: 'kiosk' | 'interviewer';
	language: 'zh-Hans' | 'en';
	/** ISO-8601 UTC timestamps within the wave's window. */
	consentAt: string;
	startedAt: string;
	completedAt: string | null;
	status: 'complete' | 'partial';
	answers: Answers;
}
export interface DemoPlan {
	sites: DemoSitePlan[];
	waves: DemoWavePlan[];
	responses: DemoResponsePlan[];
}
export interface DemoOptions {
	/** Default 20240601. */
	seed?: number;
	/** Baseline respondents, default 600. */
	respondents?: number;
}

/** The order in which a wave asks the instruments; keys not in the library are skipped. */
export const WAVE_INSTRUMENTS = [
	'demographics',
	'social-adaptation',
	'cultural-adaptation',
	'psychological-adaptation',
	'community-identity',
	'community-participation'
];

/** `shift` is the community's level on the general adjustment factor (MODEL.md). */
const SITES: (Omit<DemoSitePlan, 'targetPerWave'> & { shift: number })[] = [
	{ key: 'xingfu', name: '幸福社区 · Xingfu Community', arm: 'project', region: '贵州省某县 · X County, Guizhou', shift: 0.1 },
	{ key: 'xincheng', name: '新城社区 · Xincheng Community', arm: 'project', region: '贵州省某县 · X County, Guizhou', shift: -0.15 },
	{ key: 'hexie', name: '和谐社区 · Hexie Community', arm: 'comparison', region: '贵州省某邻县 · Y County, Guizhou', shift: 0.05 },
	{ key: 'yangguang', name: '阳光社区 · Yangguang Community', arm: 'comparison', region: '贵州省某邻县 · Y County, Guizhou', shift: -0.1 }
];
const WAVES: (DemoWavePlan & { months: number })[] = [
	{ key: 'baseline', name: '基线调查 · Baseline', kind: 'baseline', order: 1, opensOn: '2025-03-01', closesOn: '2025-04-15', months: 0 },
	{
		key: 'month-6',
		name: '6个月随访 · 6-month follow-up',
		kind: 'follow-up',
		order: 2,
		opensOn: '2025-09-01',
		closesOn: '2025-10-15',
		months: 6
	},
	{
		key: 'month-12',
		name: '12个月随访 · 12-month follow-up',
		kind: 'follow-up',
		order: 3,
		opensOn: '2026-03-01',
		closesOn: '2026-04-15',
		months: 12
	}
];
const DEFAULT_SEED = 20240601;
const DEFAULT_RESPONDENTS = 600;
/** New residents recruited at each follow-up, as a share of the baseline sample. */
const REFRESHMENT_SHARE = 0.05;
const PARTIAL_SHARE = 0.03;
const ENGLISH_SHARE = 0.1;
// Residents aged 60+ are interviewed more often than the young use the kiosk alone: 30% overall.
const INTERVIEWER_SHARE_OLDER = 0.45;
const INTERVIEWER_SHARE_YOUNGER = 0.18;
/** Seconds per answered item: reading or listening, then tapping; an interviewer reads aloud. */
const SECONDS_PER_ITEM = { kiosk: [6, 10], interviewer: [12, 14] } as const;
const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

interface Respondent {
	panelCode: string;
	site: (typeof SITES)[number];
	stable: Traits;
	background: Background;
	/** Answers to instruments that do not change between waves (demographics), by plan index. */
	stableAnswers: (Answers | undefined)[];
	present: boolean;
}

/** The whole demo, deterministic for a seed. `instruments` are the library's validated instruments. */
export function planDemo(instruments: Instrument[], options: DemoOptions = {}): DemoPlan {
	const seed = options.seed ?? DEFAULT_SEED;
	const baseline = options.respondents ?? DEFAULT_RESPONDENTS;
	if (!Number.isInteger(baseline) || baseline < 1) throw new RangeError(`respondents must be a positive whole number, not ${baseline}`);
	// Separate streams, so that e.g. the item shifts do not move when the sample size changes.
	const people = createRandom(seed, 1);
	const fieldwork = createRandom(seed, 2);
	const answering = createRandom(seed, 3);
	const ids = createRandom(seed, 4);
	const itemShifts = createRandom(seed, 5);
	const plans = WAVE_INSTRUMENTS.flatMap((key) => instruments.filter((instrument) => instrument.key === key).slice(0, 1)).map(
		(instrument) => prepareInstrument(instrument, itemShifts)
	);
	const usedCodes = new Set<string>();
	const respondents: Respondent[] = [];
	const recruit = (count: number) => {
		for (let i = 0; i < count; i++) {
			let panelCode = generatePanelCode(people.next);
			while (usedCodes.has(panelCode)) panelCode = generatePanelCode(people.next);
			usedCodes.add(panelCode);
			const site = SITES[i % SITES.length] as (typeof SITES)[number];
			respondents.push({
				panelCode,
				site,
				stable: drawStableTraits(people),
				background: drawBackground(people),
				stableAnswers: [],
				present: true
			});
		}
	};

	recruit(baseline);
	const responses: DemoResponsePlan[] = [];
	for (const wave of WAVES) {
		if (wave.kind === 'follow-up') {
			for (const respondent of respondents) {
				if (respondent.present && !fieldwork.chance(retentionProbability(respondent.stable.wellbeing))) respondent.present = false;
			}
			recruit(Math.round(REFRESHMENT_SHARE * baseline));
		}
		for (const respondent of respondents) {
			if (respondent.present) planSession(respondent, wave, plans, { fieldwork, answering, ids }, responses);
		}
	}
	const sites = SITES.map(({ key, name, arm, region }) => ({ key, name, arm, region, targetPerWave: Math.round(baseline / SITES.length) }));
	const waves = WAVES.map(({ key, name, kind, order, opensOn, closesOn }) => ({ key, name, kind, order, opensOn, closesOn }));
	return { sites, waves, responses };
}

/** One visit: consent, then every instrument in order, back to back, on one day of the window. */
function planSession(
	respondent: Respondent,
	wave: (typeof WAVES)[number],
	plans: InstrumentPlan[],
	streams: { fieldwork: Random; answering: Random; ids: Random },
	out: DemoResponsePlan[]
): void {
	const { fieldwork, answering, ids } = streams;
	const { site, background } = respondent;
	const context = { siteShift: site.shift, ageBand: background.ageBand, arm: site.arm, monthsSinceBaseline: wave.months };
	const resident = { traits: traitsAtWave(respondent.stable, context, answering), background };
	const mode = fieldwork.chance(background.ageBand >= 4 ? INTERVIEWER_SHARE_OLDER : INTERVIEWER_SHARE_YOUNGER) ? 'interviewer' : 'kiosk';
	const language = fieldwork.chance(ENGLISH_SHARE) ? 'en' : 'zh-Hans';
	const [secondsBase, secondsSpread] = SECONDS_PER_ITEM[mode];
	let clock = sessionStart(wave, fieldwork);
	const consentAt = new Date(clock).toISOString();
	clock += 1000 * (10 + fieldwork.below(50));
	plans.forEach((plan, index) => {
		let answers: Answers;
		if (plan.stable) {
			const stored = respondent.stableAnswers[index] ?? answerInstrument(plan, resident, answering);
			respondent.stableAnswers[index] = stored;
			answers = { ...stored };
		} else {
			answers = answerInstrument(plan, resident, answering);
		}
		const partial = fieldwork.chance(PARTIAL_SHARE);
		if (partial) answers = truncateAnswers(answers, fieldwork);
		const startedAt = clock;
		clock += 1000 * Math.round(15 + Object.keys(answers).length * (secondsBase + fieldwork.next() * secondsSpread));
		out.push({
			id: seededUuid(ids),
			waveKey: wave.key,
			siteKey: site.key,
			panelCode: respondent.panelCode,
			instrumentKey: plan.instrument.key,
			mode,
			language,
			consentAt,
			startedAt: new Date(startedAt).toISOString(),
			completedAt: partial ? null : new Date(clock).toISOString(),
			status: partial ? 'partial' : 'complete',
			answers
		});
		clock += 1000 * (3 + fieldwork.below(20));
	});
}

/** A day of the window and a local (China, UTC+8) time between 08:30 and 17:30, in UTC milliseconds. */
function sessionStart(wave: DemoWavePlan, random: Random): number {
	const opens = Date.parse(`${wave.opensOn}T00:00:00Z`);
	const days = Math.round((Date.parse(`${wave.closesOn}T00:00:00Z`) - opens) / DAY_MS);
	const localMinutes = 8.5 * 60 + random.below(9 * 60);
	return opens + random.below(days + 1) * DAY_MS + localMinutes * 60_000 + random.below(60) * 1000 - CHINA_UTC_OFFSET_MS;
}
