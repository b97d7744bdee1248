/**
 * The exports page: the options chosen in its GET form (so the address keeps them), a pseudonym key
 * made when none is given, and the download address of every file with those options.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Project } from '../projects';
import type { User } from '../users';
import { listWaves } from '../waves';
import { EXPORT_FILES, exportQueryString, parseExportOptions, type ExportFile, type ExportOptions } from '../../exports/options';

export interface ExportPage {
	waves: { id: string; name: string }[];
	languages: string[];
	options: ExportOptions & { key: string };
	/** Only admins may add panel codes. */
	mayIncludePanelCodes: boolean;
	/** What is wrong with the options in the address, if anything (then no links). */
	problem: 'no_wave' | 'invalid' | null;
	/** Query string of every download link. */
	query: string;
	files: ExportFile[];
}

/** A fresh random pseudonym key (128 bits). */
export function newPseudonymKey(): string {
	return randomBytes(16).toString('base64url');
}

export async function exportPageData(
	db: Kysely<Database>,
	project: Project,
	user: Pick<User, 'role'>,
	params: URLSearchParams
): Promise<ExportPage> {
	const waves = await listWaves(db, project.id);
	const choices = { waveIds: waves.map((w) => w.id), languages: project.languages };
	const parsed = parseExportOptions(params, choices);
	const fallback = parseExportOptions(new URLSearchParams(), choices);
	const chosen = parsed.ok ? parsed.options : fallback.ok ? fallback.options : undefined;
	if (!chosen) throw new Error('the default export options do not parse');
	const mayIncludePanelCodes = user.role === 'admin';
	const options = { ...chosen, panelCodes: chosen.panelCodes && mayIncludePanelCodes, key: chosen.key ?? newPseudonymKey() };
	// The form says it was sent, so that no wave ticked is not read as "every wave".
	const noWave = params.has('sent') && params.getAll('wave').filter(Boolean).length === 0;
	return {
		waves: waves.map((w) => ({ id: w.id, name: w.name })),
		languages: project.languages,
		options,
		mayIncludePanelCodes,
		problem: !parsed.ok ? 'invalid' : noWave || waves.length === 0 ? 'no_wave' : null,
		query: exportQueryString(options, choices),
		files: [...EXPORT_FILES]
	};
}
