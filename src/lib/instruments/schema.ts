/**
 * Structural schema of an instrument file (zod). Cross-field rules — references between items,
 * scales and sections, languages, expressions — are in `validate.ts`.
 */
import { z } from 'zod';

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase letters, digits and _ starting with a letter');
const instrumentKey = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ and - starting with a letter');
const localized = z.record(z.string(), z.string().trim().min(1, 'must not be empty'));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const option = z.strictObject({
	code: finite,
	label: localized,
	icon: z
		.string()
		.regex(/^[a-z0-9-]+$/, 'must be an icon name like face-3')
		.optional(),
	missing: z.boolean().optional()
});

const responseScale = z.strictObject({
	key,
	options: z.array(option).min(1, 'needs at least one option')
});

const item = z.strictObject({
	key,
	type: z.enum(['likert', 'single', 'multi', 'number', 'text', 'date', 'info']),
	prompt: localized,
	hint: localized.optional(),
	scale: key.optional(),
	required: z.boolean().default(false),
	relevance: z.string().min(1).optional(),
	constraint: z.string().min(1).optional(),
	constraintMessage: localized.optional(),
	reverse: z.boolean().default(false),
	min: finite.optional(),
	max: finite.optional(),
	integer: z.boolean().optional(),
	minDate: isoDate.optional(),
	maxDate: isoDate.optional(),
	maxLength: z.number().int().positive().optional(),
	section: key.optional(),
	audio: z.record(z.string(), z.string().regex(/^audio\/[\w./-]+$/, 'must be a path under static/audio/')).optional()
});

const section = z.strictObject({ key, title: localized, intro: localized.optional() });

const band = z.strictObject({
	key,
	label: localized,
	min: finite.optional(),
	minExclusive: z.boolean().default(false),
	max: finite.optional(),
	maxExclusive: z.boolean().default(false)
});

const scale = z.strictObject({
	key,
	label: localized,
	description: localized.optional(),
	items: z.array(key).min(1, 'needs at least one item'),
	method: z.enum(['mean', 'sum']),
	reverse: z.array(key).default([]),
	minAnswered: z.number().gt(0, 'must be above 0').lte(1, 'is a share: at most 1').default(0.8),
	transform: z.strictObject({ multiply: finite.default(1), add: finite.default(0) }).optional(),
	higherIsBetter: z.boolean().default(true),
	bands: z.array(band).default([])
});

const publishedScale = z.strictObject({
	name: z.string().min(1),
	citation: z.string().min(1),
	terms: z.string().min(1),
	adaptation: z.string().optional()
});

export const instrumentSchema = z.strictObject({
	key: instrumentKey,
	version: z.string().regex(/^\d+(\.\d+){0,2}$/, "must look like '1', '1.2' or '1.2.3'"),
	languages: z.array(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 tag like zh-Hans')).min(1),
	title: localized,
	intro: localized.optional(),
	metadata: z.strictObject({
		construct: z.string().min(1),
		follows: z.array(publishedScale).default([]),
		licence: z.string().min(1),
		authors: z.array(z.string()).optional(),
		notes: z.string().optional()
	}),
	responseScales: z.array(responseScale).default([]),
	sections: z.array(section).default([]),
	items: z.array(item).min(1, 'needs at least one item'),
	scales: z.array(scale).default([])
});

export type ParsedInstrument = z.infer<typeof instrumentSchema>;

/** One validation problem: where (a path into the file) and what. */
export interface InstrumentIssue {
	path: (string | number)[];
	message: string;
}

/** Turns zod's issues into plain, field-level messages. */
export function describeZodIssues(error: z.ZodError): InstrumentIssue[] {
	return error.issues.flatMap((issue): InstrumentIssue[] => {
		const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
		if (issue.code === 'unrecognized_keys') {
			return issue.keys.map((k) => ({ path: [...path, k], message: `unknown field '${k}'` }));
		}
		if (issue.code === 'invalid_type') {
			const received = (issue as { input?: unknown }).input;
			if (received === undefined) return [{ path, message: 'is required' }];
			return [{ path, message: `must be ${article(issue.expected)}, not ${typeName(received)}` }];
		}
		if (issue.code === 'invalid_value' && 'values' in issue) {
			return [{ path, message: `must be one of ${issue.values.map((v) => `'${String(v)}'`).join(', ')}` }];
		}
		return [{ path, message: issue.message }];
	});
}

function article(expected: string): string {
	return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a map';
	return `${typeof value} ${JSON.stringify(value)}`;
}
