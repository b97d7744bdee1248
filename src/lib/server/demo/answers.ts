/**
 * Turns a demo resident (latent traits + background) into answers to one instrument, obeying the
 * instrument's own rules: codes from the item's response scale, numbers within bounds, relevance
 * and constraints evaluated by the expression module, required items always answered.
 *
 * Everything that depends only on the instrument (which trait drives an item, thresholds, parsed
 * expressions) is worked out once in `prepareInstrument`, because the benchmark plans ~1.7 million
 * answers and must not re-derive them per answer.
 */
import { evaluateCondition, parseExpression, type Expr } from '../../instruments/expression';
import type { AnswerValue, Answers, Instrument, Item, ResponseOption } from '../../instruments/types';
import { BACKGROUND_ANSWERS, type Background } from './background';
import { answerThresholds, ITEM_SHIFT_SD, ordinalCategory, traitCount, traitForItem, type Trait, type Traits } from './model';
import type { Random } from './random';

/** Share of non-required items left unanswered, and of choice answers given as "don't know". */
export const ITEM_NONRESPONSE = 0.03;
export const MISSING_CODE_SHARE = 0.01;
/** Share of optional free-text items that get an answer ("leave mostly unanswered"). */
const TEXT_ANSWERED = 0.05;
const GENERIC_TEXTS = ['还可以', '希望社区多组织活动', '没有什么要补充的'];
/** Chance that any one activity of a checklist is chosen, for an average resident. */
const MULTI_BASE_LOGIT = Math.log(0.25 / 0.75);
const MULTI_TRAIT_SLOPE = 0.9;
/** Mean counts (for an average resident) of the participation behaviour items, by item key. */
const COUNT_MEANS: Record<string, { mean: number; atLeast: number }> = {
	part_events: { mean: 3, atLeast: 0 },
	// Asked only of volunteers, so at least one hour.
	part_vol_hours: { mean: 12, atLeast: 1 }
};
const NONE_LABEL = /\bnone\b|nothing|都没有|以上都不/i;

export interface Resident {
	traits: Traits;
	background: Background;
}

interface ItemPlan {
	item: Item;
	relevance?: Expr;
	constraint?: Expr;
	trait?: Trait;
	/** Non-missing option codes, ascending (the order of the latent scale). */
	codes: number[];
	missingCodes: number[];
	thresholds?: Float64Array;
	reverse: boolean;
	noneCode?: number;
	/** Per-option selection log-odds offsets of a `multi` item (same order as `codes`). */
	optionShifts?: Float64Array;
	fromBackground?: (background: Background) => AnswerValue | undefined;
}

export interface InstrumentPlan {
	instrument: Instrument;
	items: ItemPlan[];
	/** No item is driven by a trait (demographics): answer once per resident, reuse at every wave. */
	stable: boolean;
}

/** Precomputes everything per item; `random` draws the item-specific shifts. */
export function prepareInstrument(instrument: Instrument, random: Random): InstrumentPlan {
	const items = instrument.items
		.filter((item) => item.type !== 'info')
		.map((item): ItemPlan => {
			const options = instrument.responseScales.find((scale) => scale.key === item.scale)?.options ?? [];
			// Only a checklist has a "none of these" option; elsewhere "None of the time" is a scale point.
			const none = item.type === 'multi' ? options.find((o) => !o.missing && isNone(o)) : undefined;
			const codes = options
				.filter((o) => !o.missing && o !== none)
				.map((o) => o.code)
				.sort((a, b) => a - b);
			const trait = traitForItem(instrument, item);
			return {
				item,
				relevance: item.relevance === undefined ? undefined : parseExpression(item.relevance),
				constraint: item.constraint === undefined ? undefined : parseExpression(item.constraint),
				trait,
				codes,
				missingCodes: options.filter((o) => o.missing).map((o) => o.code),
				thresholds: trait && codes.length > 1 ? answerThresholds(trait, codes.length, ITEM_SHIFT_SD * random.normal()) : undefined,
				reverse: item.reverse || instrument.scales.some((s) => s.reverse.includes(item.key)),
				noneCode: none?.code,
				optionShifts: item.type === 'multi' ? Float64Array.from(codes, () => 0.4 * random.normal()) : undefined,
				fromBackground: Object.hasOwn(BACKGROUND_ANSWERS, item.key) ? BACKGROUND_ANSWERS[item.key] : undefined
			};
		});
	return { instrument, items, stable: items.every((plan) => plan.trait === undefined) };
}

/** One complete response: every relevant item considered in order; only relevant items answered. */
export function answerInstrument(plan: InstrumentPlan, resident: Resident, random: Random): Answers {
	const answers: Answers = {};
	for (const itemPlan of plan.items) {
		if (itemPlan.relevance && !evaluateCondition(itemPlan.relevance, answers)) continue;
		if (!itemPlan.item.required && random.chance(ITEM_NONRESPONSE)) continue;
		const value = acceptableAnswer(itemPlan, resident, answers, random);
		if (value !== undefined) answers[itemPlan.item.key] = value;
	}
	return answers;
}

/** A partial response: the answers before a random point (at least one kept when there are any). */
export function truncateAnswers(answers: Answers, random: Random): Answers {
	const keys = Object.keys(answers);
	const kept = keys.length < 2 ? keys.length : 1 + random.below(keys.length - 1);
	const partial: Answers = {};
	for (const key of keys.slice(0, kept)) partial[key] = answers[key] as AnswerValue;
	return partial;
}

