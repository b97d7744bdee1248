import { describe, expect, it } from 'vitest';
import { canRead, pickVoice } from '$lib/player/read-aloud';
import { consentFor, fingerprint, spokenConsent } from '$lib/player/consent';
import { CONSENT_TEXTS } from '$lib/server/consent';
import { existsSync } from 'node:fs';

const voices = (...langs: string[]) => langs.map((lang) => ({ lang }));

describe('pickVoice', () => {
	it('prefers an exact match, then the same language', () => {
		expect(pickVoice(voices('en-GB', 'en-US', 'en'), 'en')).toEqual({ lang: 'en' });
		expect(pickVoice(voices('de-DE', 'en-US'), 'en')).toEqual({ lang: 'en-US' });
		expect(pickVoice(voices('de-DE'), 'en')).toBeUndefined();
	});

	it('reads Simplified Chinese with a Mandarin voice, never a Cantonese one', () => {
		expect(pickVoice(voices('zh-HK', 'zh-TW', 'zh-CN'), 'zh-Hans')).toEqual({ lang: 'zh-CN' });
		expect(pickVoice(voices('zh-HK', 'zh-TW'), 'zh-Hans')).toEqual({ lang: 'zh-TW' });
		expect(pickVoice(voices('yue-HK', 'zh-HK'), 'zh-Hans')).toBeUndefined();
		expect(pickVoice(voices('cmn-Hans-CN'), 'zh-Hans')).toEqual({ lang: 'cmn-Hans-CN' });
		expect(pickVoice(voices('zh_CN'), 'zh-Hans')).toEqual({ lang: 'zh_CN' });
	});

	it('offers a button for a recording even without any voice', () => {
		expect(canRead({ text: 'x', language: 'zh-Hans', audio: '/audio/x.mp3' }, [])).toBe(true);
		expect(canRead({ text: 'x', language: 'zh-Hans' }, [])).toBe(false);
		expect(canRead({ text: 'x', language: 'zh-Hans' }, voices('zh-CN'))).toBe(true);
	});
});

describe('consent text and its recording', () => {
	it('has a recording of exactly the text the server sends, in each language', () => {
		for (const language of ['zh-Hans', 'en']) {
			const shown = consentFor(CONSENT_TEXTS, language);
			expect(shown.title).toBe(CONSENT_TEXTS[language]?.title);
			// If this fails, the consent text changed: record static/audio/consent.<lang>.mp3 again and update its fingerprint.
			expect(shown.audio).toBe(`/audio/consent.${language}.mp3`);
			expect(existsSync(`static${shown.audio}`)).toBe(true);
		}
	});

	it('does not play a recording of other words', () => {
		const reworded = { 'zh-Hans': { title: '开始之前', body: '另一段话。' } };
		expect(consentFor(reworded, 'zh-Hans')).toEqual({ title: '开始之前', body: '另一段话。' });
	});

	it('falls back to another language when the project has no text in this one', () => {
		expect(consentFor({ en: { title: 'T', body: 'B' } }, 'zh-Hans')).toEqual({ title: 'T', body: 'B' });
		expect(consentFor(undefined, 'en')).toEqual({ title: '', body: '' });
	});

	it('fingerprints text stably', () => {
		expect(fingerprint('')).toBe('811c9dc5');
		expect(fingerprint(spokenConsent({ title: 'a', body: 'b' }))).toBe(fingerprint('a\n\nb'));
	});
});
