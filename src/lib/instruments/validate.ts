/**
 * Validates a parsed instrument document: structure (zod), then the rules that span fields —
 * unique keys, references to response scales, sections and items, every text in every language,
 * bounds, bands and expressions. Pure: the file loader adds file names and line numbers.
 */
import { CHOICE_TYPES, type Instrument, type ItemType } from './types';
import { describeZodIssues, instrumentSchema, type InstrumentIssue, type ParsedInstrument } from './schema';
import { ExpressionError, checkExpression, parseExpression, referencedItems } from './expression';

export type { InstrumentIssue } from './schema';

export type ValidationResult = { ok: true; instrument: Instrument } | { ok: false; issues: InstrumentIssue[] };

/** Validates raw data (e.g. parsed YAML) as an instrument; issues come in document order. */
export function validateInstrument(raw: unknown): ValidationResult {
	const parsed = instrumentSchema.safeParse(raw, { reportInput: true });
	if (!parsed.success) {
		// Report the cross-field problems too, so that one run of `instruments check` shows every
		// error — except those inside a field that is already broken.
		const structural = describeZodIssues(parsed.error);
		const broken = structural.map((i) => formatKey(i.path));
		const listMissing = structural.some((i) => i.path.length === 0 || (i.path.length === 1 && LISTS.has(String(i.path[0]))));
		const crossField = listMissing
			? []
			: bestEffortCrossFieldIssues(raw).filter((i) => !broken.some((b) => formatKey(i.path).startsWith(b)));
		return { ok: false, issues: [...structural, ...crossField] };
	}
	const issues = crossFieldIssues(parsed.data);
	if (issues.length > 0) return { ok: false, issues };
	return { ok: true, instrument: parsed.data as Instrument };
}

type Path = (string | number)[];

/** Top-level lists the cross-field rules refer across; without one of them those rules say nothing useful. */
const LISTS = new Set(['responseScales', 'sections', 'items', 'scales', 'languages']);

function formatKey(path: Path): string {
	return path.map((p) => `${p}/`).join('');
}

/** Cross-field checks on a document that failed the schema: missing lists and flags take their defaults; anything stranger is skipped. */
function bestEffortCrossFieldIssues(raw: unknown): InstrumentIssue[] {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
	const doc = structuredClone(raw) as Record<string, unknown>;
	const list = (value: unknown): Record<string, unknown>[] =>
		Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object') : [];
	for (const field of ['responseScales', 'sections', 'items', 'scales', 'languages'])
		doc[field] = Array.isArray(doc[field]) ? doc[field] : [];
	for (const rs of list(doc.responseScales)) rs.options = list(rs.options);
	for (const item of list(doc.items)) {
		item.required ??= false;
		item.reverse ??= false;
	}
	for (const scale of list(doc.scales)) {
		scale.items = Array.isArray(scale.items) ? scale.items : [];
		scale.reverse = Array.isArray(scale.reverse) ? scale.reverse : [];
		scale.bands = list(scale.bands);
	}
	try {
		return crossFieldIssues(doc as unknown as ParsedInstrument);
	} catch {
		return [];
	}
}

function crossFieldIssues(doc: ParsedInstrument): InstrumentIssue[] {
	const issues: InstrumentIssue[] = [];
	const report = (path: Path, message: string) => issues.push({ path, message });

	checkLanguages(doc, report);
	const scaleKeys = uniqueKeys(doc.responseScales, ['responseScales'], 'response scale', report);
	const sectionKeys = uniqueKeys(doc.sections, ['sections'], 'section', report);
	uniqueKeys(doc.items, ['items'], 'item', report);
	uniqueKeys(doc.scales, ['scales'], 'scale', report);

	doc.responseScales.forEach((rs, i) => {
		const seen = new Set<number>();
		rs.options.forEach((o, j) => {
			if (seen.has(o.code))
				report(['responseScales', i, 'options', j, 'code'], `code ${o.code} is used twice in response scale '${rs.key}'`);
			seen.add(o.code);
		});
		if (!rs.options.some((o) => !o.missing))
			report(['responseScales', i, 'options'], 'needs at least one option that is not a missing code');
	});

	// All item types up front, so a reference to a later item is told apart from an unknown one.
	const itemTypes: Record<string, ItemType> = Object.fromEntries(doc.items.map((item) => [item.key, item.type]));
	const askedBefore = new Set<string>();
	doc.items.forEach((item, i) => {
		const at = (field: string): Path => ['items', i, field];
		const isChoice = CHOICE_TYPES.includes(item.type);
		if (isChoice && !item.scale) report(at('scale'), `a ${item.type} item needs a response scale`);
		if (!isChoice && item.scale) report(at('scale'), `a ${item.type} item has no response scale`);
		if (item.scale && !scaleKeys.has(item.scale)) report(at('scale'), `response scale '${item.scale}' is not defined`);
		if (item.section && !sectionKeys.has(item.section)) report(at('section'), `section '${item.section}' is not defined`);
		if (item.type === 'info' && item.required) report(at('required'), 'an info item cannot be required');
		if (item.min !== undefined && item.max !== undefined && item.min > item.max)
			report(at('min'), `min ${item.min} is above max ${item.max}`);
		if ((item.min !== undefined || item.max !== undefined || item.integer) && item.type !== 'number')
			report(at(item.integer ? 'integer' : 'min'), 'min, max and integer apply to number items only');
		if ((item.minDate || item.maxDate) && item.type !== 'date') report(at('minDate'), 'minDate and maxDate apply to date items only');
		if (item.maxLength !== undefined && item.type !== 'text') report(at('maxLength'), 'maxLength applies to text items only');
		if (item.reverse && !['likert', 'single', 'number'].includes(item.type))
			report(at('reverse'), `a ${item.type} item cannot be reverse-coded`);
		if (item.reverse && item.type === 'number' && (item.min === undefined || item.max === undefined))
			report(at('reverse'), 'a reverse-coded number item needs min and max');
		if (item.constraintMessage && !item.constraint) report(at('constraintMessage'), 'constraintMessage without a constraint');

		if (item.relevance) checkItemExpression(item.relevance, at('relevance'), itemTypes, askedBefore, report);
		askedBefore.add(item.key);
		if (item.constraint) checkItemExpression(item.constraint, at('constraint'), itemTypes, askedBefore, report);
	});

	doc.scales.forEach((scale, i) => checkScale(doc, scale, i, itemTypes, report));
	return issues;
}