/** A drawn answer that meets the item's constraint; falls back to trying each option in turn. */
function acceptableAnswer(plan: ItemPlan, resident: Resident, answers: Answers, random: Random): AnswerValue | undefined {
	const value = drawAnswer(plan, resident, random);
	if (value === undefined || meetsConstraint(plan, answers, value)) return value;
	for (let attempt = 0; attempt < 5; attempt++) {
		const retry = drawAnswer(plan, resident, random);
		if (retry !== undefined && meetsConstraint(plan, answers, retry)) return retry;
	}
	const multi = plan.item.type === 'multi';
	const candidates: AnswerValue[] = multi ? plan.codes.map((code) => [code]) : [...plan.codes];
	if (plan.noneCode !== undefined) candidates.unshift([plan.noneCode]);
	const fallback = candidates.find((candidate) => meetsConstraint(plan, answers, candidate));
	if (fallback === undefined && plan.item.required)
		throw new Error(`demo: no answer to required item '${plan.item.key}' meets its constraint`);
	return fallback;
}

/** Evaluates the constraint with the answer in place, as the server will see it. */
function meetsConstraint(plan: ItemPlan, answers: Answers, value: AnswerValue): boolean {
	if (!plan.constraint) return true;
	answers[plan.item.key] = value;
	const holds = evaluateCondition(plan.constraint, answers);
	delete answers[plan.item.key];
	return holds;
}

function drawAnswer(plan: ItemPlan, resident: Resident, random: Random): AnswerValue | undefined {
	const { item } = plan;
	const latent = plan.trait ? resident.traits[plan.trait] : 0;
	if (plan.fromBackground) {
		const value = plan.fromBackground(resident.background);
		if (value !== undefined && fitsItem(plan, value))
			return isChoice(item) && random.chance(MISSING_CODE_SHARE) ? missingOr(plan, value, random) : value;
		if (value === undefined && item.type === 'text' && !item.required) return undefined;
	}
	switch (item.type) {
		case 'likert':
		case 'single': {
			if (plan.missingCodes.length > 0 && random.chance(MISSING_CODE_SHARE))
				return plan.missingCodes[random.below(plan.missingCodes.length)];
			const index = plan.thresholds ? ordinalCategory(latent, plan.thresholds, random) : random.below(plan.codes.length);
			return plan.codes[plan.reverse ? plan.codes.length - 1 - index : index];
		}
		case 'multi':
			return drawSelection(plan, latent, random);
		case 'number':
			return drawNumber(plan, latent, random);
		case 'text':
			if (!item.required && !random.chance(TEXT_ANSWERED)) return undefined;
			return GENERIC_TEXTS[random.below(GENERIC_TEXTS.length)]?.slice(0, item.maxLength ?? 2000);
		case 'date':
			return drawDate(item.minDate ?? '2015-01-01', item.maxDate ?? '2025-12-31', random);
		default:
			return undefined;
	}
}

/** Each option chosen independently, more often by residents high on the trait; "none" when nothing is. */
function drawSelection(plan: ItemPlan, latent: number, random: Random): number[] | undefined {
	const chosen: number[] = [];
	const shifts = plan.optionShifts as Float64Array;
	for (let i = 0; i < plan.codes.length; i++) {
		const logit = MULTI_BASE_LOGIT + (shifts[i] as number) + MULTI_TRAIT_SLOPE * latent;
		if (random.next() < 1 / (1 + Math.exp(-logit))) chosen.push(plan.codes[i] as number);
	}
	if (chosen.length > 0) return chosen;
	if (plan.noneCode !== undefined) return [plan.noneCode];
	return plan.codes.length > 0 ? [plan.codes[random.below(plan.codes.length)] as number] : undefined;
}

function drawNumber(plan: ItemPlan, latent: number, random: Random): number {
	const { item } = plan;
	const min = item.min ?? 0;
	const max = item.max ?? min + 20;
	const count = COUNT_MEANS[item.key];
	let value: number;
	if (count) value = Math.max(count.atLeast, traitCount(count.mean, latent, random));
	else if (plan.trait) value = traitCount(Math.max(1, (max - min) / 20), latent, random) + min;
	else value = min + random.next() * ((max - min) / 4);
	value = Math.min(max, Math.max(min, value));
	return item.integer ? Math.min(Math.floor(max), Math.max(Math.ceil(min), Math.round(value))) : value;
}

function drawDate(minDate: string, maxDate: string, random: Random): string {
	const from = Date.parse(`${minDate}T00:00:00Z`);
	const days = Math.floor((Date.parse(`${maxDate}T00:00:00Z`) - from) / 86_400_000);
	return new Date(from + random.below(days + 1) * 86_400_000).toISOString().slice(0, 10);
}

/** Whether a background value is a valid answer to this item as written (codes, bounds, length). */
function fitsItem(plan: ItemPlan, value: AnswerValue): boolean {
	const { item } = plan;
	if (isChoice(item)) return typeof value === 'number' && plan.codes.includes(value);
	if (item.type === 'number') {
		return (
			typeof value === 'number' &&
			(item.min === undefined || value >= item.min) &&
			(item.max === undefined || value <= item.max) &&
			(!item.integer || Number.isInteger(value))
		);
	}
	if (item.type === 'text') return typeof value === 'string' && value.trim() !== '' && [...value].length <= (item.maxLength ?? 2000);
	return false;
}

function missingOr(plan: ItemPlan, value: AnswerValue, random: Random): AnswerValue {
	return plan.missingCodes.length > 0 ? (plan.missingCodes[random.below(plan.missingCodes.length)] as number) : value;
}

function isChoice(item: Item): boolean {
	return item.type === 'likert' || item.type === 'single';
}

function isNone(option: ResponseOption): boolean {
	return Object.values(option.label).some((label) => NONE_LABEL.test(label));
}
