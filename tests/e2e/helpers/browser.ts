/**
 * Debian's Chromium driven by playwright-core. The flags keep it off the network (this machine has
 * none) and allow running as root.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
}

export const VIEWPORTS = {
	phone: { width: 360, height: 740 },
	tablet: { width: 800, height: 1280 },
	desktop: { width: 1280, height: 800 }
} as const;
