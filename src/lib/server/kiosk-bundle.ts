/**
 * What a kiosk needs to run offline: who it is, its project's languages and idle timings, the
 * wave it collects for with that wave's instrument versions in order, and the consent text.
 */
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { Instrument } from '../instruments/types';
import type { Kiosk } from './kiosks';
import { getProjectById } from './projects';
import { listWaveInstrumentIds, listWaves, type Wave } from './waves';
import { consentTextsFor, type ConsentText } from './consent';

export interface KioskBundle {
	kiosk: { id: string; name: string; siteId: string; siteName: string };
	project: { slug: string; name: string; languages: string[]; idleWarningSeconds: number; idleResetSeconds: number };
	wave: { id: string; name: string } | null;
	instruments: { versionId: string; instrument: Instrument }[];
	consent: Record<string, ConsentText>;
}

/** Today's date (`YYYY-MM-DD`) on the server's clock and time zone, the zone wave dates are set in. */
export function localDate(now = new Date()): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The wave a kiosk collects for on `today`: the last (by order) wave open today, else the last
 * that has opened; undefined when none has. A wave without an opening date counts as opened, one
 * without a closing date stays open.
 */
export function currentWave(waves: readonly Wave[], today: string): Wave | undefined {
	const byOrder = [...waves].sort((a, b) => a.order - b.order);
	const opened = byOrder.filter((w) => w.opensOn === null || w.opensOn <= today);
	const open = opened.filter((w) => w.closesOn === null || w.closesOn >= today);
	return open.at(-1) ?? opened.at(-1);
}

/** The bundle of an active kiosk. Throws if its project or site is gone (a broken invariant). */
export async function getKioskBundle(db: Kysely<Database>, kiosk: Kiosk, today: string): Promise<KioskBundle> {
	const [project, site, waves] = await Promise.all([
		getProjectById(db, kiosk.projectId),
		db.selectFrom('sites').select('name').where('id', '=', kiosk.siteId).executeTakeFirstOrThrow(),
		listWaves(db, kiosk.projectId)
	]);
	if (!project) throw new Error(`kiosk ${kiosk.id} belongs to project ${kiosk.projectId}, which does not exist`);
	const wave = currentWave(waves, today);
	return {
		kiosk: { id: kiosk.id, name: kiosk.name, siteId: kiosk.siteId, siteName: site.name },
		project: {
			slug: project.slug,
			name: project.name,
			languages: project.languages,
			idleWarningSeconds: project.idleWarningSeconds,
			idleResetSeconds: project.idleResetSeconds
		},
		wave: wave ? { id: wave.id, name: wave.name } : null,
		instruments: wave ? await waveInstruments(db, wave.id) : [],
		consent: consentTextsFor(project.languages)
	};
}

async function waveInstruments(db: Kysely<Database>, waveId: string): Promise<KioskBundle['instruments']> {
	const ids = await listWaveInstrumentIds(db, waveId);
	if (ids.length === 0) return [];
	const rows = await db.selectFrom('instrument_versions').select(['id', 'content']).where('id', 'in', ids).execute();
	const content = new Map(rows.map((r) => [r.id, r.content]));
	return ids.map((versionId) => {
		const json = content.get(versionId);
		if (json === undefined) throw new Error(`wave ${waveId} asks instrument version ${versionId}, which is not stored`);
		return { versionId, instrument: JSON.parse(json) as Instrument };
	});
}
