import { describe, expect, it } from 'vitest';
import { checkSlug, orderLanguages, projectSettingsFromForm, readProjectForm, validateProjectSettings } from '$lib/project-settings';

function formOf(entries: [string, string][]): FormData {
	const form = new FormData();
	for (const [key, value] of entries) form.append(key, value);
	return form;
}

describe('project form', () => {
	it('reads what was typed, trimmed, with the slug in lowercase and every checked language', () => {
		const values = readProjectForm(
			formOf([
				['slug', ' Riverside-2025 '],
				['name', ' Riverside '],
				['description', ''],
				['languages', 'zh-Hans'],
				['languages', 'en'],
				['idleWarningSeconds', '120'],
				['idleResetSeconds', ' 30 ']
			])
		);
		expect(values).toEqual({
			slug: 'riverside-2025',
			name: 'Riverside',
			description: '',
			languages: ['zh-Hans', 'en'],
			idleWarningSeconds: '120',
			idleResetSeconds: '30'
		});
		expect(projectSettingsFromForm(values)).toEqual({
			name: 'Riverside',
			description: '',
			languages: ['zh-Hans', 'en'],
			idleWarningSeconds: 120,
			idleResetSeconds: 30
		});
	});

	it('turns blank or non-numeric seconds into invalid numbers rather than zero', () => {
		const settings = projectSettingsFromForm(
			readProjectForm(
				formOf([
					['name', 'X'],
					['languages', 'en'],
					['idleWarningSeconds', ''],
					['idleResetSeconds', 'abc']
				])
			)
		);
		expect(validateProjectSettings(settings)).toEqual({ idleWarningSeconds: 'range', idleResetSeconds: 'range' });
	});
});

describe('checkSlug', () => {
	it.each([
		['a', undefined],
		['riverside-2025', undefined],
		['', 'required'],
		['Riverside', 'format'],
		['river side', 'format'],
		['-river', 'format'],
		['river-', 'format'],
		['x'.repeat(40), undefined],
		['x'.repeat(41), 'too_long']
	])('%j → %s', (slug, expected) => {
		expect(checkSlug(slug)).toBe(expected);
	});
});

describe('orderLanguages', () => {
	it('puts languages in the library order, each once', () => {
		expect(orderLanguages(['en', 'zh-Hans', 'en'])).toEqual(['zh-Hans', 'en']);
	});
});
