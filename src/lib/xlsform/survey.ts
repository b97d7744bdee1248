/**
 * First pass over the `survey` sheet: each row's type and name, the groups around it, and the
 * structural mistakes — missing or repeated names, `end_group` without `begin_group`, groups left
 * open, repeats and types Anju does not have.
 */
import { bodyRows, cell, plainColumn, type Column } from './columns';
import type { IssueList } from './issues';
import type { Sheet, SheetRow } from './sheets';
import { classifyType, type SurveyType } from './types';

export interface Group {
	kind: 'group' | 'repeat';
	name: string;
	row: SheetRow;
}

export interface SurveyEntry {
	row: SheetRow;
	/** The type cell as written. */
	typeText: string;
	type: SurveyType;
	name: string;
	/** Enclosing groups, outermost first. */
	groups: Group[];
}

export interface Survey {
	entries: SurveyEntry[];
	/** Every begin_group (with its name), in order. */
	groups: Group[];
	/** Row of each name. */
	names: Map<string, number>;
}

/** Reads the survey rows; `typeColumn` and `nameColumn` must exist. */
export function readSurvey(sheet: Sheet, columns: Column[], issues: IssueList): Survey {
	const typeColumn = plainColumn(columns, 'type') as Column;
	const nameColumn = plainColumn(columns, 'name') as Column;
	const entries: SurveyEntry[] = [];
	const groups: Group[] = [];
	const names = new Map<string, number>();
	const stack: Group[] = [];
	const at = (row: SheetRow, message: string) => issues.error(sheet.name, row.row, message);

	for (const row of bodyRows(sheet)) {
		const typeText = cell(row, typeColumn);
		const name = cell(row, nameColumn);
		if (typeText === '') {
			if (name !== '') at(row, `'${name}' has no type`);
			else issues.warning(sheet.name, row.row, 'the row has no type and is left out');
			continue;
		}
		const type = classifyType(typeText);
		if (type.kind === 'end_group' || type.kind === 'end_repeat') {
			const open = stack.pop();
			const wanted = type.kind === 'end_group' ? 'group' : 'repeat';
			if (!open) at(row, `${typeText} without a matching begin_${wanted}`);
			else if (open.kind !== wanted) at(row, `${typeText} closes the ${open.kind} '${open.name}' opened on row ${open.row.row}`);
			continue;
		}
		if (name === '') {
			at(row, `a '${typeText}' row needs a name`);
			continue;
		}
		const earlier = names.get(name);
		if (earlier !== undefined) at(row, `name '${name}' is already used on row ${earlier}`);
		names.set(name, row.row);
		if (type.kind === 'begin_group' || type.kind === 'begin_repeat') {
			const group: Group = { kind: type.kind === 'begin_group' ? 'group' : 'repeat', name, row };
			if (group.kind === 'repeat') at(row, `repeat '${name}' is not supported: Anju asks each question once per response`);
			else groups.push(group);
			stack.push(group);
			continue;
		}
		if (type.kind === 'unsupported') at(row, `type '${typeText}' of '${name}' is not supported: ${type.reason}`);
		if (type.kind === 'metadata') issues.warning(sheet.name, row.row, `'${name}' (${typeText}) is left out: ${type.reason}`);
		entries.push({ row, typeText, type, name, groups: [...stack] });
	}
	for (const open of stack) at(open.row, `begin_${open.kind} '${open.name}' is never closed with end_${open.kind}`);
	return { entries, groups, names };
}
