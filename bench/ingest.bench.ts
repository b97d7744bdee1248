/**
 * Ingest: the built server (adapter-node) on a fresh database with the demo project, kiosks
 * enrolled through the real flow, and autocannon posting the demo plan's responses under fresh
 * UUIDs from 50 connections for 20 s, after 3 s of the same load to warm up — beside the floor: the same submissions written directly
 * with `recordSubmission` (one transaction each, same pragmas, one process), measured before and
 * after the HTTP run so that a change in the machine's load shows. Then 50 submissions/s for 60 s
 * while an evaluator works: the project's indicator set every 5 s, its long CSV export every 15 s.
 * Targets (issue 7): no errors; HTTP ≥ 0.5 × floor; p99 < 100 ms; the constant-rate run 100% acknowledged.
 *
 * The same runs follow on PostgreSQL (a throwaway cluster; skipped when its binaries are missing):
 * two app instances on one database behind a round-robin TCP balancer, CPU summed over both.
 *
 * On SQLite the server commits the submissions that arrive together in one transaction (group
 * commit, see src/lib/server/db/group-commit.ts); the floor, sending one at a time, commits each alone.
 *
 * Every acknowledged submission is checked against the rows stored afterwards. A kiosk may send 60
 * submissions a minute, so each run enrolls enough kiosks that none sends more than 50. Besides
 * throughput, the CPU time per submission of the server process and of the floor are printed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db } from '../src/lib/server/db/create-db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { loadInstrumentDirectory, type LoadedInstrument } from '../src/lib/server/instrument-files';
import { syncInstrumentLibrary } from '../src/lib/server/instruments';
import { createKiosk } from '../src/lib/server/kiosks';
import { recordSubmission } from '../src/lib/server/responses';
import { launchServer } from '../tests/e2e/helpers/server';
import { ensureBuild } from './build';
import { startBalancer } from './balancer';
import pg from 'pg';
import { PostgresUnavailable, startCluster, type Cluster } from '../scripts/postgres-cluster';
import { enrollDevices, evaluatorCookie, freshSubmission, roundRobin, seedDemoWorld, storedRows, type DemoWorld } from './ingest-world';
import { driveSubmissions, repeatGet, type LoadResult, type SideRequests } from './ingest-load';
import type { BenchModule } from './run';

const CONNECTIONS = 50;
const DURATION_S = 20;
/** Load before the measured run, not counted: the server compiles its hot paths and fills its caches. */
const WARM_UP_S = 3;
const FLOOR_S = 10;
const RATE = 50;
const RATE_DURATION_S = 60;
/** Pauses between an evaluator's requests during the constant-rate run. */
const INDICATOR_PAUSE_MS = 5_000;
const EXPORT_PAUSE_MS = 15_000;
/** Submissions one kiosk sends in a run, below its limit of 60 a minute. */
const PER_KIOSK = 50;

/** CPU time a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

const perSecond = (n: number) => `${n.toFixed(0)} submissions/s`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const quantile = (values: number[], q: number) =>
	[...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;

interface Floor {
	rate: number;
	count: number;
	answers: number;
	/** CPU time of this process per submission, ms. */
	cpuMs: number;
}

/** Writes the world's submissions with recordSubmission for `seconds`, one transaction each. */
async function measureFloor(library: LoadedInstrument[], seconds: number, kind: DatabaseKind): Promise<Floor> {
	const database = await kind.create();
	const db = createDb(database.target);
	try {
		await migrateToLatest(db);
		await syncInstrumentLibrary(db, library);
		const world = await seedDemoWorld(db, library);
		const kioskBySite = new Map<string, string>();
		for (const siteId of world.siteIds) {
			kioskBySite.set(siteId, (await createKiosk(db, { projectId: world.projectId, siteId, name: 'Floor' }, 'cli')).kiosk.id);
		}
		const next = roundRobin(world.templates);
		let count = 0;
		let answers = 0;
		const cpu = process.cpuUsage();
		const started = performance.now();
		while (performance.now() - started < seconds * 1000) {
			const template = next();
			await recordSubmission(db, { ...freshSubmission(template), kioskId: kioskBySite.get(template.siteId) });
			count++;
			answers += template.answers;
		}
		const elapsed = (performance.now() - started) / 1000;
		const { user, system } = process.cpuUsage(cpu);
		return { rate: count / elapsed, count, answers, cpuMs: (user + system) / 1000 / count };
	} finally {
		await db.destroy();
		await database.drop();
	}
}

