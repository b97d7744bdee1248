/**
 * The fieldwork monitor: how a wave's data collection is going, per site. A visit is one person
 * (panel codes merged into another count as that person) at one wave, however many instruments
 * the wave asks; it is complete when every instrument of the wave was answered completely.
 * Excluded responses and withdrawn respondents are not counted. A fixed handful of queries,
 * whatever the number of sites.
 */
import { sql, type Kysely } from 'kysely';
import type { Arm, Database } from './db/schema';
import type { DailyVisits } from '../charts/responses-per-day';
import { listSites } from './sites';
import { listWaveInstrumentIds, listWaves, type Wave } from './waves';

export interface FieldworkWave extends Wave {
	/** Open today: opened (or no opening date) and not yet closed. */
	open: boolean;
}

export interface SiteProgress {
	siteId: string;
	name: string;
	arm: Arm;
	target: number;
	completes: number;
	partials: number;
	/** Follow-up waves only: baseline respondents of the site and how many were reached again. */
	panel: { baseline: number; reached: number } | undefined;
}

export interface KioskStatus {
	id: string;
	name: string;
	siteName: string;
	enrolled: boolean;
	revoked: boolean;
	lastSeenAt: string | null;
	/** Responses the kiosk sent in this wave. */
	responses: number;
}

export interface InterviewerCount {
	/** Null for interviewer-mode responses recorded without a user. */
	userId: string | null;
	name: string | null;
	visits: number;
	responses: number;
}

export interface Fieldwork {
	waves: FieldworkWave[];
	wave: FieldworkWave | undefined;
	instrumentsInWave: number;
	sites: SiteProgress[];
	perDay: DailyVisits[];
	kiosks: KioskStatus[];
	interviewers: InterviewerCount[];
}

/** Whether a wave is open on `today` (`YYYY-MM-DD`). */
export function isWaveOpen(wave: Pick<Wave, 'opensOn' | 'closesOn'>, today: string): boolean {
	return (wave.opensOn ?? '') <= today && (wave.closesOn ?? '9999-12-31') >= today;
}

/** The wave to show when none is asked for: the latest open one, else the last one. */
export function defaultWave<T extends FieldworkWave>(waves: T[]): T | undefined {
	const open = waves.filter((w) => w.open);
	return open.at(-1) ?? waves.at(-1);
}

/** The person behind a response: the respondent its code was merged into, else its own. */
const person = sql<string>`coalesce(respondents.merged_into_id, respondents.id)`;

/** Responses that count: this project and wave, not excluded, respondent (and merge target) not withdrawn. */
function countedResponses(db: Kysely<Database>, projectId: string, waveId: string) {
	return db
		.selectFrom('responses')
		.innerJoin('respondents', 'respondents.id', 'responses.respondent_id')
		.leftJoin('respondents as canonical', 'canonical.id', 'respondents.merged_into_id')
		.where('responses.project_id', '=', projectId)
		.where('responses.wave_id', '=', waveId)
		.where('responses.excluded', '=', 0)
		.where('respondents.withdrawn_at', 'is', null)
		.where('canonical.withdrawn_at', 'is', null);
}

export async function getFieldwork(
	db: Kysely<Database>,
	projectId: string,
	waveId: string | null,
	today = new Date().toISOString().slice(0, 10)
): Promise<Fieldwork> {
	const waves = (await listWaves(db, projectId)).map((w) => ({ ...w, open: isWaveOpen(w, today) }));
	const wave = waveId ? waves.find((w) => w.id === waveId) : defaultWave(waves);
	const sites = await listSites(db, projectId);
	if (!wave) return { waves, wave, instrumentsInWave: 0, sites: [], perDay: [], kiosks: [], interviewers: [] };

	const instrumentsInWave = (await listWaveInstrumentIds(db, wave.id)).length;
	const visits = await countedResponses(db, projectId, wave.id)
		.select([
			'responses.site_id as siteId',
			person.as('person'),
			(eb) => eb.fn.min('responses.started_at').as('firstStarted'),
			sql<number>`count(distinct case when responses.status = 'complete' then responses.instrument_version_id end)`.as(
				'completeInstruments'
			)
		])
		.groupBy(['responses.site_id', person])
		.execute();

	const baseline = waves.find((w) => w.kind === 'baseline');
	const panel = baseline && baseline.id !== wave.id ? await panelProgress(db, projectId, baseline.id, wave.id) : undefined;

	const bySite = new Map(sites.map((s) => [s.id, { completes: 0, partials: 0 }]));
	const perDay = new Map<string, DailyVisits>();
	for (const visit of visits) {
		const counts = bySite.get(visit.siteId);
		if (counts) {
			if (instrumentsInWave > 0 && Number(visit.completeInstruments) >= instrumentsInWave) counts.completes++;
			else counts.partials++;
		}
		const day = String(visit.firstStarted).slice(0, 10);
		const key = `${day} ${visit.siteId}`;
		const entry = perDay.get(key) ?? { day, siteId: visit.siteId, visits: 0 };
		entry.visits++;
		perDay.set(key, entry);
	}

	return {
		waves,
		wave,
		instrumentsInWave,
		sites: sites.map((s) => ({
			siteId: s.id,
			name: s.name,
			arm: s.arm,
			target: s.targetPerWave,
			completes: bySite.get(s.id)?.completes ?? 0,
			partials: bySite.get(s.id)?.partials ?? 0,
			panel: panel ? (panel.get(s.id) ?? { baseline: 0, reached: 0 }) : undefined
		})),
		perDay: [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day) || a.siteId.localeCompare(b.siteId)),
		kiosks: await kioskStatus(db, projectId, wave.id),
		interviewers: await interviewerCounts(db, projectId, wave.id)
	};
}

