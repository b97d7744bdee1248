/**
 * Second pass over the survey: questions → items, groups → sections, choice lists → response
 * scales, and every expression translated (group relevance pushed down onto its questions,
 * `calculate`s written into the expressions that use them, bounds taken out of constraints).
 */
import type { ItemType, LocalizedText, ResponseScale } from '../instruments/types';
import type { Expr } from '../instruments/expression/parser';
import { formatExpression } from '../instruments/expression/format';
import { choiceCodes, toResponseScale, type ChoiceList } from './choices';
import { cell, plainColumn, type Column } from './columns';
import type { IssueList } from './issues';
import { toItemKey } from './names';
import type { SheetRow } from './sheets';
import type { Group, Survey, SurveyEntry } from './survey';
import { rowList, type TextReader } from './texts';
import { translateXPath, type NameTarget } from './translate';
import { parseXPath, XPathError, type XNode } from './xpath';
import { addRow, allOf, constraintOf, rangeOf, requiredOf, sectionMaker, translateOrSkip, words } from './question-parts';

export interface BuildContext {
	sheet: string;
	columns: Column[];
	texts: TextReader;
	issues: IssueList;
	lists: Map<string, ChoiceList>;
	choicesSheet: string;
	languages: string[];
}

export interface BuiltForm {
	items: Record<string, unknown>[];
	/** Survey row of each item, for validation messages. */
	itemRows: number[];
	sections: { key: string; title: LocalizedText }[];
	sectionRows: number[];
	responseScales: ResponseScale[];
	/** Choices row of each response scale's first choice. */
	scaleRows: number[];
	usedLists: Set<string>;
	itemKeys: Record<string, string>;
	choiceCodes: Record<string, Record<string, number>>;
}

type ItemTarget = Extract<NameTarget, { kind: 'item' }>;

