import type { LocalizedText } from './instruments/types';

/** The text in `locale`, else in the first language it has; instrument text is never machine-filled. */
export function localized(text: LocalizedText | undefined, locale: string): string {
	if (!text) return '';
	return text[locale] ?? Object.values(text)[0] ?? '';
}

/** Native names of languages, shown on language buttons in their own script. */
export const LANGUAGE_NAMES: Record<string, string> = {
	'zh-Hans': '简体中文',
	en: 'English'
};
