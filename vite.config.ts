import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// Under Vitest the messages are compiled once by `npm run i18n` (the prepare script): the plugin's
// file watcher would otherwise keep the test process from exiting.
const i18n = process.env.VITEST
	? []
	: [
			paraglideVitePlugin({
				project: './src/lib/i18n/project.inlang',
				outdir: './src/lib/paraglide',
				// Staff pages follow the user's cookie, then the browser's Accept-Language (negotiated in
				// hooks.server.ts, which also sets the cookie so the client agrees); kiosks set it in memory.
				strategy: ['cookie', 'custom-acceptLanguage', 'baseLocale']
			})
		];

export default defineConfig({
	plugins: [...i18n, sveltekit()],
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.spec.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.spec.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.spec.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
});
