/**
 * The demo project's generative model: latent traits per resident and wave, the programme effect,
 * attrition, and the ordered-probit mapping from a latent value to an answer code. Pure.
 * MODEL.md (same folder) is the readable version; keep the two in step.
 *
 * Traits (latent, SD 1 in the population): social, heritageCulture, townLife, wellbeing,
 * distress, identity, participation. A resident has a stable part z drawn once:
 *   g ~ N(0, 1) shared "general adjustment" factor;  e_k ~ N(0, 1) independent
 *   z_k = √0.3·g + √0.7·e_k            for every trait except distress (pairwise r = 0.3)
 *   z_distress = −0.5·z_wellbeing + √0.75·e_distress         (r = −0.5 with well-being)
 * At each wave a fresh occasion deviation o (same structure, drawn anew) is mixed in, so the
 * latent wave-to-wave correlation is 0.85² ≈ 0.72 and the variance stays 1:
 *   trait_k(wave) = site_k + age_k + 0.85·z_k + √(1 − 0.85²)·o_k + effect_k(arm) · months / 12
 * site_k = √0.3 · siteShift (a fixed community level, −0.15 … +0.1, in every trait but distress,
 * which gets −0.5× the well-being shift); age_k = −0.15·(ageBand − 3) for townLife and
 * +0.15·(ageBand − 3) for heritageCulture (older residents keep more of village life).
 *
 * Effects at 12 months in latent SD (6 months = half; baseline = 0), the differences the dashboard
 * should find:
 *   trait          project  comparison  difference-in-differences
 *   identity        +0.50     +0.10        +0.40
 *   participation   +0.50     +0.10        +0.40   (also drives the behaviour counts)
 *   wellbeing       +0.20      0           +0.20
 *   distress        −0.10      0           −0.10   (follows its −0.5 link to well-being)
 *   townLife        +0.15     +0.15         0
 *   social, heritageCulture  0   0          0
 *
 * Attrition: a resident present at wave w − 1 is present at wave w with probability
 * logistic(logit(0.85) + 0.3·z_wellbeing) — 85% on average, so the lost have baseline
 * well-being ≈ 0.3 latent SD lower (mild: the attrition check should just notice it).
 *
 * Answers: y* = trait + N(0, 0.7²) is cut at K − 1 evenly spaced thresholds
 * τ_j = s·(centre + 2.2·(2j/K − 1)) + itemShift, s = √(1 + 0.7²), over the K non-missing codes in
 * ascending order, so the middle categories are the most used. `centre` (below) places each scale's typical answer;
 * itemShift ~ N(0, 0.2²) per item gives items different difficulty. Reverse items (item.reverse
 * or listed in a scale's reverse) get the mirrored code. Which trait drives an item: social-adaptation
 * → social; cultural-adaptation → heritageCulture, or townLife for a town_life scale; psychological
 * → wellbeing, or distress for the distress (K6) scale; community-identity → identity;
 * community-participation → participation (yes/no behaviours, counts, checklist, attitudes).
 */
import type { Instrument, Item } from '../../instruments/types';
import type { Random } from './random';

export const TRAITS = ['social', 'heritageCulture', 'townLife', 'wellbeing', 'distress', 'identity', 'participation'] as const;
export type Trait = (typeof TRAITS)[number];
export type Traits = Record<Trait, number>;
export type Arm = 'project' | 'comparison';

const GENERAL_LOADING = Math.sqrt(0.3);
const UNIQUE_LOADING = Math.sqrt(0.7);
const DISTRESS_ON_WELLBEING = -0.5;
const DISTRESS_UNIQUE = Math.sqrt(1 - DISTRESS_ON_WELLBEING ** 2);
const STABILITY = 0.85;
const OCCASION = Math.sqrt(1 - STABILITY ** 2);
const AGE_SLOPE: Partial<Traits> = { townLife: -0.15, heritageCulture: 0.15 };

/** Change by 12 months in latent SD, per arm; a wave `m` months after baseline gets `m / 12` of it. */
export const EFFECTS_AT_12_MONTHS: Record<Arm, Traits> = {
	project: { social: 0, heritageCulture: 0, townLife: 0.15, wellbeing: 0.2, distress: -0.1, identity: 0.5, participation: 0.5 },
	comparison: { social: 0, heritageCulture: 0, townLife: 0.15, wellbeing: 0, distress: 0, identity: 0.1, participation: 0.1 }
};

export const BASE_RETENTION = 0.85;
/** Log-odds of staying per latent SD of stable well-being. */
export const RETENTION_WELLBEING_SLOPE = 0.3;

export const ITEM_NOISE_SD = 0.7;
const LATENT_ANSWER_SD = Math.sqrt(1 + ITEM_NOISE_SD ** 2);
export const ITEM_SHIFT_SD = 0.2;
/** Thresholds spread over ±2.2·(K − 2)/K SD of y*: scale means have SD ≈ 0.9 on a 1–5 scale. */
const THRESHOLD_SPREAD = 2.2;

/**
 * Latent value (in SD of y*) at which an item's middle category sits: negative centres make
 * answers above the midpoint typical. Binary items (yes/no) use `binaryCentre` when given, a
 * base rate: centre 0.5 → about 31% "yes" (Φ(−0.5)).
 */
