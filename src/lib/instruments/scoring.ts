/**
 * Scale scoring for one response, as `shared/DESIGN.md` defines it
 * ("Statistics — exact definitions"). Pure and isomorphic: no I/O, no dependencies.
 */
import type { AnswerValue, Answers, Band, Instrument, Item, Scale, ScaleScore } from './types';

/** Absorbs floating-point error in the minimum-share rule, so 4 of 5 answered meets 0.8. */
const SHARE_TOLERANCE = 1e-9;

/**
 * Scores every scale of the instrument for one response. `relevant` is the set of item keys that
 * were relevant (items skipped by relevance are structural skips).
 */
export function scoreResponse(instrument: Instrument, answers: Answers, relevant: ReadonlySet<string>): ScaleScore[] {
	return instrument.scales.map((scale) => scoreScale(instrument, scale, answers, relevant));
}

export function scoreScale(instrument: Instrument, scale: Scale, answers: Answers, relevant: ReadonlySet<string>): ScaleScore {
	const reversed = reverseItems(instrument, scale);
	let relevantItems = 0;
	const values: number[] = [];
	for (const key of scale.items) {
		if (!relevant.has(key)) continue;
		relevantItems++;
		const item = findItem(instrument, scale, key);
		const value = itemValue(instrument, item, answerOf(answers, key));
		if (value === undefined) continue;
		values.push(reversed.has(key) ? reverseCode(instrument, scale, key, value) : value);
	}
	const answeredItems = values.length;
	const base = {
		scaleKey: scale.key,
		relevantItems,
		answeredItems,
		prorated: answeredItems < scale.items.length
	};
	const raw = meetsMinimum(answeredItems, relevantItems, scale.minAnswered) ? finiteOrNull(rawMetric(scale, values)) : null;
	if (raw === null) return { ...base, score: null, raw: null, band: null };
	const { transform } = scale;
	const score = transform ? finiteOrNull(raw * transform.multiply + transform.add) : raw;
	return { ...base, score, raw, band: bandFor(scale.bands, raw) };
}

/** Band key for a raw value, or null (no band matches / no bands). */
export function bandFor(bands: Band[], raw: number): string | null {
	return bands.find((band) => bandContains(band, raw))?.key ?? null;
}

/** Effective reverse set of a scale: scale.reverse ∪ items of the scale marked reverse. */
export function reverseItems(instrument: Instrument, scale: Scale): Set<string> {
	const reversed = new Set(scale.reverse);
	for (const key of scale.items) {
		if (instrument.items.find((item) => item.key === key)?.reverse) reversed.add(key);
	}
	return reversed;
}

/**
 * [min, max] used for reverse coding an item: min/max of the non-missing option codes of its
 * response scale, or item.min/item.max for number items; undefined when not defined.
 * A `multi` item is scored as the number of options selected, so its range is
 * [0, number of non-missing options] rather than the range of its codes.
 */
export function itemRange(instrument: Instrument, itemKey: string): [number, number] | undefined {
	const item = instrument.items.find((candidate) => candidate.key === itemKey);
	if (!item) return undefined;
	if (item.type === 'number') {
		return item.min !== undefined && item.max !== undefined ? [item.min, item.max] : undefined;
	}
	const codes = scaleOptions(instrument, item)
		.filter((option) => !option.missing)
		.map((option) => option.code);
	if (codes.length === 0) return undefined;
	if (item.type === 'multi') return [0, codes.length];
	return [Math.min(...codes), Math.max(...codes)];
}

/** Enough of the relevant items answered; never true with none relevant or none answered. */
function meetsMinimum(answered: number, relevant: number, minAnswered: number): boolean {
	return relevant > 0 && answered > 0 && answered + SHARE_TOLERANCE >= minAnswered * relevant;
}

/** Mean of the answered values, or for `sum` scales the prorated sum `mean × k`. */
function rawMetric(scale: Scale, values: number[]): number {
	const mean = values.reduce((total, value) => total + value, 0) / values.length;
	return scale.method === 'sum' ? mean * scale.items.length : mean;
}

/**
 * Scored value of one relevant item, or undefined when it counts as not answered:
 * absent, a "don't know / refused" code, an empty or all-missing `multi` selection,
 * or an answer of the wrong shape (a string, or an array for a single-valued item).
 */
function itemValue(instrument: Instrument, item: Item, answer: AnswerValue | undefined): number | undefined {
	if (item.type === 'multi') {
		if (!Array.isArray(answer)) return undefined;
		const missing = missingCodes(instrument, item);
		const chosen = new Set(answer.filter((code) => Number.isFinite(code) && !missing.has(code)));
		return chosen.size > 0 ? chosen.size : undefined;
	}
	if (typeof answer !== 'number' || !Number.isFinite(answer)) return undefined;
	return missingCodes(instrument, item).has(answer) ? undefined : answer;
}

function reverseCode(instrument: Instrument, scale: Scale, key: string, value: number): number {
	const range = itemRange(instrument, key);
	if (!range) {
		throw new Error(`scale '${scale.key}': reversed item '${key}' has no min/max to reverse`);
	}
	return range[0] + range[1] - value;
}

function bandContains(band: Band, raw: number): boolean {
	const aboveMin = band.min === undefined || (band.minExclusive ? raw > band.min : raw >= band.min);
	const belowMax = band.max === undefined || (band.maxExclusive ? raw < band.max : raw <= band.max);
	return aboveMin && belowMax;
}

function findItem(instrument: Instrument, scale: Scale, key: string): Item {
	const item = instrument.items.find((candidate) => candidate.key === key);
	if (!item) throw new Error(`scale '${scale.key}' refers to unknown item '${key}'`);
	return item;
}

function scaleOptions(instrument: Instrument, item: Item) {
	return instrument.responseScales.find((scale) => scale.key === item.scale)?.options ?? [];
}

function missingCodes(instrument: Instrument, item: Item): Set<number> {
	return new Set(
		scaleOptions(instrument, item)
			.filter((option) => option.missing)
			.map((option) => option.code)
	);
}

/** Own keys only: an item keyed e.g. `constructor` must not read `Object.prototype`. */
function answerOf(answers: Answers, key: string): AnswerValue | undefined {
	return Object.hasOwn(answers, key) ? answers[key] : undefined;
}

function finiteOrNull(value: number): number | null {
	return Number.isFinite(value) ? value : null;
}
