/**
 * Read-aloud: a recorded file when the instrument has one for the language, else the browser's
 * speech synthesis when it has a voice for the language, else nothing (and no button). One thing
 * plays at a time; a new screen or a reset stops it.
 */

export interface VoiceLike {
	lang: string;
}

/** Mandarin for Simplified Chinese: mainland voices first, never Cantonese. */
function chineseRank(tag: string): number {
	if (/^(yue|zh-(hk|mo))/.test(tag)) return -1;
	if (/^(zh-(cn|hans|sg)|cmn)/.test(tag)) return 2;
	return tag === 'zh' || tag.startsWith('zh-') ? 1 : -1;
}

/** The best voice for a BCP 47 language among the browser's voices, if any will do. */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], language: string): V | undefined {
	const wanted = language.toLowerCase();
	const norm = (v: V) => v.lang.toLowerCase().replace(/_/g, '-');
	const exact = voices.find((v) => norm(v) === wanted);
	if (exact) return exact;
	const primary = wanted.split('-')[0];
	if (primary === 'zh' || primary === 'cmn') {
		let best: V | undefined;
		let bestRank = 0;
		for (const v of voices) {
			const rank = chineseRank(norm(v));
			if (rank > bestRank) [best, bestRank] = [v, rank];
		}
		return best;
	}
	return voices.find((v) => norm(v).split('-')[0] === primary);
}

/** What a read-aloud button plays: a recorded file or the text, in a language. */
export interface ReadAloudSource {
	text: string;
	language: string;
	/** URL of a recorded file (`/audio/…`). */
	audio?: string;
}

let stopCurrent: (() => void) | null = null;

/** Stops whatever is being read. */
export function stopReading(): void {
	stopCurrent?.();
	stopCurrent = null;
}

function speechVoices(): SpeechSynthesisVoice[] {
	return typeof speechSynthesis === 'undefined' ? [] : speechSynthesis.getVoices();
}

/** Whether a button can read this source: it has a recording or the browser has a voice. */
export function canRead(source: ReadAloudSource, voices: readonly VoiceLike[]): boolean {
	return source.audio !== undefined || pickVoice(voices, source.language) !== undefined;
}

/** Reads a source aloud; `onEnd` runs when it finishes or is stopped. */
export function readAloud(source: ReadAloudSource, onEnd: () => void): void {
	stopReading();
	const finish = () => {
		if (stopCurrent === stop) stopCurrent = null;
		onEnd();
	};
	let stop: () => void;
	if (source.audio) {
		const audio = new Audio(source.audio);
		audio.onended = finish;
		audio.onerror = finish;
		stop = () => {
			audio.pause();
			finish();
		};
		audio.play().catch(finish);
	} else {
		const voice = pickVoice(speechVoices(), source.language);
		if (!voice) return onEnd();
		const utterance = new SpeechSynthesisUtterance(source.text);
		utterance.voice = voice;
		utterance.lang = voice.lang;
		utterance.rate = 0.9;
		utterance.onend = finish;
		utterance.onerror = finish;
		stop = () => {
			speechSynthesis.cancel();
			finish();
		};
		speechSynthesis.cancel();
		speechSynthesis.speak(utterance);
	}
	stopCurrent = stop;
}

/** Calls `onChange` with the browser's voices now and whenever they change (they load late). */
export function watchVoices(onChange: (voices: VoiceLike[]) => void): () => void {
	if (typeof speechSynthesis === 'undefined') return () => {};
	const update = () => onChange(speechSynthesis.getVoices().map((v) => ({ lang: v.lang })));
	update();
	speechSynthesis.addEventListener('voiceschanged', update);
	return () => speechSynthesis.removeEventListener('voiceschanged', update);
}
