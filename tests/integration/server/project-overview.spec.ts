import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProjectOverview } from '$lib/server/project-overview';
import type { ResponseStatus } from '$lib/server/db/schema';
import { createSite } from '$lib/server/sites';
import { createTestDb, loadLibrary, seedProject, type SeededProject, type TestDb } from '../../helpers/db';

let t: TestDb;
let seeded: SeededProject;

beforeAll(async () => {
	t = await createTestDb();
	seeded = await seedProject(t.db, loadLibrary(), 'overview');
	await createSite(t.db, { projectId: seeded.projectId, name: 'Second project site', arm: 'project', targetPerWave: 50 });
	await seedProject(t.db, loadLibrary(), 'elsewhere');
});
afterAll(() => t.cleanup());

async function respondent(code: string, mergedIntoId: string | null = null): Promise<string> {
	const id = randomUUID();
	const now = new Date().toISOString();
	await t.db
		.insertInto('respondents')
		.values({
			id,
			project_id: seeded.projectId,
			panel_code: code,
			created_at: now,
			withdrawn_at: null,
			withdrawal_reason: null,
			merged_into_id: mergedIntoId
		})
		.execute();
	return id;
}

async function response(respondentId: string, status: ResponseStatus, excluded = 0): Promise<void> {
	const now = new Date().toISOString();
	await t.db
		.insertInto('responses')
		.values({
			id: randomUUID(),
			project_id: seeded.projectId,
			wave_id: seeded.baselineWaveId,
			site_id: seeded.projectSiteId,
			respondent_id: respondentId,
			instrument_version_id: Object.values(seeded.versionIds)[0] as string,
			mode: 'interviewer',
			language: 'zh-Hans',
			consent_at: now,
			started_at: now,
			completed_at: status === 'complete' ? now : null,
			received_at: now,
			status,
			kiosk_id: null,
			interviewer_id: null,
			payload_hash: randomUUID(),
			excluded,
			excluded_reason: excluded ? 'test' : null
		})
		.execute();
}

describe('getProjectOverview', () => {
	it('counts sites per arm, waves, distinct respondents and counting responses of this project only', async () => {
		const a = await respondent('AAAA');
		const b = await respondent('BBBB');
		await respondent('CCCC', a);
		await response(a, 'complete');
		await response(a, 'partial');
		await response(b, 'complete');
		await response(b, 'complete', 1);
		expect(await getProjectOverview(t.db, seeded.projectId)).toEqual({
			sites: { project: 2, comparison: 1 },
			waves: 1,
			respondents: 2,
			responses: { complete: 2, partial: 1, excluded: 1 }
		});
	});
});
