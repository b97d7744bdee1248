/**
 * What the ingest benchmark runs against: the demo project seeded into a database, kiosks enrolled
 * through the real flow (create → one-time code → POST /api/kiosk/enroll → device token), an
 * evaluator's session, and realistic submissions — the demo plan's responses (its answer model,
 * partial responses, both languages) sent again under fresh UUIDs.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/lib/server/db/create-db';
import type { LoadedInstrument } from '../src/lib/server/instrument-files';
import { seedDemo } from '../src/lib/server/demo/seed';
import { planDemo } from '../src/lib/server/demo/plan';
import { createKiosk } from '../src/lib/server/kiosks';
import { createUser, generatePassword } from '../src/lib/server/users';
import { addMember } from '../src/lib/server/members';
import { createSession, SESSION_COOKIE } from '../src/lib/server/sessions';

export interface DemoWorld {
	projectId: string;
	slug: string;
	/** Site ids, in the plan's site order. */
	siteIds: string[];
	templates: SubmissionTemplate[];
}

export interface SubmissionTemplate {
	siteId: string;
	/** The submission without its `id`. */
	body: Record<string, unknown>;
	answers: number;
}

/** A seed other than the demo's own, so the templates are new residents' answers. */
const TEMPLATE_SEED = 7;

/** Seeds the demo project (600 baseline respondents) and prepares submissions for its waves. */
export async function seedDemoWorld(db: Db, library: LoadedInstrument[]): Promise<DemoWorld> {
	const { project } = await seedDemo(db, library);
	const plan = planDemo(
		library.map((l) => l.instrument),
		{ seed: TEMPLATE_SEED }
	);
	const sites = await db.selectFrom('sites').select(['id', 'name']).where('project_id', '=', project.id).execute();
	const waves = await db.selectFrom('waves').select(['id', 'name']).where('project_id', '=', project.id).execute();
	const byName = (rows: { id: string; name: string }[], name: string) => rows.find((r) => r.name === name)!.id;
	const siteIds = new Map(plan.sites.map((s) => [s.key, byName(sites, s.name)]));
	const waveIds = new Map(plan.waves.map((w) => [w.key, byName(waves, w.name)]));
	const versionIds = new Map(library.map((l) => [l.instrument.key, l.hash]));
	const templates = plan.responses.map((r): SubmissionTemplate => {
		const siteId = siteIds.get(r.siteKey)!;
		const body = {
			waveId: waveIds.get(r.waveKey)!,
			siteId,
			instrumentVersionId: versionIds.get(r.instrumentKey)!,
			panelCode: r.panelCode,
			mode: 'kiosk',
			language: r.language,
			consentAt: r.consentAt,
			startedAt: r.startedAt,
			completedAt: r.completedAt,
			status: r.status,
			answers: r.answers
		};
		return { siteId, body, answers: Object.keys(r.answers).length };
	});
	return { projectId: project.id, slug: project.slug, siteIds: [...siteIds.values()], templates };
}

/** The template's submission under a new UUID. */
export function freshSubmission(template: SubmissionTemplate): { id: string } & Record<string, unknown> {
	return { ...template.body, id: randomUUID() };
}

/** Cycles through `items` forever. */
export function roundRobin<T>(items: T[]): () => T {
	let next = 0;
	return () => items[next++ % items.length]!;
}

export interface Device {
	kioskId: string;
	siteId: string;
	token: string;
}

/** `perSite` new kiosks at every site, each enrolled over HTTP with its one-time code. */
export async function enrollDevices(db: Db, baseUrl: string, world: DemoWorld, perSite: number): Promise<Map<string, Device[]>> {
	const devices = new Map<string, Device[]>();
	for (const siteId of world.siteIds) {
		const enrolled: Device[] = [];
		for (let i = 0; i < perSite; i++) {
			const created = await createKiosk(db, { projectId: world.projectId, siteId, name: `Bench ${randomUUID().slice(0, 8)}` }, 'cli');
			const response = await fetch(`${baseUrl}/api/kiosk/enroll`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ code: created.enrollmentCode })
			});
			if (response.status !== 200) throw new Error(`enrollment failed: ${response.status} ${await response.text()}`);
			const { token } = (await response.json()) as { token: string };
			enrolled.push({ kioskId: created.kiosk.id, siteId, token });
		}
		devices.set(siteId, enrolled);
	}
	return devices;
}

/** A `Cookie` header for a new evaluator who is a member of the project. */
export async function evaluatorCookie(db: Db, projectId: string): Promise<string> {
	const user = await createUser(db, {
		email: `evaluator-${randomUUID().slice(0, 8)}@example.org`,
		name: 'Bench evaluator',
		password: generatePassword(),
		role: 'evaluator'
	});
	await addMember(db, projectId, user.id, null);
	const { token } = await createSession(db, user.id, { idleMs: 3_600_000, maxMs: 86_400_000 });
	return `${SESSION_COOKIE}=${token}`;
}

/** Rows of the tables a submission writes. */
export async function storedRows(db: Db): Promise<{ responses: number; answers: number; scores: number }> {
	const count = async (table: 'responses' | 'answers' | 'scores') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return { responses: await count('responses'), answers: await count('answers'), scores: await count('scores') };
}
