/**
 * What the kiosk route costs to load: the gzipped JS + CSS an enrolled tablet's Chromium fetches
 * for /kiosk up to the first question screen (welcome → language → consent → first time → new code
 * → intro → first question), beside two survey engines measured from their npm packages in the
 * same run: survey-core (its minified bundle) and enketo-core (its entry bundled and minified with
 * Vite in library mode). Target (issue 4): ≤ 60 KB gzipped.
 *
 * Builds the app first when build/ is missing or older than src/ (else reuses it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, VIEWPORTS } from '../tests/e2e/helpers/browser';
import { startServer } from '../tests/e2e/helpers/server';
import type { BenchModule } from './run';

const TARGET_KB = 60;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzip = (data: Buffer | string) => gzipSync(data, { level: 9 }).length;

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

function ensureBuild(): void {
	if (existsSync('build/index.js') && statSync('build/index.js').mtimeMs >= newestMtime('src')) {
		console.log('  (reusing build/, newer than src/)');
		return;
	}
	console.log('  building the app (vite build)…');
	execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
}

interface Loaded {
	url: string;
	kind: 'js' | 'css';
	raw: number;
	gzipped: number;
}

async function measureKiosk(): Promise<Loaded[]> {
	const server = await startServer();
	const browser = await launchBrowser();
	try {
		const env = { ...process.env, DATABASE_PATH: server.databasePath };
		const seeded = spawnSync('npx', ['tsx', 'scripts/anju.ts', 'demo', '--respondents', '12'], { env, encoding: 'utf8' });
		if (seeded.status !== 0) throw new Error(`demo seed failed: ${seeded.stderr}`);
		const site = '和谐社区 · Hexie Community';
		const created = spawnSync(
			'npx',
			['tsx', 'scripts/anju.ts', 'kiosk', 'create', '--project', 'demo', '--site', site, '--name', 'Bench'],
			{
				env,
				encoding: 'utf8'
			}
		);
		const code = /Enrollment code:\s*(\S+)/.exec(created.stdout)?.[1];
		if (created.status !== 0 || !code) throw new Error(`kiosk create failed: ${created.stdout}${created.stderr}`);
		const enrolled = await fetch(`${server.url}/api/kiosk/enroll`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ code })
		});
		const { token } = (await enrolled.json()) as { token: string };

		// An enrolled tablet opening the kiosk: no enrollment screen, an empty HTTP cache, and no
		// service worker (its install-time precache of every asset is a one-off, not the route's cost).
		const context = await browser.newContext({ viewport: VIEWPORTS.tablet, hasTouch: true, serviceWorkers: 'block' });
		await context.addInitScript((t) => localStorage.setItem('anju.kiosk.token', t), token);
		const page = await context.newPage();
		const pending: Promise<Loaded | null>[] = [];
		page.on('response', (response) => {
			const type = response.request().resourceType();
			const path = new URL(response.url()).pathname;
			const kind = type === 'script' || path.endsWith('.js') ? 'js' : type === 'stylesheet' || path.endsWith('.css') ? 'css' : null;
			if (!kind) return;
			pending.push(
				response.body().then(
					(body) => ({ url: path, kind, raw: body.length, gzipped: gzip(body) }),
					() => null
				)
			);
		});
		await page.goto(`${server.url}/kiosk`);
		await page.getByRole('button', { name: /简体中文/ }).click();
		await page.getByRole('button', { name: '我同意参加' }).click();
		await page.getByRole('button', { name: '没有，我是第一次参加' }).click();
		await page.getByRole('button', { name: '我已经抄好了' }).click();
		await page.locator('.player-nav').getByRole('button', { name: /开始/ }).click();
		await page.locator('[data-testid^="item-"]').waitFor();
		const loaded = (await Promise.all(pending)).filter((l): l is Loaded => l !== null);
		await context.close();
		return loaded;
	} finally {
		await browser.close();
		await server.stop();
	}
}

function measureSurveyCore(): { file: string; raw: number; gzipped: number } {
	const file = 'node_modules/survey-core/survey.core.min.js';
	const body = readFileSync(file);
	return { file, raw: body.length, gzipped: gzip(body) };
}

async function measureEnketo(): Promise<{ label: string; raw: number; gzipped: number; note?: string }> {
	const pkg = JSON.parse(readFileSync('node_modules/enketo-core/package.json', 'utf8')) as { version: string; main: string };
	const entry = join('node_modules/enketo-core', pkg.main);
	const out = mkdtempSync(join(tmpdir(), 'anju-enketo-'));
	try {
		const { build } = await import('vite');
		await build({
			configFile: false,
			logLevel: 'silent',
			build: {
				outDir: out,
				emptyOutDir: true,
				minify: true,
				cssCodeSplit: false,
				lib: { entry, formats: ['es'], fileName: 'enketo' }
			}
		});
		const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.(m?js|css)$/.test(f.name));
		const bodies = files.map((f) => readFileSync(join(f.parentPath, f.name)));
		return {
			label: `enketo-core ${pkg.version} (${pkg.main} bundled with its dependencies, minified by Vite lib mode; JS only — its styles ship as Sass)`,
			raw: bodies.reduce((s, b) => s + b.length, 0),
			gzipped: bodies.reduce((s, b) => s + gzip(b), 0)
		};
	} catch (error) {
		// Fallback: the shipped sources, gzipped as they are (unminified, without dependencies).
		const dir = 'node_modules/enketo-core/src/js';
		const bodies = readdirSync(dir, { recursive: true, withFileTypes: true })
			.filter((f) => f.isFile() && f.name.endsWith('.js'))
			.map((f) => readFileSync(join(f.parentPath, f.name)));
		return {
			label: `enketo-core ${pkg.version} FALLBACK: its shipped src/js/**/*.js gzipped file by file (unminified, no dependencies)`,
			raw: bodies.reduce((s, b) => s + b.length, 0),
			gzipped: bodies.reduce((s, b) => s + gzip(b), 0),
			note: `bundling failed: ${(error as Error).message.split('\n')[0]}`
		};
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
}

const bench: BenchModule = {
	title: `gzipped JS + CSS the /kiosk route loads up to the first question, beside survey-core and enketo-core (target ≤ ${TARGET_KB} KB)`,
	async run() {
		ensureBuild();
		const loaded = await measureKiosk();
		const js = loaded.filter((l) => l.kind === 'js').reduce((s, l) => s + l.gzipped, 0);
		const css = loaded.filter((l) => l.kind === 'css').reduce((s, l) => s + l.gzipped, 0);
		const kiosk = js + css;
		for (const l of [...loaded].sort((a, b) => b.gzipped - a.gzipped))
			console.log(`    ${kb(l.gzipped).padStart(9)} gz  ${kb(l.raw).padStart(9)} raw  ${l.url}`);
		console.log(`  kiosk /kiosk to the first question: ${kb(kiosk)} gzipped (${loaded.length} files: JS ${kb(js)}, CSS ${kb(css)})`);

		const survey = measureSurveyCore();
		const surveyVersion = (JSON.parse(readFileSync('node_modules/survey-core/package.json', 'utf8')) as { version: string }).version;
		console.log(`  survey-core ${surveyVersion} (${survey.file}): ${kb(survey.gzipped)} gzipped (${kb(survey.raw)} raw)`);
		const enketo = await measureEnketo();
		if (enketo.note) console.log(`  ${enketo.note}`);
		console.log(`  ${enketo.label}: ${kb(enketo.gzipped)} gzipped (${kb(enketo.raw)} raw)`);

		console.log(`  ratio kiosk / survey-core: ${(kiosk / survey.gzipped).toFixed(2)}`);
		console.log(`  ratio kiosk / enketo-core: ${(kiosk / enketo.gzipped).toFixed(2)}`);
		const ok = kiosk <= TARGET_KB * 1024;
		console.log(`  target ≤ ${TARGET_KB} KB gzipped: ${ok ? 'met' : 'NOT met'} (${kb(kiosk)})`);
	}
};

export default bench;
