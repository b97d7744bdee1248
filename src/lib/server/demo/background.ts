/**
 * Demo residents' background (the demographics instrument's answers): drawn once per resident and
 * answered the same way at every wave. Codes follow instruments/demographics.yaml; an item whose
 * key or codes do not match falls back to the generic answer in answers.ts.
 *
 * The mix is meant to look like a Guizhou resettlement site: many older residents (45% aged 60+),
 * a Miao / Han / Buyi majority with smaller Dong, Yi, Tujia, Shui and Gelao groups, little
 * schooling among the old, and few working-age men at home (more women answer).
 */
import type { AnswerValue } from '../../instruments/types';
import { poisson } from './model';
import type { Random } from './random';

export interface Background {
	gender: number;
	/** 1 = 18–29 … 5 = 70 or older. */
	ageBand: number;
	ethnicity: number;
	relocationYear: number;
	householdSize: number;
	language: number;
	education: number;
	employment: number;
	/** Free text for "another ethnic group" / "another language", when the resident wrote one. */
	ethnicityOther?: string;
	languageOther?: string;
}

type Weights = Record<number, number>;

const GENDER: Weights = { 1: 0.46, 2: 0.54 };
const AGE_BAND: Weights = { 1: 0.1, 2: 0.18, 3: 0.27, 4: 0.24, 5: 0.21 };
const ETHNICITY: Weights = { 1: 0.3, 2: 0.34, 3: 0.2, 4: 0.05, 5: 0.04, 6: 0.03, 7: 0.02, 8: 0.01, 9: 0.01 };
// Most households moved in during Guizhou's 2016–2020 relocation drive.
const RELOCATION_YEAR: Weights = {
	2014: 0.02,
	2015: 0.03,
	2016: 0.1,
	2017: 0.18,
	2018: 0.24,
	2019: 0.22,
	2020: 0.13,
	2021: 0.04,
	2022: 0.02,
	2023: 0.01,
	2024: 0.01
};
// Language most at ease with, by ethnic group: the group's own language or the local dialect.
const LANGUAGE_BY_ETHNICITY: Record<number, Weights> = {
	1: { 1: 0.15, 2: 0.83, 9: 0.02 },
	2: { 1: 0.05, 2: 0.4, 3: 0.55 },
	3: { 1: 0.05, 2: 0.5, 4: 0.45 },
	4: { 1: 0.05, 2: 0.45, 5: 0.5 },
	5: { 1: 0.05, 2: 0.45, 6: 0.5 }
};
const LANGUAGE_OTHER_GROUPS: Weights = { 1: 0.1, 2: 0.8, 9: 0.1 };
const EDUCATION_BY_AGE: Record<number, Weights> = {
	1: { 1: 0.02, 2: 0.03, 3: 0.1, 4: 0.45, 5: 0.28, 6: 0.12 },
	2: { 1: 0.05, 2: 0.1, 3: 0.2, 4: 0.45, 5: 0.15, 6: 0.05 },
	3: { 1: 0.15, 2: 0.25, 3: 0.25, 4: 0.28, 5: 0.06, 6: 0.01 },
	4: { 1: 0.35, 2: 0.3, 3: 0.2, 4: 0.13, 5: 0.02 },
	5: { 1: 0.6, 2: 0.25, 3: 0.1, 4: 0.05 }
};
const EMPLOYMENT_BY_AGE: Record<number, Weights> = {
	1: { 2: 0.25, 3: 0.02, 4: 0.1, 5: 0.25, 6: 0.05, 7: 0.08, 9: 0.02, 10: 0.08, 11: 0.15 },
	2: { 1: 0.02, 2: 0.3, 3: 0.07, 4: 0.15, 5: 0.2, 6: 0.08, 7: 0.12, 9: 0.01, 10: 0.05 },
	3: { 1: 0.1, 2: 0.2, 3: 0.15, 4: 0.2, 5: 0.08, 6: 0.05, 7: 0.15, 9: 0.02, 10: 0.05 },
	4: { 1: 0.2, 3: 0.15, 4: 0.1, 7: 0.25, 8: 0.28, 9: 0.02 },
	5: { 1: 0.1, 7: 0.2, 8: 0.68, 9: 0.02 }
};
const OTHER_ETHNIC_GROUPS = ['瑶族', '白族', '回族', '壮族', '毛南族'];
const OTHER_LANGUAGES = ['水话', '仡佬话', '土家话', '瑶话'];
/** Share of residents choosing "other" who also write in what it is. */
const WRITES_OTHER = 0.6;
const OTHER_CODE = 9;

/** One code drawn with the given weights (they need not sum to 1). */
export function weightedCode(weights: Weights, random: Random): number {
	const entries = Object.entries(weights);
	let total = 0;
	for (const [, weight] of entries) total += weight;
	let draw = random.next() * total;
	for (const [code, weight] of entries) {
		draw -= weight;
		if (draw < 0) return Number(code);
	}
	return Number(entries[entries.length - 1]?.[0]);
}

export function drawBackground(random: Random): Background {
	const ageBand = weightedCode(AGE_BAND, random);
	const ethnicity = weightedCode(ETHNICITY, random);
	// The young grew up with school Mandarin more often than their parents.
	const language =
		ageBand === 1 && random.chance(0.3) ? 1 : weightedCode(LANGUAGE_BY_ETHNICITY[ethnicity] ?? LANGUAGE_OTHER_GROUPS, random);
	const background: Background = {
		gender: weightedCode(GENDER, random),
		ageBand,
		ethnicity,
		relocationYear: weightedCode(RELOCATION_YEAR, random),
		householdSize: 1 + Math.min(19, poisson(ageBand >= 4 ? 2.2 : 2.9, random)),
		language,
		education: weightedCode(EDUCATION_BY_AGE[ageBand] as Weights, random),
		employment: weightedCode(EMPLOYMENT_BY_AGE[ageBand] as Weights, random)
	};
	if (ethnicity === OTHER_CODE && random.chance(WRITES_OTHER)) background.ethnicityOther = pick(OTHER_ETHNIC_GROUPS, random);
	if (language === OTHER_CODE && random.chance(WRITES_OTHER)) background.languageOther = pick(OTHER_LANGUAGES, random);
	return background;
}

/** How each demographics item is answered from the background; `undefined` leaves it unanswered. */
export const BACKGROUND_ANSWERS: Record<string, (background: Background) => AnswerValue | undefined> = {
	dem_gender: (b) => b.gender,
	dem_age: (b) => b.ageBand,
	dem_eth: (b) => b.ethnicity,
	dem_eth_other: (b) => b.ethnicityOther,
	dem_reloc_year: (b) => b.relocationYear,
	dem_hh_size: (b) => b.householdSize,
	dem_lang: (b) => b.language,
	dem_lang_other: (b) => b.languageOther,
	dem_edu: (b) => b.education,
	dem_emp: (b) => b.employment
};

function pick<T>(values: readonly T[], random: Random): T {
	return values[random.below(values.length)] as T;
}