/** A fresh database of one kind, and how many app instances serve it in the HTTP runs. */
interface DatabaseKind {
	label: string;
	instances: number;
	/** Whether the server groups concurrent submissions into one commit (SQLite). */
	groupCommit: boolean;
	/** The default deployment, one process on SQLite, which issue 7's targets are set for. */
	isDefault: boolean;
	create: () => Promise<{ target: string; drop: () => Promise<void> }>;
}

const SQLITE: DatabaseKind = {
	label: 'SQLite, one instance',
	instances: 1,
	groupCommit: true,
	isDefault: true,
	create: async () => {
		const dir = mkdtempSync(join(tmpdir(), 'anju-bench-ingest-'));
		return { target: join(dir, 'anju.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
	}
};

/** New databases on a throwaway cluster, served by two instances behind a round-robin balancer. */
function postgres(cluster: Cluster): DatabaseKind {
	const onCluster = async (statement: string) => {
		const client = new pg.Client({ connectionString: cluster.url });
		await client.connect();
		await client.query(statement).finally(() => client.end());
	};
	let made = 0;
	return {
		label: 'PostgreSQL, two instances behind a round-robin balancer',
		instances: 2,
		groupCommit: false,
		isDefault: false,
		create: async () => {
			const name = `anju_bench_${++made}`;
			await onCluster(`create database ${name}`);
			return { target: cluster.url.replace(/\/postgres$/, `/${name}`), drop: () => onCluster(`drop database ${name} with (force)`) };
		}
	};
}

/** Rows stored for the given response ids. */
async function rowsOf(db: Db, ids: string[]): Promise<{ responses: number; answers: number }> {
	let responses = 0;
	let answers = 0;
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const count = async (table: 'responses' | 'answers', column: 'id' | 'response_id') =>
			Number(
				(
					await db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.where(column, 'in', chunk)
						.executeTakeFirstOrThrow()
				).n
			);
		responses += await count('responses', 'id');
		answers += await count('answers', 'response_id');
	}
	return { responses, answers };
}

/**
 * Checks the rows stored by runs against their receipts: every acknowledged submission stored once
 * with all its answers, and nothing else but the requests still in flight when a load stopped.
 */
async function checkRows(db: Db, before: Awaited<ReturnType<typeof storedRows>>, runs: LoadResult[]): Promise<boolean> {
	await new Promise((resolve) => setTimeout(resolve, 1000)); // let requests in flight at the end finish
	const after = await storedRows(db);
	const acknowledged = runs.flatMap((run) => [...run.acknowledged]);
	const ids = acknowledged.map(([id]) => id);
	const expectedAnswers = acknowledged.reduce((sum, [, answers]) => sum + answers, 0);
	const found = await rowsOf(db, ids);
	const inFlight = runs.reduce((sum, run) => sum + run.result.requests.sent - run.result.requests.total, 0);
	const unacknowledged = after.responses - before.responses - found.responses;
	const ok = found.responses === ids.length && found.answers === expectedAnswers && unacknowledged <= inFlight;
	console.log(
		`  rows afterwards: responses ${after.responses} (+${after.responses - before.responses}), answers ${after.answers} (+${after.answers - before.answers}), scores ${after.scores} (+${after.scores - before.scores})`
	);
	console.log(
		`  acknowledged ${ids.length} submissions with ${expectedAnswers} answers; stored: ${found.responses} of them with ${found.answers} answers, plus ${unacknowledged} sent but unanswered when the load stopped (${inFlight} in flight) → ${ok ? 'every acknowledged submission stored exactly once' : 'MISMATCH'}`
	);
	return ok;
}

function printRun(run: LoadResult): void {
	const { result } = run;
	const statuses = [...run.statuses].map(([status, n]) => `${status}: ${n}`).join(', ');
	console.log(
		`  sent ${result.requests.sent}, answered ${result.requests.total} in ${result.duration.toFixed(1)} s; statuses ${statuses || 'none'}`
	);
	console.log(`  errors ${result.errors} (timeouts ${result.timeouts}), non-2xx ${result.non2xx}`);
	console.log(
		`  latency p50 ${ms(result.latency.p50)}, p99 ${ms(result.latency.p99)}, max ${ms(result.latency.max)}; ${perSecond(run.acknowledged.size / result.duration)} acknowledged`
	);
	// A submission is one instrument's response: a resident's visit to the demo wave is six of them.
	const answers = [...run.acknowledged.values()].reduce((sum, n) => sum + n, 0);
	console.log(
		`  ${(answers / run.acknowledged.size).toFixed(1)} answers per submission (one instrument each), ${(answers / result.duration).toFixed(0)} answers/s`
	);
}

function printSide(side: SideRequests): void {
	if (side.requests === null) return console.log(`  ${side.name}: skipped (the route does not exist yet)`);
	console.log(
		`  ${side.name}: ${side.requests} requests, ${side.failures.length} failed${side.failures.length ? ` (${side.failures[0]})` : ''}; latency median ${ms(quantile(side.latenciesMs, 0.5))}, max ${ms(Math.max(...side.latenciesMs))}; ${(side.bytes / 1024).toFixed(0)} KB each`
	);
}

/** Enrolls enough kiosks for `submissions` at most PER_KIOSK each. */
async function enrollFor(db: Db, baseUrl: string, world: DemoWorld, submissions: number) {
	const perSite = Math.ceil(submissions / PER_KIOSK / world.siteIds.length);
	const devices = await enrollDevices(db, baseUrl, world, perSite);
	console.log(`  enrolled ${perSite * world.siteIds.length} kiosks over HTTP (${perSite} per site)`);
	return devices;
}

interface Server {
	/** Where clients connect: the instance, or the balancer in front of the instances. */
	url: string;
	pids: number[];
}

const serverCpuMs = (server: Server) => server.pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);