function checkItemExpression(
	source: string,
	path: Path,
	itemTypes: Record<string, ItemType>,
	known: Set<string>,
	report: (path: Path, message: string) => void
) {
	try {
		const expr = parseExpression(source);
		const earlier = Object.fromEntries(Object.entries(itemTypes).filter(([k]) => known.has(k)));
		for (const issue of checkExpression(expr, earlier)) {
			const ref = referencedItems(expr).find((k) => itemTypes[k] && !known.has(k));
			report(
				path,
				ref && issue.message.includes(`'${ref}'`) ? `${issue.message} (an item may only refer to items asked before it)` : issue.message
			);
		}
	} catch (error) {
		if (error instanceof ExpressionError) report(path, error.message);
		else throw error;
	}
}

function checkScale(
	doc: ParsedInstrument,
	scale: ParsedInstrument['scales'][number],
	i: number,
	itemTypes: Record<string, ItemType>,
	report: (path: Path, message: string) => void
) {
	const seen = new Set<string>();
	scale.items.forEach((key, j) => {
		const type = itemTypes[key];
		if (!type) report(['scales', i, 'items', j], `item '${key}' is not defined`);
		else if (!['likert', 'single', 'number', 'multi'].includes(type)) report(['scales', i, 'items', j], `a ${type} item cannot be scored`);
		if (seen.has(key)) report(['scales', i, 'items', j], `item '${key}' is listed twice`);
		seen.add(key);
	});
	scale.reverse.forEach((key, j) => {
		if (!scale.items.includes(key)) report(['scales', i, 'reverse', j], `reverse item '${key}' is not one of the scale's items`);
		const item = doc.items.find((it) => it.key === key);
		if (item && item.type === 'number' && (item.min === undefined || item.max === undefined))
			report(['scales', i, 'reverse', j], `number item '${key}' needs min and max to be reversed`);
		if (item && item.type === 'multi') report(['scales', i, 'reverse', j], `multi item '${key}' cannot be reversed`);
	});
	uniqueKeys(scale.bands, ['scales', i, 'bands'], 'band', report);
	scale.bands.forEach((band, j) => {
		if (band.min !== undefined && band.max !== undefined && band.min > band.max)
			report(['scales', i, 'bands', j, 'min'], `min ${band.min} is above max ${band.max}`);
		const next = scale.bands[j + 1];
		if (next && band.max === undefined) report(['scales', i, 'bands', j, 'max'], 'only the last band may be open above');
		if (next && next.min === undefined) report(['scales', i, 'bands', j + 1, 'min'], 'only the first band may be open below');
		if (next && band.max !== undefined && next.min !== undefined) {
			const overlap = next.min < band.max || (next.min === band.max && !band.maxExclusive && !next.minExclusive);
			if (overlap)
				report(
					['scales', i, 'bands', j + 1, 'min'],
					`band '${next.key}' overlaps band '${band.key}'; bands must be ascending (use minExclusive or maxExclusive on a shared bound)`
				);
		}
	});
}

function uniqueKeys(list: { key: string }[], path: Path, what: string, report: (path: Path, message: string) => void): Set<string> {
	const keys = new Set<string>();
	list.forEach((entry, i) => {
		if (keys.has(entry.key)) report([...path, i, 'key'], `${what} '${entry.key}' is defined twice`);
		keys.add(entry.key);
	});
	return keys;
}

/** Every localized text must have exactly the instrument's languages. */
function checkLanguages(doc: ParsedInstrument, report: (path: Path, message: string) => void) {
	const languages = new Set(doc.languages);
	const visit = (value: unknown, path: Path) => {
		if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, i]));
		if (!value || typeof value !== 'object') return;
		for (const [field, child] of Object.entries(value)) {
			if (LOCALIZED_FIELDS.has(field) && child && typeof child === 'object') {
				const present = Object.keys(child);
				for (const lang of languages) if (!present.includes(lang)) report([...path, field], `missing the '${lang}' text`);
				for (const lang of present)
					if (!languages.has(lang)) report([...path, field, lang], `language '${lang}' is not in the instrument's languages`);
			} else visit(child, [...path, field]);
		}
	};
	visit(doc, []);
}

/** Fields holding localized text; `audio` is per-language but may cover only some languages. */
const LOCALIZED_FIELDS = new Set(['title', 'intro', 'prompt', 'hint', 'label', 'description', 'constraintMessage']);
