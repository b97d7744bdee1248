/**
 * The long CSV export of a 10,000-respondent demo project (3 waves, ~1.7 M answers) through Anju's
 * streaming code, beside the baseline: the sqlite3 command-line shell writing the same rows
 * (`sqlite3 -csv`, one row per answer, the export's query without paging) to /dev/null. Each round
 * runs both, alternately, on the same file. Targets (issue 6): at least half the shell's rows per
 * second; peak RSS of the exporting process under 200 MB.
 *
 * The export runs in a child process of its own, so its peak RSS is its own: the server's code
 * bundled (esbuild, as tsx uses) and run by plain `node`, as the built server runs it — tsx's
 * compiler would otherwise add ~80 MB that a deployment never has. The figure includes SQLite's
 * page cache (64 MiB, set by createDb).
 *
 * Seeding takes ~40 s; to time again without it, keep the database (the indicators bench uses the
 * same one):  BENCH_INDICATORS_DB=/tmp/anju-bench.db npm run bench -- export   (seeded on first use)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDb } from '../src/lib/server/db/create-db';
import { getProjectBySlug } from '../src/lib/server/projects';
import { readExportCatalog } from '../src/lib/server/exports/catalog';
import { exportFileChunks } from '../src/lib/server/exports/files';
import { byteStream, exportChoices } from '../src/lib/server/exports/download';
import { parseExportOptions } from '../src/lib/exports/options';
import type { BenchModule } from './run';

const RESPONDENTS = 10_000;
const ROUNDS = 3;
const SQLITE3 = process.env.SQLITE3 ?? '/usr/bin/sqlite3';
const KEY = 'bench-pseudonym-key';

interface ChildResult {
	ms: number;
	bytes: number;
	maxRssKb: number;
}

/** The export itself, in the child: every file chunk written to /dev/null as it comes. */
export async function exportInChild(databasePath: string): Promise<void> {
	const db = createDb(databasePath);
	const started = performance.now();
	const project = (await getProjectBySlug(db, 'demo'))!;
	const parsed = parseExportOptions(new URLSearchParams({ key: KEY }), await exportChoices(db, project));
	if (!parsed.ok) throw new Error(parsed.error.message);
	const catalog = await readExportCatalog(db, project, parsed.options.waveIds);
	// Written as the server writes a response body: asynchronously, waiting whenever the sink is full.
	const sink = createWriteStream(process.env.BENCH_EXPORT_OUT ?? '/dev/null');
	const body = byteStream(exportFileChunks(db, catalog, parsed.options, 'long.csv'));
	await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), sink);
	const bytes = sink.bytesWritten;
	const result: ChildResult = { ms: performance.now() - started, bytes, maxRssKb: process.resourceUsage().maxRSS };
	await db.destroy();
	console.log(JSON.stringify(result));
}

function seed(databasePath: string): void {
	console.log(`seeding a ${RESPONDENTS.toLocaleString('en')}-respondent demo into ${databasePath} (~40 s) …`);
	execFileSync('npx', ['tsx', 'scripts/anju.ts', 'demo', '--respondents', String(RESPONDENTS)], {
		env: { ...process.env, DATABASE_PATH: databasePath },
		stdio: ['ignore', 'ignore', 'inherit']
	});
}

function sqliteValue(databasePath: string, query: string): string {
	return execFileSync(SQLITE3, [databasePath, query], { encoding: 'utf8' }).trim();
}

/** The export's rows as one plain query: every answer of the project's counted responses, as the long file has them. */
function baselineQuery(projectId: string): string {
	return `select r.id, r.respondent_id, r.wave_id, r.site_id, r.instrument_version_id, r.mode, r.language, r.status, r.received_at, a.item_key, a.value_num, a.value_text
from responses r join answers a on a.response_id = r.id
join respondents p on p.id = r.respondent_id
where r.project_id = '${projectId}' and r.excluded = 0 and p.withdrawn_at is null`;
}