interface MaxRun {
	rate: number;
	serverCpuMs: number;
	p99: number;
	clean: boolean;
}

/** 50 connections as fast as the server answers, kiosks enrolled for `expectedRate`. */
async function maxRun(server: Server, db: Db, world: DemoWorld, expectedRate: number): Promise<MaxRun> {
	console.log(`\nHTTP, ${CONNECTIONS} connections for ${DURATION_S} s, after ${WARM_UP_S} s of warm-up at the same load:`);
	// Kiosks of their own for the warm-up, so that no kiosk nears its rate limit in the measured run.
	const warmUpDevices = await enrollFor(db, server.url, world, expectedRate * WARM_UP_S * 1.5);
	const devices = await enrollFor(db, server.url, world, expectedRate * DURATION_S * 1.5);
	const before = await storedRows(db);
	const warmUp = await driveSubmissions(server.url, world.templates, warmUpDevices, {
		connections: CONNECTIONS,
		durationSeconds: WARM_UP_S
	});
	console.log(
		`  warm-up (not counted): ${warmUp.acknowledged.size} submissions acknowledged in ${warmUp.result.duration.toFixed(1)} s, latency p99 ${ms(warmUp.result.latency.p99)}, errors ${warmUp.result.errors + warmUp.result.non2xx}`
	);
	const cpuBefore = serverCpuMs(server);
	const run = await driveSubmissions(server.url, world.templates, devices, { connections: CONNECTIONS, durationSeconds: DURATION_S });
	const cpuMs = (serverCpuMs(server) - cpuBefore) / run.result.requests.total;
	printRun(run);
	const rowsOk = await checkRows(db, before, [warmUp, run]);
	const errors = [warmUp, run].reduce((sum, r) => sum + r.result.errors + r.result.non2xx + (r.statuses.get('replay') ?? 0), 0);
	return {
		rate: run.acknowledged.size / run.result.duration,
		serverCpuMs: cpuMs,
		p99: run.result.latency.p99,
		clean: errors === 0 && rowsOk
	};
}

function printComparison(max: MaxRun, floors: Floor[], kind: DatabaseKind): void {
	const floorRate = floors.reduce((sum, f) => sum + f.rate, 0) / floors.length;
	const floorCpuMs = floors.reduce((sum, f) => sum + f.cpuMs, 0) / floors.length;
	const ratio = max.rate / floorRate;
	console.log(
		`\nfloor, measured before and after the HTTP run: ${floors.map((f) => perSecond(f.rate)).join(' and ')} → mean ${perSecond(floorRate)}`
	);
	console.log(`ratio HTTP / floor: ${ratio.toFixed(2)} (${perSecond(max.rate)} / ${perSecond(floorRate)})`);
	if (kind.groupCommit) {
		console.log(
			'  (the server shares one commit among the submissions that arrive together; the floor, one at a time, commits each alone)'
		);
	}
	console.log(
		`CPU per submission: server ${ms(max.serverCpuMs)} (all of it, HTTP to commit), floor ${ms(floorCpuMs)} → floor / server ${(floorCpuMs / max.serverCpuMs).toFixed(2)}`
	);
	const label = kind.isDefault ? 'target' : "compared with the default deployment's targets:";
	console.log(
		`${label} no errors: ${max.clean ? 'met' : 'MISSED'}; HTTP ≥ 0.5 × floor: ${ratio >= 0.5 ? 'met' : 'MISSED'}; p99 < 100 ms: ${max.p99 < 100 ? 'met' : 'MISSED'}`
	);
}

