/**
 * Writes the demo project into the database from the pure plan (`plan.ts`, model in MODEL.md).
 * Responses go through the same validation and scoring as real submissions, inserted in large
 * transactions so that 10,000 respondents (~1.8 M answers) seed in well under a minute.
 */
import type { Kysely } from 'kysely';
import type { Insertable } from 'kysely';
import type { AnswerTable, Database, ResponseTable, ScoreTable } from '../db/schema';
import type { LoadedInstrument } from '../instrument-files';
import { createProject, getProjectBySlug, bumpDataVersion, type Project } from '../projects';
import { createSite } from '../sites';
import { createWave } from '../waves';
import { newId, nowIso } from '../ids';
import { insertInChunks } from '../responses';
import { prepareRows, submissionHash, toResponseRow, type Submission } from '../submission';
import { planDemo, type DemoOptions, type DemoResponsePlan } from './plan';

export const DEMO_SLUG = 'demo';
const RESPONSES_PER_TRANSACTION = 10_000;

export interface DemoSummary {
	project: Project;
	respondents: number;
	responses: number;
	answers: number;
}

export class DemoExistsError extends Error {}

export async function seedDemo(db: Kysely<Database>, library: LoadedInstrument[], options: DemoOptions = {}): Promise<DemoSummary> {
	if (await getProjectBySlug(db, DEMO_SLUG))
		throw new DemoExistsError(`project '${DEMO_SLUG}' already exists; the demo is seeded only once`);
	const plan = planDemo(
		library.map((l) => l.instrument),
		options
	);
	const versionIdByKey = new Map(library.map((l) => [l.instrument.key, l.hash]));
	const instrumentByKey = new Map(library.map((l) => [l.instrument.key, l.instrument]));
	const waveInstrumentIds = [...new Set(plan.responses.map((r) => r.instrumentKey))].map((k) => versionIdByKey.get(k) as string);

	const project = await createProject(db, {
		slug: DEMO_SLUG,
		name: '安居示范项目 · Anju demo project',
		description: 'Generated demo data (seeded model, see src/lib/server/demo/MODEL.md).',
		languages: ['zh-Hans', 'en']
	});
	const siteIds = new Map<string, string>();
	for (const site of plan.sites) {
		const created = await createSite(db, {
			projectId: project.id,
			name: site.name,
			arm: site.arm,
			targetPerWave: site.targetPerWave,
			region: site.region
		});
		siteIds.set(site.key, created.id);
	}
	const waveIds = new Map<string, string>();
	for (const wave of plan.waves) {
		const created = await createWave(db, {
			projectId: project.id,
			name: wave.name,
			kind: wave.kind,
			order: wave.order,
			opensOn: wave.opensOn,
			closesOn: wave.closesOn,
			instrumentVersionIds: waveInstrumentIds
		});
		waveIds.set(wave.key, created.id);
	}

	const respondentIds = new Map<string, string>();
	let answers = 0;
	for (let start = 0; start < plan.responses.length; start += RESPONSES_PER_TRANSACTION) {
		const chunk = plan.responses.slice(start, start + RESPONSES_PER_TRANSACTION);
		answers += await db.transaction().execute(async (trx) => {
			const newRespondents = chunk
				.map((r: DemoResponsePlan) => r.panelCode)
				.filter((code: string, i: number, all: string[]) => !respondentIds.has(code) && all.indexOf(code) === i)
				.map((code: string) => {
					const id = newId();
					respondentIds.set(code, id);
					return { id, project_id: project.id, panel_code: code, created_at: nowIso(), withdrawn_at: null, withdrawal_reason: null };
				});
			for (let i = 0; i < newRespondents.length; i += 500)
				await trx
					.insertInto('respondents')
					.values(newRespondents.slice(i, i + 500))
					.execute();

			const responseRows: Insertable<ResponseTable>[] = [];
			const answerRows: AnswerTable[] = [];
			const scoreRows: ScoreTable[] = [];
			for (const planned of chunk) {
				const submission = toSubmission(planned, waveIds, siteIds, versionIdByKey);
				const rows = prepareRows(instrumentByKey.get(planned.instrumentKey)!, submission);
				responseRows.push(
					toResponseRow(submission, {
						projectId: project.id,
						respondentId: respondentIds.get(planned.panelCode)!,
						hash: submissionHash(submission),
						receivedAt: submission.completedAt ?? submission.startedAt
					})
				);
				answerRows.push(...rows.answers);
				scoreRows.push(...rows.scores);
			}
			for (let i = 0; i < responseRows.length; i += 500)
				await trx
					.insertInto('responses')
					.values(responseRows.slice(i, i + 500))
					.execute();
			await insertInChunks(trx, 'answers', answerRows);
			await insertInChunks(trx, 'scores', scoreRows);
			return answerRows.length;
		});
	}
	await bumpDataVersion(db, project.id);
	return { project, respondents: respondentIds.size, responses: plan.responses.length, answers };
}

function toSubmission(
	planned: DemoResponsePlan,
	waveIds: Map<string, string>,
	siteIds: Map<string, string>,
	versionIds: Map<string, string>
): Submission {
	return {
		id: planned.id,
		waveId: waveIds.get(planned.waveKey)!,
		siteId: siteIds.get(planned.siteKey)!,
		instrumentVersionId: versionIds.get(planned.instrumentKey)!,
		panelCode: planned.panelCode,
		mode: planned.mode,
		language: planned.language,
		consentAt: planned.consentAt,
		startedAt: planned.startedAt,
		completedAt: planned.completedAt,
		status: planned.status,
		kioskId: null,
		interviewerId: null,
		answers: planned.answers
	};
}