function timeShell(databasePath: string, query: string): number {
	const sink = openSync('/dev/null', 'w');
	const started = performance.now();
	const result = spawnSync(SQLITE3, ['-csv', databasePath, query], { stdio: ['ignore', sink, 'inherit'] });
	const ms = performance.now() - started;
	closeSync(sink);
	if (result.status !== 0) throw new Error(`sqlite3 failed with ${result.status}`);
	return ms;
}

/** Bundles this file's child entry for plain node (inside the repo, so node_modules resolve). */
async function bundleChild(): Promise<string> {
	const { build } = await import('esbuild');
	const dir = resolve('node_modules/.cache/anju-bench');
	mkdirSync(dir, { recursive: true });
	const outfile = join(dir, 'export-child.mjs');
	await build({
		stdin: {
			contents: `import { exportInChild } from './bench/export.bench.ts'; await exportInChild(process.argv[2]);`,
			resolveDir: process.cwd(),
			loader: 'ts'
		},
		bundle: true,
		platform: 'node',
		format: 'esm',
		packages: 'external',
		outfile,
		logLevel: 'warning'
	});
	return outfile;
}

function runChild(script: string, databasePath: string): Promise<ChildResult> {
	return new Promise((done, fail) => {
		const child = spawn(process.execPath, [script, databasePath], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		child.on('exit', (code) =>
			code === 0 ? done(JSON.parse(out.trim().split('\n').pop()!) as ChildResult) : fail(new Error(`export child exited with ${code}`))
		);
	});
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en');

const bench: BenchModule = {
	title: `long CSV export of a ${RESPONDENTS.toLocaleString('en')}-respondent demo (streaming, own process) vs. sqlite3 -csv of the same rows`,
	async run() {
		if (!existsSync(SQLITE3)) {
			console.log(`skipped: no sqlite3 shell at ${SQLITE3} (apt-get install sqlite3, or set SQLITE3)`);
			return;
		}
		const keep = process.env.BENCH_INDICATORS_DB;
		const dir = keep ? undefined : mkdtempSync(join(tmpdir(), 'anju-bench-'));
		const databasePath = resolve(keep ?? join(dir!, 'anju.db'));
		try {
			if (!existsSync(databasePath) || sqliteValue(databasePath, "select count(*) from projects where slug = 'demo'") === '0')
				seed(databasePath);
			const projectId = sqliteValue(databasePath, "select id from projects where slug = 'demo'");
			const query = baselineQuery(projectId);
			const rows = Number(sqliteValue(databasePath, `select count(*) from (${query})`));
			const script = await bundleChild();
			const ours: ChildResult[] = [];
			const shell: number[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				shell.push(timeShell(databasePath, query));
				ours.push(await runChild(script, databasePath));
			}
			const oursMs = median(ours.map((r) => r.ms));
			const shellMs = median(shell);
			const ratio = shellMs / oursMs;
			const peakMb = Math.max(...ours.map((r) => r.maxRssKb)) / 1024;
			console.log(`rows (answers): ${rows.toLocaleString('en')}; long CSV: ${(ours[0]!.bytes / 1e6).toFixed(0)} MB`);
			console.log(
				`sqlite3 -csv (baseline): ${shellMs.toFixed(0)} ms, ${perSecond(rows, shellMs)} rows/s   [rounds: ${shell.map((m) => m.toFixed(0)).join(', ')} ms]`
			);
			console.log(
				`Anju long.csv:           ${oursMs.toFixed(0)} ms, ${perSecond(rows, oursMs)} rows/s   [rounds: ${ours.map((r) => r.ms.toFixed(0)).join(', ')} ms]`
			);
			console.log(`peak RSS of the export process: ${peakMb.toFixed(0)} MB`);
			console.log(`ratio Anju / shell rows per second: ${ratio.toFixed(2)}`);
			console.log(`target ≥ 0.5 × shell: ${ratio >= 0.5 ? 'met' : 'MISSED'}; peak RSS < 200 MB: ${peakMb < 200 ? 'met' : 'MISSED'}`);
		} finally {
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	}
};

export default bench;