/** Per baseline site: baseline respondents, and how many of them have a response in `waveId` so far. */
async function panelProgress(
	db: Kysely<Database>,
	projectId: string,
	baselineId: string,
	waveId: string
): Promise<Map<string, { baseline: number; reached: number }>> {
	const atBaseline = countedResponses(db, projectId, baselineId)
		.select(['responses.site_id as siteId', person.as('person')])
		.distinct();
	const atWave = countedResponses(db, projectId, waveId).select(person.as('person')).distinct();
	const rows = await db
		.selectFrom(atBaseline.as('b'))
		.leftJoin(atWave.as('f'), 'f.person', 'b.person')
		.select([
			'b.siteId',
			(eb) => eb.fn.count<number>('b.person').distinct().as('baseline'),
			(eb) => eb.fn.count<number>('f.person').distinct().as('reached')
		])
		.groupBy('b.siteId')
		.execute();
	return new Map(rows.map((r) => [r.siteId, { baseline: Number(r.baseline), reached: Number(r.reached) }]));
}

async function kioskStatus(db: Kysely<Database>, projectId: string, waveId: string): Promise<KioskStatus[]> {
	const rows = await db
		.selectFrom('kiosks')
		.innerJoin('sites', 'sites.id', 'kiosks.site_id')
		.leftJoin('responses', (join) => join.onRef('responses.kiosk_id', '=', 'kiosks.id').on('responses.wave_id', '=', waveId))
		.select([
			'kiosks.id',
			'kiosks.name',
			'sites.name as siteName',
			'kiosks.enrolled_at',
			'kiosks.revoked_at',
			'kiosks.last_seen_at',
			(eb) => eb.fn.count<number>('responses.id').as('responses')
		])
		.where('kiosks.project_id', '=', projectId)
		.groupBy(['kiosks.id', 'kiosks.name', 'sites.name', 'kiosks.enrolled_at', 'kiosks.revoked_at', 'kiosks.last_seen_at'])
		.orderBy('sites.name')
		.orderBy('kiosks.name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		siteName: r.siteName,
		enrolled: r.enrolled_at !== null,
		revoked: r.revoked_at !== null,
		lastSeenAt: r.last_seen_at,
		responses: Number(r.responses)
	}));
}

async function interviewerCounts(db: Kysely<Database>, projectId: string, waveId: string): Promise<InterviewerCount[]> {
	const rows = await countedResponses(db, projectId, waveId)
		.leftJoin('users', 'users.id', 'responses.interviewer_id')
		.select([
			'responses.interviewer_id as userId',
			'users.name as name',
			sql<number>`count(distinct ${person})`.as('visits'),
			(eb) => eb.fn.count<number>('responses.id').as('responses')
		])
		.where('responses.mode', '=', 'interviewer')
		.groupBy(['responses.interviewer_id', 'users.name'])
		.execute();
	return (
		rows
			.map((r) => ({ userId: r.userId, name: r.name, visits: Number(r.visits), responses: Number(r.responses) }))
			// Named interviewers by visits; responses recorded without a user last.
			.sort(
				(a, b) => Number(a.name === null) - Number(b.name === null) || b.visits - a.visits || (a.name ?? '').localeCompare(b.name ?? '')
			)
	);
}
