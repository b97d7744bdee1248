import { error } from '@sveltejs/kit';
import { exportInstrumentXlsform } from '$lib/server/imports/xlsform';
import type { RequestHandler } from './$types';

/** The instrument version (current unless `?version=`) as an XLSForm workbook. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const workbook = await exportInstrumentXlsform(locals.db, locals.library, params.key, url.searchParams.get('version'));
	if (!workbook) error(404, `No instrument '${params.key}'`);
	return new Response(workbook.data as BufferSource, {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': `attachment; filename="${workbook.fileName}"`
		}
	});
};
