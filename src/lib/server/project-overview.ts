/** The counts on a project's overview page: pseudonymous totals only, safe for every member. */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

export interface ProjectOverview {
	sites: { project: number; comparison: number };
	waves: number;
	/** Distinct people: codes merged into another respondent's are not counted again. */
	respondents: number;
	/** Responses that count; excluded ones are counted apart. */
	responses: { complete: number; partial: number; excluded: number };
}

export async function getProjectOverview(db: Kysely<Database>, projectId: string): Promise<ProjectOverview> {
	const [sites, waves, respondents, responses] = await Promise.all([
		db
			.selectFrom('sites')
			.select(['arm', (eb) => eb.fn.countAll<number>().as('n')])
			.where('project_id', '=', projectId)
			.groupBy('arm')
			.execute(),
		db
			.selectFrom('waves')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('project_id', '=', projectId)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('respondents')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('project_id', '=', projectId)
			.where('merged_into_id', 'is', null)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('responses')
			.select(['status', 'excluded', (eb) => eb.fn.countAll<number>().as('n')])
			.where('project_id', '=', projectId)
			.groupBy(['status', 'excluded'])
			.execute()
	]);
	const armCount = (arm: string) => Number(sites.find((s) => s.arm === arm)?.n ?? 0);
	const responseCount = (keep: (r: (typeof responses)[number]) => boolean) =>
		responses.filter(keep).reduce((sum, r) => sum + Number(r.n), 0);
	return {
		sites: { project: armCount('project'), comparison: armCount('comparison') },
		waves: Number(waves.n),
		respondents: Number(respondents.n),
		responses: {
			complete: responseCount((r) => !r.excluded && r.status === 'complete'),
			partial: responseCount((r) => !r.excluded && r.status === 'partial'),
			excluded: responseCount((r) => Boolean(r.excluded))
		}
	};
}
