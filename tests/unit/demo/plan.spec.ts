import { describe, it, expect } from 'vitest';
import { evaluateCondition, parseExpression } from '$lib/instruments/expression';
import { effectiveAnswers, relevantItemKeys } from '$lib/instruments/relevance';
import type { AnswerValue, Answers, Instrument, Item } from '$lib/instruments/types';
import { isValidPanelCode } from '$lib/panel-code';
import { planDemo, WAVE_INSTRUMENTS, type DemoPlan, type DemoResponsePlan } from '$lib/server/demo/plan';
import { loadInstruments } from '../../fixtures/load-instruments';

const instruments = loadInstruments();
const byKey = new Map(instruments.map((instrument) => [instrument.key, instrument]));
const plan = planDemo(instruments);
const WAVE_KEYS = plan.waves.map((wave) => wave.key);

/** Panel codes seen at each wave, in wave order. */
function codesByWave(demo: DemoPlan): Set<string>[] {
	return demo.waves.map((wave) => new Set(demo.responses.filter((r) => r.waveKey === wave.key).map((r) => r.panelCode)));
}

/** Why one answer breaks the instrument's rules, or undefined: an independent re-statement of the validation rules. */
function answerProblem(instrument: Instrument, item: Item, value: AnswerValue): string | undefined {
	const options = instrument.responseScales.find((scale) => scale.key === item.scale)?.options.map((o) => o.code) ?? [];
	switch (item.type) {
		case 'likert':
		case 'single':
			return typeof value === 'number' && options.includes(value) ? undefined : `code ${String(value)} not in [${options}]`;
		case 'multi':
			if (!Array.isArray(value) || value.length === 0) return 'empty selection';
			if (new Set(value).size !== value.length) return 'code listed twice';
			return value.every((code) => options.includes(code)) ? undefined : `codes ${value} not all in [${options}]`;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
			if (item.integer && !Number.isInteger(value)) return 'not whole';
			if ((item.min !== undefined && value < item.min) || (item.max !== undefined && value > item.max)) return `${value} out of bounds`;
			return undefined;
		case 'text':
			return typeof value === 'string' && value.trim() !== '' && [...value].length <= (item.maxLength ?? 2000) ? undefined : 'bad text';
		case 'date':
			if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'not a date';
			return (item.minDate && value < item.minDate) || (item.maxDate && value > item.maxDate) ? 'date out of range' : undefined;
		default:
			return 'info items take no answer';
	}
}

function responseProblems(response: DemoResponsePlan): string[] {
	const instrument = byKey.get(response.instrumentKey) as Instrument;
	const problems: string[] = [];
	const relevant = relevantItemKeys(instrument, response.answers);
	const visible = effectiveAnswers(instrument, response.answers);
	const items = new Map(instrument.items.map((item) => [item.key, item]));
	for (const [key, value] of Object.entries(response.answers)) {
		const item = items.get(key);
		if (!item) problems.push(`${key}: unknown item`);
		else if (!relevant.has(key)) problems.push(`${key}: answered but not relevant`);
		else {
			const problem = answerProblem(instrument, item, value);
			if (problem) problems.push(`${key}: ${problem}`);
			else if (item.constraint && !evaluateCondition(parseExpression(item.constraint), visible)) problems.push(`${key}: breaks constraint`);
		}
	}
	if (response.status === 'complete') {
		for (const item of instrument.items) {
			if (item.required && relevant.has(item.key) && !Object.hasOwn(response.answers, item.key))
				problems.push(`${item.key}: required, unanswered`);
		}
	}
	return problems.map((problem) => `${response.id} ${response.instrumentKey} ${problem}`);
}

/** Mean item code of the identity instrument's items (reverse items recoded, missing codes left out). */
function identityItemMean(responses: DemoResponsePlan[]): number {
	const instrument = byKey.get('community-identity') as Instrument;
	let sum = 0;
	let count = 0;
	for (const response of responses) {
		for (const item of instrument.items) {
			const value = response.answers[item.key];
			if (typeof value !== 'number' || value < 1 || value > 5) continue;
			sum += item.reverse ? 6 - value : value;
			count++;
		}
	}
	return sum / count;
}

