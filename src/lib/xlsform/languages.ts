/**
 * Languages of XLSForm columns (`label::English (en)`, `label:english`, `LABEL::EN`) as BCP 47 tags.
 * A code in parentheses wins; a bare code is taken as it is; a few common language names are
 * known; anything else is refused rather than guessed.
 */

const NAMES: Record<string, string> = {
	english: 'en',
	chinese: 'zh',
	'simplified chinese': 'zh-Hans',
	'traditional chinese': 'zh-Hant',
	中文: 'zh',
	简体中文: 'zh-Hans',
	繁體中文: 'zh-Hant',
	french: 'fr',
	français: 'fr',
	spanish: 'es',
	español: 'es',
	portuguese: 'pt',
	arabic: 'ar',
	russian: 'ru',
	german: 'de',
	italian: 'it',
	japanese: 'ja',
	korean: 'ko',
	vietnamese: 'vi',
	thai: 'th',
	burmese: 'my',
	indonesian: 'id',
	hindi: 'hi',
	bengali: 'bn',
	urdu: 'ur',
	nepali: 'ne',
	swahili: 'sw',
	amharic: 'am',
	hausa: 'ha',
	somali: 'so',
	turkish: 'tr',
	persian: 'fa',
	farsi: 'fa',
	pashto: 'ps',
	mongolian: 'mn',
	tibetan: 'bo',
	uyghur: 'ug',
	hmong: 'hmn'
};

const TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/** `zh-hans` → `zh-Hans`, `EN` → `en`, `pt-br` → `pt-BR`. */
export function canonicalTag(tag: string): string {
	return tag
		.split('-')
		.map((part, i) => {
			if (i === 0) return part.toLowerCase();
			if (part.length === 4 && /^[a-z]+$/i.test(part)) return part[0]!.toUpperCase() + part.slice(1).toLowerCase();
			if (part.length === 2 || /^\d{3}$/.test(part)) return part.toUpperCase();
			return part.toLowerCase();
		})
		.join('-');
}

/** The BCP 47 tag a column's language part names, or undefined when it cannot be told. */
export function languageTag(spec: string): string | undefined {
	const text = spec.trim();
	const code = /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim();
	if (code !== undefined) return TAG.test(code) ? canonicalTag(code) : undefined;
	if (TAG.test(text) && text.split('-')[0]!.length <= 3) return canonicalTag(text);
	return NAMES[text.toLowerCase()];
}

/** English names for the tags Anju writes back into XLSForm headers (`label::English (en)`). */
const DISPLAY: Record<string, string> = {
	en: 'English',
	zh: 'Chinese',
	'zh-Hans': 'Chinese',
	'zh-Hant': 'Chinese',
	fr: 'French',
	es: 'Spanish',
	hmn: 'Hmong'
};

/** `English (en)`: a language part both people and `languageTag` read. */
export function languageColumnName(tag: string): string {
	return `${DISPLAY[tag] ?? tag} (${tag})`;
}
