/**
 * The parts of one question the survey's second pass assembles: its section, `required`, the
 * constraint without its bounds, range parameters, and the small helpers they share.
 */
import type { ItemType } from '../instruments/types';
import type { Expr } from '../instruments/expression/parser';
import { extractBounds, type Bounds } from './bounds';
import type { BuildContext, BuiltForm } from './build';
import type { IssueList } from './issues';
import { toItemKey } from './names';
import type { SheetRow } from './sheets';
import type { Group, SurveyEntry } from './survey';
import { parseXPath, XPathError, type XNode } from './xpath';

/** An `and` of the parts, left to right; undefined when there are none. */
export function allOf(parts: Expr[]): Expr | undefined {
	return parts.reduce<Expr | undefined>((left, right) => (left ? { kind: 'and', left, right, column: 0 } : right), undefined);
}

export function translateOrSkip(source: string, translate: (source: string) => Expr | null): Expr | null | undefined {
	return source === '' ? undefined : translate(source);
}

export function words(text: string): string[] {
	return text.split(/\s+/).filter(Boolean);
}

export function addRow(map: Map<string, number[]>, key: string, row: number): void {
	map.set(key, [...(map.get(key) ?? []), row]);
}

/** A section for the group, made when its first question is seen. */
export function sectionMaker(ctx: BuildContext, form: BuiltForm): (group: Group) => string | undefined {
	const made = new Map<Group, string | undefined>();
	return (group) => {
		if (made.has(group)) return made.get(group);
		const key = toItemKey(group.name);
		const label = ctx.texts.read(ctx.sheet, ctx.columns, group.row, 'label');
		if (!key)
			ctx.issues.error(
				ctx.sheet,
				group.row.row,
				`group name '${group.name}' cannot become an Anju key (letters, digits and _, starting with a letter)`
			);
		else {
			if (!label) ctx.issues.warning(ctx.sheet, group.row.row, `group '${group.name}' has no label; its name is the section title`);
			form.sections.push({ key, title: label ?? Object.fromEntries(ctx.languages.map((tag) => [tag, group.name])) });
			form.sectionRows.push(group.row.row);
		}
		made.set(group, key);
		return key;
	};
}

/** `required`: yes/no (any spelling); an expression cannot be expressed in Anju and is reported. */
export function requiredOf(entry: SurveyEntry, text: string, issues: IssueList, sheet: string): boolean {
	const lower = text.trim().toLowerCase();
	if (['yes', 'true', 'true()'].includes(lower)) return true;
	if (['', 'no', 'false', 'false()'].includes(lower)) return false;
	issues.warning(
		sheet,
		entry.row.row,
		`required of '${entry.name}' is the condition '${text}'; Anju's required is yes or no, so the question is not required`
	);
	return false;
}

/** The constraint without the bounds Anju has fields for; a constraint that cannot be read is reported by `translate`. */
export function constraintOf(
	text: string,
	itemType: ItemType,
	translate: (source: XNode | string) => Expr | null
): { constraint?: Expr; bounds: Bounds } {
	if (text === '') return { bounds: {} };
	let node: XNode;
	try {
		node = parseXPath(text);
	} catch (error) {
		if (!(error instanceof XPathError)) throw error;
		translate(text);
		return { bounds: {} };
	}
	const { bounds, rest } = extractBounds(node, itemType);
	return { constraint: rest ? (translate(rest) ?? undefined) : undefined, bounds };
}

/** A range question's `start`, `end` and `step` parameters as min, max and integer. */
export function rangeOf(parameters: string, row: SheetRow, sheet: string, issues: IssueList): Bounds & { integer?: boolean } {
	const values: Record<string, number> = { start: 1, end: 10, step: 1 };
	for (const part of parameters.split(/[\s;,]+/).filter(Boolean)) {
		const [name = '', text = ''] = part.split('=');
		const number = Number(text);
		if (name in values && text !== '' && Number.isFinite(number)) values[name] = number;
		else issues.warning(sheet, row.row, `range parameter '${part}' is left out`);
	}
	const { start, end, step } = values as { start: number; end: number; step: number };
	return { min: Math.min(start, end), max: Math.max(start, end), ...([start, end, step].every(Number.isInteger) && { integer: true }) };
}