describe('planDemo', () => {
	it('is deterministic for a seed and differs between seeds', () => {
		expect(planDemo(instruments, { respondents: 80 })).toEqual(planDemo(instruments, { respondents: 80 }));
		const other = planDemo(instruments, { respondents: 80, seed: 7 });
		const again = planDemo(instruments, { respondents: 80 });
		expect(other.responses[0]?.id).not.toBe(again.responses[0]?.id);
		expect(other.responses.map((r) => r.answers)).not.toEqual(again.responses.map((r) => r.answers));
	});

	it('plans 4 sites (2 per arm) and 3 ordered waves with ISO windows', () => {
		expect(plan.sites).toHaveLength(4);
		expect(plan.sites.filter((site) => site.arm === 'project')).toHaveLength(2);
		expect(plan.sites.every((site) => site.targetPerWave === 150)).toBe(true);
		expect(plan.waves.map((wave) => [wave.kind, wave.order])).toEqual([
			['baseline', 1],
			['follow-up', 2],
			['follow-up', 3]
		]);
		for (const wave of plan.waves) expect(wave.opensOn < wave.closesOn).toBe(true);
	});

	it('interviews the baseline sample evenly, loses about 15% per wave and adds refreshment respondents', () => {
		const [baseline, second, third] = codesByWave(plan) as [Set<string>, Set<string>, Set<string>];
		expect(baseline.size).toBe(600);
		for (const site of plan.sites) {
			const codes = new Set(plan.responses.filter((r) => r.waveKey === 'baseline' && r.siteKey === site.key).map((r) => r.panelCode));
			expect(codes.size).toBe(150);
		}
		const panelAt2 = [...second].filter((code) => baseline.has(code));
		const panelAt3 = [...third].filter((code) => baseline.has(code));
		expect(1 - panelAt2.length / baseline.size).toBeGreaterThan(0.1);
		expect(1 - panelAt2.length / baseline.size).toBeLessThan(0.2);
		expect(1 - panelAt3.length / panelAt2.length).toBeGreaterThan(0.1);
		expect(1 - panelAt3.length / panelAt2.length).toBeLessThan(0.2);
		// Attrition is monotone: nobody lost at 6 months comes back at 12.
		expect(panelAt3.every((code) => second.has(code))).toBe(true);
		expect([...second].filter((code) => !baseline.has(code))).toHaveLength(30);
		expect([...third].filter((code) => !baseline.has(code) && !second.has(code))).toHaveLength(30);
	});

	it('gives every respondent a valid, unique panel code, one site, and every instrument at each visit', () => {
		const sites = new Map<string, string>();
		const perVisit = new Map<string, string[]>();
		for (const response of plan.responses) {
			expect(isValidPanelCode(response.panelCode)).toBe(true);
			expect(sites.get(response.panelCode) ?? response.siteKey).toBe(response.siteKey);
			sites.set(response.panelCode, response.siteKey);
			const visit = `${response.panelCode}|${response.waveKey}`;
			perVisit.set(visit, [...(perVisit.get(visit) ?? []), response.instrumentKey]);
		}
		for (const keys of perVisit.values()) expect(keys).toEqual(WAVE_INSTRUMENTS);
		const ids = plan.responses.map((r) => r.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it('asks only the instruments it is given, in the wave order', () => {
		const some = instruments.filter((i) => i.key === 'community-participation' || i.key === 'demographics');
		const small = planDemo(some, { respondents: 8 });
		expect(small.responses.slice(0, 2).map((r) => r.instrumentKey)).toEqual(['demographics', 'community-participation']);
	});

	it('answers every response validly: codes, bounds, relevance, constraints, required items', () => {
		const problems = plan.responses.flatMap(responseProblems);
		expect(problems.slice(0, 10)).toEqual([]);
	});

	it('stamps consent, start and completion in order inside the wave window', () => {
		const windows = new Map(plan.waves.map((wave) => [wave.key, wave]));
		for (const response of plan.responses) {
			const wave = windows.get(response.waveKey);
			expect(response.consentAt <= response.startedAt).toBe(true);
			expect(response.consentAt.slice(0, 10) >= (wave?.opensOn ?? '')).toBe(true);
			const end = response.completedAt ?? response.startedAt;
			expect(response.startedAt <= end).toBe(true);
			expect(end.slice(0, 10) <= (wave?.closesOn ?? '')).toBe(true);
			expect(response.completedAt === null).toBe(response.status === 'partial');
		}
	});

	it('mixes modes, languages and partial responses in the documented shares', () => {
		const share = (test: (r: DemoResponsePlan) => boolean) => plan.responses.filter(test).length / plan.responses.length;
		expect(share((r) => r.mode === 'kiosk')).toBeCloseTo(0.7, 1);
		expect(share((r) => r.language === 'en')).toBeCloseTo(0.1, 1);
		expect(share((r) => r.status === 'partial')).toBeGreaterThan(0.015);
		expect(share((r) => r.status === 'partial')).toBeLessThan(0.05);
		expect(share((r) => Object.keys(r.answers).length === 0)).toBe(0);
	});

	it("keeps a resident's demographics the same at every wave", () => {
		const first = new Map<string, Answers>();
		let compared = 0;
		for (const response of plan.responses) {
			if (response.instrumentKey !== 'demographics' || response.status !== 'complete') continue;
			const earlier = first.get(response.panelCode);
			if (earlier) {
				expect(response.answers).toEqual(earlier);
				compared++;
			} else first.set(response.panelCode, response.answers);
		}
		expect(compared).toBeGreaterThan(500);
	});

	it('builds in the programme effect: identity items rise more in project than in comparison sites', () => {
		const arm = new Map(plan.sites.map((site) => [site.key, site.arm]));
		const mean = (armKey: string, waveKey: string) =>
			identityItemMean(
				plan.responses.filter((r) => r.instrumentKey === 'community-identity' && r.waveKey === waveKey && arm.get(r.siteKey) === armKey)
			);
		const change = (armKey: string) => mean(armKey, WAVE_KEYS[2] as string) - mean(armKey, WAVE_KEYS[0] as string);
		expect(change('project')).toBeGreaterThan(0.2);
		expect(change('project') - change('comparison')).toBeGreaterThan(0.15);
	});

	it('plans 10,000 baseline respondents in well under 15 seconds', () => {
		const started = performance.now();
		const large = planDemo(instruments, { respondents: 10_000 });
		const seconds = (performance.now() - started) / 1000;
		const answers = large.responses.reduce((sum, r) => sum + Object.keys(r.answers).length, 0);
		expect(seconds).toBeLessThan(15);
		expect(answers).toBeGreaterThan(1_500_000);
	}, 60_000);
});
