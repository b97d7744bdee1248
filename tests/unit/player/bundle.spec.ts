import { describe, expect, it } from 'vitest';
import { isKioskBundle, kioskPlayerConfig, type KioskBundle } from '$lib/player/bundle';
import type { Instrument } from '$lib/instruments/types';

const bundle: KioskBundle = {
	kiosk: { id: 'k1', name: 'Tablet', siteId: 'site-1', siteName: 'Xingfu' },
	project: { slug: 'demo', name: 'Demo', languages: ['zh-Hans', 'en'], idleWarningSeconds: 90, idleResetSeconds: 30 },
	wave: { id: 'wave-1', name: 'Baseline' },
	instruments: [{ versionId: 'a'.repeat(64), instrument: { key: 'x', items: [] } as unknown as Instrument }],
	consent: { en: { title: 'T', body: 'B' } }
};

describe('the kiosk bundle', () => {
	it('is recognized, and a captive portal or error JSON is not', () => {
		expect(isKioskBundle(bundle)).toBe(true);
		expect(isKioskBundle({ error: { code: 'kiosk_revoked' } })).toBe(false);
		expect(isKioskBundle('<html>')).toBe(false);
		expect(isKioskBundle({ ...bundle, instruments: [{ versionId: 1 }] })).toBe(false);
	});

	it('runs the open wave at the kiosk site', () => {
		expect(kioskPlayerConfig(bundle)).toEqual({
			mode: 'kiosk',
			languages: ['zh-Hans', 'en'],
			waveId: 'wave-1',
			siteId: 'site-1',
			instruments: bundle.instruments
		});
	});

	it('runs nothing without an open wave or instruments', () => {
		expect(kioskPlayerConfig({ ...bundle, wave: null })).toBeNull();
		expect(kioskPlayerConfig({ ...bundle, instruments: [] })).toBeNull();
	});
});
