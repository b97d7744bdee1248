/**
 * The consent text shown before any question, as the server sends it (kiosk bundle, interviewer
 * page), and its recorded reading. A recording is offered only while the text is exactly the one
 * it reads: each names the fingerprint of its text, so a reworded consent falls back to the
 * browser's voice instead of playing words the screen no longer shows.
 */

export interface ConsentText {
	title: string;
	body: string;
}

export type ConsentTexts = Record<string, ConsentText>;

/** Recordings under static/audio/ of the consent texts in $lib/server/consent.ts. */
const RECORDINGS: Record<string, { src: string; fingerprint: string }> = {
	'zh-Hans': { src: '/audio/consent.zh-Hans.mp3', fingerprint: 'c268fbd3' },
	en: { src: '/audio/consent.en.mp3', fingerprint: 'f2c85d30' }
};

/** FNV-1a (32-bit) over UTF-16 code units: a cheap fingerprint, not a security measure. */
export function fingerprint(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}

/** What a recording reads: the title, a blank line, the body. */
export const spokenConsent = (text: ConsentText): string => `${text.title}\n\n${text.body}`;

/** The consent text in a language (else the first there is), with its recording when it matches. */
export function consentFor(texts: ConsentTexts | undefined, language: string): ConsentText & { audio?: string } {
	const chosen = texts?.[language] ?? Object.values(texts ?? {})[0] ?? { title: '', body: '' };
	const recording = RECORDINGS[language];
	return recording && fingerprint(spokenConsent(chosen)) === recording.fingerprint ? { ...chosen, audio: recording.src } : { ...chosen };
}