export function buildForm(ctx: BuildContext, survey: Survey): BuiltForm {
	const { sheet, columns, texts, issues } = ctx;
	const column = (field: string) => plainColumn(columns, field);
	const value = (row: SheetRow, field: string) => cell(row, column(field));
	const form: BuiltForm = {
		items: [],
		itemRows: [],
		sections: [],
		sectionRows: [],
		responseScales: [],
		scaleRows: [],
		usedLists: new Set(),
		itemKeys: {},
		choiceCodes: {}
	};

	// Choice lists become response scales on first use.
	const usedOrder: string[] = [];
	const scales = new Map<string, { key: string; codes: Map<string, number> }>();
	const scaleFor = (list: string, row: SheetRow): { key: string; codes: Map<string, number> } | undefined => {
		const known = scales.get(list);
		if (known) return known;
		const choices = ctx.lists.get(list);
		if (!choices) {
			issues.error(sheet, row.row, `choice list '${list}' is not on the choices sheet`);
			return undefined;
		}
		const key = toItemKey(list);
		if (!key) {
			issues.error(
				ctx.choicesSheet,
				choices.choices[0]?.row,
				`list name '${list}' cannot become an Anju key (letters, digits and _, starting with a letter)`
			);
			return undefined;
		}
		const codes = choiceCodes(choices, ctx.choicesSheet, issues);
		form.usedLists.add(list);
		usedOrder.push(list);
		form.responseScales.push(toResponseScale(key, choices, codes, ctx.choicesSheet, issues));
		form.scaleRows.push(choices.choices[0]?.row ?? 1);
		scales.set(list, { key, codes });
		return { key, codes };
	};

	// What each name stands for in expressions.
	const targets = new Map<string, () => NameTarget>();
	const keyOwners = new Map<string, SurveyEntry>();
	const items = new Map<SurveyEntry, ItemTarget>();
	for (const group of survey.groups)
		targets.set(group.name, () => ({ kind: 'refused', reason: 'which is a group; expressions refer to questions' }));
	for (const entry of survey.entries) {
		const { type, name, row } = entry;
		if (type.kind === 'metadata') targets.set(name, () => ({ kind: 'refused', reason: `which is left out (${type.reason})` }));
		if (type.kind === 'unsupported')
			targets.set(name, () => ({ kind: 'refused', reason: `which is not imported (type '${entry.typeText}')` }));
		if (type.kind === 'calculate') targets.set(name, () => calculate(entry));
		if (type.kind !== 'question') continue;
		const key = toItemKey(name);
		const owner = key === undefined ? undefined : keyOwners.get(key);
		if (!key) issues.error(sheet, row.row, `name '${name}' cannot become an Anju key (letters, digits and _, starting with a letter)`);
		else if (owner?.name === name)
			continue; // the repeated name is reported by readSurvey
		else if (owner)
			issues.error(sheet, row.row, `name '${name}' becomes the key '${key}', as '${owner.name}' on row ${owner.row.row} does`);
		else {
			keyOwners.set(key, entry);
			if (key !== name) issues.warning(sheet, row.row, `name '${name}' becomes the key '${key}'`);
			const scale = type.list ? scaleFor(type.list, row) : undefined;
			const target: ItemTarget = { kind: 'item', name, key, list: type.list, codes: scale?.codes };
			items.set(entry, target);
			targets.set(name, () => target);
			continue;
		}
		targets.set(name, () => ({ kind: 'refused', reason: 'whose name cannot become an Anju key' }));
	}
	const resolve = (name: string): NameTarget =>
		targets.get(name)?.() ?? { kind: 'refused', reason: 'which is not a question of this form' };

	/** A cell's expression in Anju's language; null when it could not be translated (reported). */
	const translate = (source: XNode | string, row: SheetRow, field: string, self?: ItemTarget): Expr | null => {
		try {
			return translateXPath(typeof source === 'string' ? parseXPath(source) : source, { resolve, self });
		} catch (error) {
			if (!(error instanceof XPathError)) throw error;
			issues.error(sheet, row.row, `${field}: ${error.message}`);
			return null;
		}
	};

	// Calculates are translated when first referred to and written in place of the reference.
	const calculated = new Map<SurveyEntry, NameTarget | 'translating'>();
	const calculate = (entry: SurveyEntry): NameTarget => {
		const done = calculated.get(entry);
		if (done === 'translating') return { kind: 'refused', reason: 'which refers back to itself' };
		if (done) return done;
		calculated.set(entry, 'translating');
		const source = value(entry.row, 'calculation');
		if (source === '') issues.error(sheet, entry.row.row, `calculate '${entry.name}' has no calculation`);
		const expr = source === '' ? null : translate(source, entry.row, `calculation of '${entry.name}'`);
		const target: NameTarget = expr
			? { kind: 'inline', expr }
			: { kind: 'refused', reason: `which could not be translated (row ${entry.row.row})` };
		calculated.set(entry, target);
		return target;
	};

	// Group relevance, translated once per group and pushed down onto every question inside.
	const groupRelevance = new Map<Group, Expr | null | undefined>();
	const relevanceOf = (group: Group): Expr | null | undefined => {
		if (!groupRelevance.has(group)) {
			const source = value(group.row, 'relevant');
			groupRelevance.set(group, source === '' ? undefined : translate(source, group.row, 'relevant'));
		}
		return groupRelevance.get(group);
	};
	const sectionOf = sectionMaker(ctx, form);

	const appearances = new Map<string, number[]>();
	for (const group of survey.groups) for (const a of words(value(group.row, 'appearance'))) addRow(appearances, a, group.row.row);

	for (const entry of survey.entries) {
		const target = items.get(entry);
		if (entry.type.kind !== 'question' || !target) continue;
		const { row } = entry;
		const type = entry.type;
		const appearance = words(value(row, 'appearance'));
		const itemType: ItemType = type.itemType === 'single' && appearance.includes('likert') ? 'likert' : type.itemType;
		for (const a of appearance) if (!(a === 'likert' && itemType === 'likert')) addRow(appearances, a, row.row);
		if (type.note) issues.warning(sheet, row.row, `'${entry.name}' becomes a text question; ${type.note}`);
		if (value(row, 'choice_filter') !== '')
			issues.error(sheet, row.row, `choice_filter of '${entry.name}' is not supported: Anju shows every choice of a list`);

		const prompt = texts.read(sheet, columns, row, 'label');
		if (!prompt) issues.error(sheet, row.row, `'${entry.name}' has no label`);
		const hint = texts.read(sheet, columns, row, 'hint');
		for (const [field, text] of [
			['label', prompt],
			['hint', hint]
		] as const) {
			const shown = Object.values(text ?? {})
				.join(' ')
				.match(/\$\{[^}]*\}/g);
			if (shown)
				issues.warning(
					sheet,
					row.row,
					`the ${field} of '${entry.name}' shows ${[...new Set(shown)].join(', ')}, which Anju does not fill in; it is shown as written`
				);
		}

		const relevance = [...entry.groups.map(relevanceOf), translateOrSkip(value(row, 'relevant'), (s) => translate(s, row, 'relevant'))];
		const { constraint, bounds } = constraintOf(value(row, 'constraint'), itemType, (source) =>
			translate(source, row, 'constraint', target)
		);
		const message = texts.read(sheet, columns, row, 'constraint_message');
		if (message && !constraint)
			issues.warning(
				sheet,
				row.row,
				`constraint_message of '${entry.name}' is left out: ${value(row, 'constraint') ? 'the constraint became bounds that Anju explains itself' : 'there is no constraint'}`
			);

		const item: Record<string, unknown> = { key: target.key, type: itemType };
		const section = entry.groups.length > 0 ? sectionOf(entry.groups[entry.groups.length - 1] as Group) : undefined;
		if (section) item.section = section;
		if (type.list) item.scale = scales.get(type.list)?.key;
		if (requiredOf(entry, value(row, 'required'), issues, sheet)) item.required = true;
		const condition = relevance.includes(null) ? undefined : allOf(relevance.filter((r): r is Expr => !!r));
		if (condition) item.relevance = formatExpression(condition);
		if (constraint) item.constraint = formatExpression(constraint);
		if (constraint && message) item.constraintMessage = message;
		Object.assign(
			item,
			bounds,
			type.integer ? { integer: true } : {},
			type.range ? rangeOf(value(row, 'parameters'), row, sheet, issues) : {}
		);
		if (!type.range && value(row, 'parameters') !== '')
			issues.warning(sheet, row.row, `parameters of '${entry.name}' are left out (Anju uses them for range questions only)`);
		if (prompt) item.prompt = prompt;
		if (hint) item.hint = hint;
		form.items.push(item);
		form.itemRows.push(row.row);
		form.itemKeys[entry.name] = target.key;
		if (target.codes) form.choiceCodes[target.key] = Object.fromEntries(target.codes);
	}

	for (const entry of survey.entries) {
		if (entry.type.kind !== 'calculate') continue;
		const wasUsed = calculated.has(entry);
		if (calculate(entry).kind !== 'inline') continue;
		issues.warning(
			sheet,
			entry.row.row,
			wasUsed
				? `calculate '${entry.name}' has no answer in Anju; its calculation is written into the expressions that use it`
				: `calculate '${entry.name}' is left out: no expression uses it`
		);
	}
	for (const group of survey.groups) {
		if (!form.sectionRows.includes(group.row.row))
			issues.warning(sheet, group.row.row, `group '${group.name}' has no questions of its own and does not become a section`);
	}
	// Response scales in the order of the choices sheet, as the form's author listed them.
	const listOrder = [...ctx.lists.keys()];
	const order = form.responseScales
		.map((_, i) => i)
		.sort((a, b) => listOrder.indexOf(usedOrder[a] as string) - listOrder.indexOf(usedOrder[b] as string));
	form.responseScales = order.map((i) => form.responseScales[i] as ResponseScale);
	form.scaleRows = order.map((i) => form.scaleRows[i] as number);
	for (const [appearance, rows] of appearances)
		issues.warning(sheet, undefined, `appearance '${appearance}' is left out (Anju does not use it): ${rowList(rows)}`);
	return form;
}
