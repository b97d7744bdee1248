/**
 * One export download: checks the options, writes the audit row (who, which file, which options —
 * before the first byte, so an aborted download is on record too), and answers with the file as a
 * stream read a page at a time. Errors are JSON `{ error: { code, message, path? } }`, the same for
 * a staff session and an API token.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Project } from '../projects';
import type { User } from '../users';
import { apiError } from '../api-response';
import { recordAudit } from '../audit';
import { EXPORT_FILES, isExportFile, missingKey, parseExportOptions, type ExportFile, type ExportOptions } from '../../exports/options';
import { downloadName } from '../../exports/syntax-shared';
import { readExportCatalog } from './catalog';
import { exportFileChunks } from './files';
import { keyFingerprint } from './pseudonym';
import { yieldToEventLoop } from '../event-loop';

const CONTENT_TYPES: Record<ExportFile, string> = {
	'long.csv': 'text/csv; charset=utf-8; header=present',
	'wide.csv': 'text/csv; charset=utf-8; header=present',
	'scores.csv': 'text/csv; charset=utf-8; header=present',
	'codebook.csv': 'text/csv; charset=utf-8; header=present',
	'codebook.html': 'text/html; charset=utf-8',
	'anju.R': 'text/plain; charset=utf-8',
	'anju.sps': 'text/plain; charset=utf-8',
	'anju.do': 'text/plain; charset=utf-8'
};

/** The project's waves and languages, which the options are chosen from. */
export async function exportChoices(db: Kysely<Database>, project: Project) {
	const waves = await db.selectFrom('waves').select('id').where('project_id', '=', project.id).orderBy('wave_order').execute();
	return { waveIds: waves.map((w) => w.id), languages: project.languages };
}

/**
 * Chunks as a byte stream that reads on only as fast as the client takes it. Before each chunk it
 * lets the event loop take other requests: a client that reads as fast as the file is made (on
 * the same machine or a fast network) would otherwise keep the server to itself for the whole
 * file, and kiosks' submissions would wait a second for a large export.
 */
export function byteStream(chunks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			await yieldToEventLoop();
			try {
				const { value, done } = await chunks.next();
				if (done) controller.close();
				else controller.enqueue(value);
			} catch (error) {
				console.error(error);
				controller.error(error);
			}
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
}

function auditedOptions(file: ExportFile, options: ExportOptions) {
	return {
		file,
		waves: options.waveIds,
		includeExcluded: options.includeExcluded,
		includeWithdrawn: options.includeWithdrawn,
		panelCodes: options.panelCodes,
		bom: options.bom,
		language: options.language,
		keyFingerprint: options.key ? keyFingerprint(options.key) : null
	};
}

/** The response to `GET …/exports/<file>?<options>` by `user`, a member of `project`. */
export async function exportDownload(
	db: Kysely<Database>,
	project: Project,
	user: Pick<User, 'id' | 'role'>,
	file: string,
	params: URLSearchParams
): Promise<Response> {
	if (!isExportFile(file)) return apiError(404, 'not_found', `There is no export file '${file}'; the files are ${EXPORT_FILES.join(', ')}`);
	const parsed = parseExportOptions(params, await exportChoices(db, project));
	if (!parsed.ok) return apiError(400, parsed.error.code, parsed.error.message, { path: parsed.error.path });
	const options = parsed.options;
	const noKey = missingKey(file, options);
	if (noKey) return apiError(400, noKey.code, noKey.message, { path: noKey.path });
	if (options.panelCodes && user.role !== 'admin') {
		return apiError(
			403,
			'panel_codes_forbidden',
			'Only an admin can include panel codes in an export; leave out panel_codes for pseudonyms only',
			{
				path: 'panel_codes'
			}
		);
	}
	const catalog = await readExportCatalog(db, project, options.waveIds);
	await recordAudit(db, {
		actorUserId: user.id,
		action: options.panelCodes ? 'export.download_with_panel_codes' : 'export.download',
		entityType: 'project',
		entityId: project.id,
		projectId: project.id,
		after: auditedOptions(file, options)
	});
	const headers: Record<string, string> = {
		'content-type': CONTENT_TYPES[file],
		'content-disposition': `${file === 'codebook.html' ? 'inline' : 'attachment'}; filename="${downloadName(project.slug, file)}"`,
		'cache-control': 'no-store'
	};
	if (file === 'codebook.html') headers['content-security-policy'] = "default-src 'none'; style-src 'unsafe-inline'";
	return new Response(byteStream(exportFileChunks(db, catalog, options, file)), { headers });
}
