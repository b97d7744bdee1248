/**
 * What the interviewer page needs: the project's waves that ask instruments and its sites to
 * choose from, and — once both are chosen — the player's configuration for that wave × site.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import type { Project } from '$lib/server/projects';
import type { PlayerInstrument } from '$lib/player/types';
import type { ConsentTexts } from '$lib/player/consent';
import { consentTextsFor } from '$lib/server/consent';
import { getInstrumentVersion } from '$lib/server/instruments';
import { listSites } from '$lib/server/sites';
import { listWaveInstrumentIds, listWaveSummaries } from '$lib/server/waves';
import { currentWave, localDate } from '$lib/server/kiosk-bundle';

export interface InterviewSession {
	wave: { id: string; name: string };
	site: { id: string; name: string };
	languages: string[];
	idleWarningSeconds: number;
	idleResetSeconds: number;
	instruments: PlayerInstrument[];
	consent: ConsentTexts;
}

export interface InterviewChoices {
	waves: { id: string; name: string }[];
	/** The wave a kiosk would collect for today: preselected. */
	defaultWaveId: string | null;
	sites: { id: string; name: string }[];
	session: InterviewSession | null;
}

export async function getInterviewChoices(
	db: Kysely<Database>,
	project: Project,
	waveId: string | null,
	siteId: string | null
): Promise<InterviewChoices> {
	const [waveRows, siteRows] = await Promise.all([listWaveSummaries(db, project.id), listSites(db, project.id)]);
	const asking = waveRows.filter((w) => w.instruments > 0);
	const waves = asking.map((w) => ({ id: w.id, name: w.name }));
	const defaultWaveId = currentWave(asking, localDate())?.id ?? null;
	const sites = siteRows.map((s) => ({ id: s.id, name: s.name }));
	const wave = waves.find((w) => w.id === waveId);
	const site = sites.find((s) => s.id === siteId);
	if (!wave || !site) return { waves, defaultWaveId, sites, session: null };
	const versions = await Promise.all((await listWaveInstrumentIds(db, wave.id)).map((id) => getInstrumentVersion(db, id)));
	const instruments = versions.map((version, i) => {
		if (!version) throw new Error(`wave ${wave.id} asks instrument version #${i + 1}, which is not stored`);
		return { versionId: version.id, instrument: version.instrument };
	});
	return {
		waves,
		defaultWaveId,
		sites,
		session: {
			wave,
			site,
			languages: project.languages,
			idleWarningSeconds: project.idleWarningSeconds,
			idleResetSeconds: project.idleResetSeconds,
			instruments,
			consent: consentTextsFor(project.languages)
		}
	};
}