/** 50 submissions/s while an evaluator's indicator request and an export repeat; prints the figures. */
async function steadyRun(server: Server, db: Db, world: DemoWorld): Promise<void> {
	console.log(`\nHTTP, ${RATE} submissions/s for ${RATE_DURATION_S} s, with indicator requests and exports at the same time:`);
	const devices = await enrollFor(db, server.url, world, RATE * RATE_DURATION_S * 1.2);
	const cookie = { cookie: await evaluatorCookie(db, world.projectId) };
	const before = await storedRows(db);
	let stop!: () => void;
	const stopped = new Promise<void>((resolve) => (stop = resolve));
	// An evaluator at work: a fresh indicator set every few seconds, an export now and then.
	const staff = Promise.all(
		[
			{ path: `/api/projects/${world.slug}/indicators`, pauseMs: INDICATOR_PAUSE_MS },
			{ path: `/api/v1/projects/${world.slug}/exports/long.csv?key=bench-ingest-pseudonyms`, pauseMs: EXPORT_PAUSE_MS }
		].map(({ path, pauseMs }) => repeatGet(`GET ${path}`, `${server.url}${path}`, cookie, pauseMs, stopped))
	);
	const run = await driveSubmissions(server.url, world.templates, devices, {
		connections: CONNECTIONS,
		durationSeconds: RATE_DURATION_S,
		overallRate: RATE
	});
	stop();
	printRun(run);
	const rowsOk = await checkRows(db, before, [run]);
	const sides = await staff;
	sides.forEach(printSide);
	const success = run.acknowledged.size === run.result.requests.total && run.result.errors === 0 && rowsOk;
	console.log(
		`target 100% success at ${RATE}/s: ${success ? 'met' : 'MISSED'} (${run.acknowledged.size} of ${run.result.requests.total} answered requests acknowledged); staff requests all 200: ${sides.every((s) => s.failures.length === 0) ? 'met' : 'MISSED'}`
	);
}

const bench: BenchModule = {
	title: `POST /api/v1/submissions on the built server, ${CONNECTIONS} connections × ${DURATION_S} s, vs. recordSubmission in-process (floor); then ${RATE}/s for ${RATE_DURATION_S} s beside indicators and an export; on SQLite, then on PostgreSQL with two instances`,
	async run() {
		ensureBuild();
		const { instruments: library, errors } = loadInstrumentDirectory('instruments', 'static');
		if (errors.length > 0) throw new Error(errors.join('\n'));
		const load = loadavg()
			.map((l) => l.toFixed(2))
			.join(' ');
		console.log(`  load average before: ${load} (on a shared machine, throughput figures move with it; CPU per submission less so)`);

		await benchDatabase(library, SQLITE);
		let cluster: Cluster | undefined;
		try {
			cluster = await startCluster();
		} catch (error) {
			if (!(error instanceof PostgresUnavailable)) throw error;
			console.log(`\n-- PostgreSQL: skipped (${error.message})`);
		}
		if (cluster) {
			try {
				await benchDatabase(library, postgres(cluster));
			} finally {
				cluster.stop();
			}
		}
	}
};

/** The floor, the run at full speed and the constant-rate run on one kind of database. */
async function benchDatabase(library: LoadedInstrument[], kind: DatabaseKind): Promise<void> {
	console.log(`\n-- ${kind.label}`);
	const floorBefore = await measureFloor(library, FLOOR_S, kind);
	console.log(
		`floor (recordSubmission, one transaction each, ${FLOOR_S} s): ${perSecond(floorBefore.rate)} (${floorBefore.count} submissions, ${(floorBefore.answers / floorBefore.count).toFixed(1)} answers each on average)`
	);
	const database = await kind.create();
	// Instances start together on the empty database, as a deployment's would.
	const instances = await Promise.all(Array.from({ length: kind.instances }, () => launchServer(database.target)));
	const balancer = kind.instances > 1 ? await startBalancer(instances.map((i) => i.url)) : undefined;
	const server: Server = { url: balancer?.url ?? instances[0]!.url, pids: instances.map((i) => i.pid) };
	const db = createDb(database.target);
	try {
		const world = await seedDemoWorld(db, library);
		const health = await fetch(`${server.url}/healthz`);
		console.log(`  GET /healthz: ${health.status} ${await health.text()}`);
		const max = await maxRun(server, db, world, floorBefore.rate);
		printComparison(max, [floorBefore, await measureFloor(library, FLOOR_S, kind)], kind);
		await steadyRun(server, db, world);
	} finally {
		await db.destroy();
		await balancer?.close();
		await Promise.all(instances.map((instance) => instance.kill()));
		await database.drop();
	}
}

export default bench;
