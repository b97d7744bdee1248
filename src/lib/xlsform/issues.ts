/**
 * What the XLSForm import found: one line per problem, naming the sheet and the row. Errors refuse
 * the form (nothing is produced); warnings say what was left out or changed on the way in.
 */

export type IssueSeverity = 'error' | 'warning';

export interface XlsformIssue {
	severity: IssueSeverity;
	/** Sheet name as written in the workbook (`survey`, `CHOICES`), or `workbook` for the file as a whole. */
	sheet: string;
	/** 1-based spreadsheet row, when the issue is about one row. */
	row?: number;
	message: string;
}

/** `survey row 7: …`, `settings: …`. */
export function formatIssue(issue: XlsformIssue): string {
	return `${issue.sheet}${issue.row === undefined ? '' : ` row ${issue.row}`}: ${issue.message}`;
}

/** Collects issues in the order they are found. */
export class IssueList {
	readonly all: XlsformIssue[] = [];

	error(sheet: string, row: number | undefined, message: string): void {
		this.all.push({ severity: 'error', sheet, row, message });
	}

	warning(sheet: string, row: number | undefined, message: string): void {
		this.all.push({ severity: 'warning', sheet, row, message });
	}

	get hasErrors(): boolean {
		return this.all.some((issue) => issue.severity === 'error');
	}
}
