/**
 * The settings of a project and their validation: pure, so the server validates with it and the
 * forms take their limits from it.
 */

/** Languages a project can offer to respondents (those the instrument library is written in). */
export const RESPONDENT_LANGUAGES = ['zh-Hans', 'en'] as const;

/** Seconds without a touch before a kiosk warns that it will start over. */
export const IDLE_WARNING = { min: 30, max: 600, default: 90 } as const;
/** Seconds the warning stays before the kiosk resets: WCAG 2.2.1 asks for at least 20 to respond. */
export const IDLE_RESET = { min: 20, max: 600, default: 30 } as const;

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const SLUG_MAX = 40;
/** Lowercase letters, digits and inner hyphens: the slug is part of every project URL. */
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export interface ProjectSettings {
	name: string;
	description: string;
	languages: string[];
	idleWarningSeconds: number;
	idleResetSeconds: number;
}

export type ProjectField = keyof ProjectSettings | 'slug';
export type ProjectErrorCode = 'required' | 'too_long' | 'format' | 'taken' | 'range';
export type ProjectErrors = Partial<Record<ProjectField, ProjectErrorCode>>;

/** A slug's problem, if it has one (whether it is taken is for the database to say). */
export function checkSlug(slug: string): ProjectErrorCode | undefined {
	if (slug === '') return 'required';
	if (slug.length > SLUG_MAX) return 'too_long';
	return SLUG_PATTERN.test(slug) ? undefined : 'format';
}

function inRange(value: number, range: { min: number; max: number }): boolean {
	return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/** Every problem of the settings at once, keyed by field; empty when they are valid. */
export function validateProjectSettings(settings: ProjectSettings): ProjectErrors {
	const errors: ProjectErrors = {};
	const name = settings.name.trim();
	if (name === '') errors.name = 'required';
	else if (name.length > NAME_MAX) errors.name = 'too_long';
	if (settings.description.length > DESCRIPTION_MAX) errors.description = 'too_long';
	if (settings.languages.length === 0) errors.languages = 'required';
	else if (settings.languages.some((l) => !(RESPONDENT_LANGUAGES as readonly string[]).includes(l))) errors.languages = 'format';
	if (!inRange(settings.idleWarningSeconds, IDLE_WARNING)) errors.idleWarningSeconds = 'range';
	if (!inRange(settings.idleResetSeconds, IDLE_RESET)) errors.idleResetSeconds = 'range';
	return errors;
}

/** Valid languages in the library's order, each once. */
export function orderLanguages(languages: string[]): string[] {
	return RESPONDENT_LANGUAGES.filter((l) => languages.includes(l));
}

/** A project form as the user typed it, echoed back when it has errors. */
export interface ProjectFormValues {
	slug: string;
	name: string;
	description: string;
	languages: string[];
	idleWarningSeconds: string;
	idleResetSeconds: string;
}

export function readProjectForm(form: FormData): ProjectFormValues {
	const text = (key: string) => String(form.get(key) ?? '').trim();
	return {
		slug: text('slug').toLowerCase(),
		name: text('name'),
		description: text('description'),
		languages: form.getAll('languages').map(String),
		idleWarningSeconds: text('idleWarningSeconds'),
		idleResetSeconds: text('idleResetSeconds')
	};
}

/** The settings a form asks for; a blank or non-numeric number becomes NaN and fails validation. */
export function projectSettingsFromForm(values: ProjectFormValues): ProjectSettings {
	const number = (text: string) => (text === '' ? NaN : Number(text));
	return {
		name: values.name,
		description: values.description,
		languages: values.languages,
		idleWarningSeconds: number(values.idleWarningSeconds),
		idleResetSeconds: number(values.idleResetSeconds)
	};
}
