/**
 * The `choices` sheet → Anju response scales. Anju stores numeric codes: a list whose names are all
 * numbers keeps them (`1.0` → 1); any other list is coded 1, 2, 3 … in sheet order, and the import
 * says so with the mapping, which the KoboToolbox CSV import uses to read that form's answers.
 */
import type { LocalizedText, ResponseScale } from '../instruments/types';
import { cell, plainColumn, type Column } from './columns';
import type { IssueList } from './issues';
import { numericText, type Sheet } from './sheets';
import { bodyRows } from './columns';
import type { TextReader } from './texts';

export interface Choice {
	row: number;
	name: string;
	label?: LocalizedText;
}

export interface ChoiceList {
	/** `list_name` as written. */
	name: string;
	choices: Choice[];
}

/** Every list of the choices sheet, in order of first appearance. */
export function readChoiceLists(sheet: Sheet, columns: Column[], texts: TextReader, issues: IssueList): Map<string, ChoiceList> {
	const lists = new Map<string, ChoiceList>();
	const rows = bodyRows(sheet);
	const listColumn = plainColumn(columns, 'list_name');
	const nameColumn = plainColumn(columns, 'name');
	if (rows.length > 0 && (!listColumn || !nameColumn)) {
		issues.error(sheet.name, 1, `the choices sheet needs a '${listColumn ? 'name' : 'list_name'}' column`);
		return lists;
	}
	for (const row of rows) {
		const listName = cell(row, listColumn);
		const name = cell(row, nameColumn);
		const label = texts.read(sheet.name, columns, row, 'label');
		if (listName === '' && name === '' && !label) continue;
		if (listName === '') {
			issues.error(sheet.name, row.row, `choice '${name || '(no name)'}' has no list_name`);
			continue;
		}
		if (name === '') {
			issues.error(sheet.name, row.row, `a choice of list '${listName}' has no name`);
			continue;
		}
		const list = lists.get(listName) ?? { name: listName, choices: [] };
		lists.set(listName, list);
		const twin = list.choices.find((c) => c.name === name);
		if (twin) issues.error(sheet.name, row.row, `choice '${name}' is already in list '${listName}' (row ${twin.row})`);
		else list.choices.push({ row: row.row, name, label });
	}
	return lists;
}

/** The response code of each choice name; reports a list recoded because its names are not numbers. */
export function choiceCodes(list: ChoiceList, sheetName: string, issues: IssueList): Map<string, number> {
	const numeric = list.choices.map((c) => numericText(c.name));
	const codes = new Map<string, number>();
	if (numeric.every((n) => n !== undefined)) {
		list.choices.forEach((choice, i) => {
			const code = Number(numeric[i]);
			const twin = list.choices.find((c, j) => j < i && Number(numeric[j]) === code);
			if (twin)
				issues.error(
					sheetName,
					choice.row,
					`choices '${twin.name}' (row ${twin.row}) and '${choice.name}' of list '${list.name}' are both code ${code}`
				);
			codes.set(choice.name, code);
		});
		return codes;
	}
	list.choices.forEach((choice, i) => codes.set(choice.name, i + 1));
	const mapping = list.choices.map((c, i) => `${c.name} = ${i + 1}`).join(', ');
	issues.warning(sheetName, list.choices[0]?.row, `list '${list.name}' has names that are not numbers; Anju stores the codes ${mapping}`);
	return codes;
}

/** The list as a response scale; every choice needs a label. */
export function toResponseScale(
	key: string,
	list: ChoiceList,
	codes: Map<string, number>,
	sheetName: string,
	issues: IssueList
): ResponseScale {
	const options = list.choices.flatMap((choice) => {
		if (!choice.label) {
			issues.error(sheetName, choice.row, `choice '${choice.name}' of list '${list.name}' has no label`);
			return [];
		}
		return [{ code: codes.get(choice.name) as number, label: choice.label }];
	});
	return { key, options };
}
