/**
 * Instrument types: the in-memory shape of one instrument file after validation.
 * Pure and isomorphic — imported by the server, the player and the scoring code.
 */

/** A BCP 47 language tag used by instruments and the UI, e.g. `zh-Hans`, `en`, `hmn`. */
export type LanguageTag = string;

/** Text in several languages: `{ zh-Hans: '…', en: '…' }`. Every instrument language must be present. */
export type LocalizedText = Record<LanguageTag, string>;

export type ItemType = 'likert' | 'single' | 'multi' | 'number' | 'text' | 'date' | 'info';

/** Item types whose answer is chosen from a response scale. */
export const CHOICE_TYPES: readonly ItemType[] = ['likert', 'single', 'multi'];

export interface ResponseOption {
	/** Numeric code stored in the database and exports. */
	code: number;
	label: LocalizedText;
	/** Name of a pictorial icon (`static/icons/<icon>.svg`) shown on the answer button. */
	icon?: string;
	/** "Don't know / refused": stored as answered, scored as missing. */
	missing?: boolean;
}

export interface ResponseScale {
	key: string;
	options: ResponseOption[];
}

export interface Item {
	key: string;
	type: ItemType;
	prompt: LocalizedText;
	/** Optional hint shown under the prompt. */
	hint?: LocalizedText;
	/** Response scale key, for `likert`, `single` and `multi` items. */
	scale?: string;
	/** A complete response must answer every relevant required item. */
	required: boolean;
	/** Expression; when it is false the item is skipped (structurally missing). */
	relevance?: string;
	/** Expression that must be true for the answer to be accepted (`.` is not used; refer to the item itself by `${key}`). */
	constraint?: string;
	constraintMessage?: LocalizedText;
	/** Negatively worded: reverse-coded (`min + max − x`) in every scale that contains it. */
	reverse: boolean;
	/** Bounds for `number` items (inclusive); `date` items use ISO dates in `minDate`/`maxDate`. */
	min?: number;
	max?: number;
	/** `number` items: only whole numbers accepted. */
	integer?: boolean;
	minDate?: string;
	maxDate?: string;
	/** `text` items: maximum length in characters (default 2000). */
	maxLength?: number;
	/** Section key the item belongs to. */
	section?: string;
	/** Recorded prompt per language, a path under `static/audio/`. */
	audio?: Partial<LocalizedText>;
}

export interface Section {
	key: string;
	title: LocalizedText;
	intro?: LocalizedText;
}

export interface Band {
	key: string;
	label: LocalizedText;
	/** Lower bound on the raw metric; inclusive unless `minExclusive`. Absent: no lower bound. */
	min?: number;
	minExclusive: boolean;
	/** Upper bound on the raw metric; inclusive unless `maxExclusive`. Absent: no upper bound. */
	max?: number;
	maxExclusive: boolean;
}

export type ScoringMethod = 'mean' | 'sum';

export interface Scale {
	key: string;
	label: LocalizedText;
	description?: LocalizedText;
	items: string[];
	method: ScoringMethod;
	/** Item keys reverse-coded in this scale (in addition to items marked `reverse: true`). */
	reverse: string[];
	/** Minimum share (0–1] of relevant items answered for a score; default 0.8. */
	minAnswered: number;
	/** Applied after mean / prorated sum: `score = raw × multiply + add`. */
	transform?: { multiply: number; add: number };
	higherIsBetter: boolean;
	/** Threshold bands on the raw metric (before `transform`), in ascending order. */
	bands: Band[];
}

export interface PublishedScale {
	name: string;
	citation: string;
	terms: string;
	/** How this instrument departs from the published one (wording, answer format, referent). */
	adaptation?: string;
}

export interface InstrumentMetadata {
	construct: string;
	follows: PublishedScale[];
	/** Licence of Anju's own wording. */
	licence: string;
	authors?: string[];
	notes?: string;
}

export interface Instrument {
	key: string;
	version: string;
	languages: LanguageTag[];
	title: LocalizedText;
	intro?: LocalizedText;
	metadata: InstrumentMetadata;
	responseScales: ResponseScale[];
	sections: Section[];
	items: Item[];
	scales: Scale[];
}

/**
 * One answer value as the player sends it and the server stores it:
 * choice and number items → number; multi → array of codes; text and date → string.
 */
export type AnswerValue = number | number[] | string;

/** Answers of one response keyed by item key; an absent key is unanswered. */
export type Answers = Record<string, AnswerValue>;

/** One scale's score for one response. */
export interface ScaleScore {
	scaleKey: string;
	/** Final score after transform; `null` when too few items were answered. */
	score: number | null;
	/** Raw metric (mean or prorated sum) before transform; bands are defined on it. */
	raw: number | null;
	/** Items of the scale that were relevant (structural skips excluded). */
	relevantItems: number;
	/** Relevant items answered with a non-missing code. */
	answeredItems: number;
	/** Computed from fewer items than the scale has (structural skips included). */
	prorated: boolean;
	/** Key of the band the raw metric falls in, if the scale has bands. */
	band: string | null;
}