export const ANSWER_CENTRES: Record<Trait, { centre: number; binaryCentre?: number }> = {
	social: { centre: -0.2 },
	heritageCulture: { centre: -0.5 },
	townLife: { centre: 0 },
	wellbeing: { centre: -0.2 },
	distress: { centre: 1.0 },
	identity: { centre: -0.25 },
	participation: { centre: -0.3, binaryCentre: 0.5 }
};

/** Instruments whose answers a latent trait drives, and the trait for items no scale name claims. */
const INSTRUMENT_TRAITS: Record<string, Trait> = {
	'social-adaptation': 'social',
	'cultural-adaptation': 'heritageCulture',
	'psychological-adaptation': 'wellbeing',
	'community-identity': 'identity',
	'community-participation': 'participation'
};
const NAMED_TRAITS: [RegExp, Trait][] = [
	[/heritage/i, 'heritageCulture'],
	[/town|mainstream|host/i, 'townLife'],
	[/distress|k6|kessler/i, 'distress'],
	[/well-?being|who5|swls|satisf/i, 'wellbeing']
];

/** Draws the structured normals of one person or occasion (g, e_k and the distress link). */
function structuredNormals(random: Random): Traits {
	const general = random.normal();
	const loaded = () => GENERAL_LOADING * general + UNIQUE_LOADING * random.normal();
	const wellbeing = loaded();
	return {
		social: loaded(),
		heritageCulture: loaded(),
		townLife: loaded(),
		wellbeing,
		distress: DISTRESS_ON_WELLBEING * wellbeing + DISTRESS_UNIQUE * random.normal(),
		identity: loaded(),
		participation: loaded()
	};
}

/** A resident's stable standardized traits z. */
export function drawStableTraits(random: Random): Traits {
	return structuredNormals(random);
}

/** Traits of one resident at one wave: community level, age, stable part, occasion, effect. */
export function traitsAtWave(
	stable: Traits,
	context: { siteShift: number; ageBand: number; arm: Arm; monthsSinceBaseline: number },
	random: Random
): Traits {
	const occasion = structuredNormals(random);
	const effects = EFFECTS_AT_12_MONTHS[context.arm];
	const siteLevel = GENERAL_LOADING * context.siteShift;
	const traits = {} as Traits;
	for (const trait of TRAITS) {
		const level = trait === 'distress' ? DISTRESS_ON_WELLBEING * siteLevel : siteLevel;
		const age = (AGE_SLOPE[trait] ?? 0) * (context.ageBand - 3);
		traits[trait] =
			level + age + STABILITY * stable[trait] + OCCASION * occasion[trait] + (effects[trait] * context.monthsSinceBaseline) / 12;
	}
	return traits;
}

/** Probability that a resident present at one wave is present at the next. */
export function retentionProbability(stableWellbeing: number): number {
	const logit = Math.log(BASE_RETENTION / (1 - BASE_RETENTION)) + RETENTION_WELLBEING_SLOPE * stableWellbeing;
	return 1 / (1 + Math.exp(-logit));
}

/** Ascending thresholds cutting y* into `categories` ordered answers (see the header). */
export function answerThresholds(trait: Trait, categories: number, itemShift: number): Float64Array {
	const { centre, binaryCentre } = ANSWER_CENTRES[trait];
	const middle = (categories === 2 && binaryCentre !== undefined ? binaryCentre : centre) * LATENT_ANSWER_SD + itemShift;
	const thresholds = new Float64Array(categories - 1);
	for (let j = 1; j < categories; j++) thresholds[j - 1] = middle + THRESHOLD_SPREAD * LATENT_ANSWER_SD * ((2 * j) / categories - 1);
	return thresholds;
}

/** Index (0 = lowest code) of the category y* = latent + noise falls in. */
export function ordinalCategory(latent: number, thresholds: Float64Array, random: Random): number {
	const value = latent + ITEM_NOISE_SD * random.normal();
	let index = 0;
	while (index < thresholds.length && value > (thresholds[index] as number)) index++;
	return index;
}

/** A count with mean `mean · exp(0.8·trait − 0.32)` (the mean over a N(0,1) trait is `mean`), Poisson. */
export function traitCount(mean: number, trait: number, random: Random): number {
	return poisson(mean * Math.exp(0.8 * trait - 0.32), random);
}

/** Poisson draw: Knuth's product method for small means, a rounded normal above 30. */
export function poisson(mean: number, random: Random): number {
	if (mean <= 0) return 0;
	if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
	const limit = Math.exp(-mean);
	let count = 0;
	let product = random.next();
	while (product > limit) {
		count++;
		product *= random.next();
	}
	return count;
}

/**
 * The trait that drives an item: by the name of a scale (or section) that holds it — heritage,
 * town life, distress, well-being — else by instrument; `undefined` outside the trait instruments.
 */
export function traitForItem(instrument: Instrument, item: Item): Trait | undefined {
	const fallback = INSTRUMENT_TRAITS[instrument.key];
	if (!fallback) return undefined;
	const names = instrument.scales.filter((scale) => scale.items.includes(item.key)).map((scale) => scale.key);
	if (item.section) names.push(item.section);
	for (const name of names) {
		for (const [pattern, trait] of NAMED_TRAITS) if (pattern.test(name)) return trait;
	}
	return fallback;
}
