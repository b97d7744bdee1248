/**
 * The kiosk bundle (GET /api/kiosk/bundle): the device, its project's settings, the open wave's
 * instrument versions in order and the consent text. Cached on the device so it works offline.
 */
import type { ConsentTexts } from './consent';
import type { PlayerConfig, PlayerInstrument } from './types';

export interface KioskBundle {
	kiosk: { id: string; name: string; siteId: string; siteName: string };
	project: { slug: string; name: string; languages: string[]; idleWarningSeconds: number; idleResetSeconds: number };
	wave: { id: string; name: string } | null;
	instruments: PlayerInstrument[];
	consent?: ConsentTexts;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A light shape check: enough to never start a survey from a half-broken or foreign reply. */
export function isKioskBundle(value: unknown): value is KioskBundle {
	if (!isObject(value) || !isObject(value.kiosk) || !isObject(value.project) || !Array.isArray(value.instruments)) return false;
	const { kiosk, project, wave, instruments } = value;
	return (
		typeof kiosk.siteId === 'string' &&
		Array.isArray(project.languages) &&
		(wave === null || (isObject(wave) && typeof wave.id === 'string')) &&
		instruments.every((entry) => isObject(entry) && typeof entry.versionId === 'string' && isObject(entry.instrument))
	);
}

/** What the player runs for this bundle, or null when no wave with instruments is open. */
export function kioskPlayerConfig(bundle: KioskBundle): PlayerConfig | null {
	if (!bundle.wave || bundle.instruments.length === 0 || bundle.project.languages.length === 0) return null;
	return {
		mode: 'kiosk',
		languages: bundle.project.languages,
		waveId: bundle.wave.id,
		siteId: bundle.kiosk.siteId,
		instruments: bundle.instruments
	};
}
