import { getContext, setContext } from 'svelte';
import type { VoiceLike } from './read-aloud';

const KEY = Symbol('player-voices');

/** The player shares the browser's speech voices with every read-aloud button below it. */
export function provideVoices(voices: () => readonly VoiceLike[]): void {
	setContext(KEY, voices);
}

export function useVoices(): () => readonly VoiceLike[] {
	return getContext<(() => readonly VoiceLike[]) | undefined>(KEY) ?? (() => []);
}
