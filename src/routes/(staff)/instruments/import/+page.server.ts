import { fail, redirect } from '@sveltejs/kit';
import { config } from '$lib/server/config';
import { MAX_UPLOAD_BYTES, readUploadForm, uploadedFile } from '$lib/server/imports/upload';
import { addImportedInstrument, previewXlsform } from '$lib/server/imports/xlsform';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ maxKb: MAX_UPLOAD_BYTES / 1024 });

export const actions: Actions = {
	preview: async ({ request }) => {
		const form = await readUploadForm(request);
		if (form === 'too_large') return fail(413, { uploadError: 'too_large' as const, language: '' });
		const language = String(form.get('language') ?? '').trim();
		const file = await uploadedFile(form, 'form');
		if (!file.ok) return fail(file.error === 'too_large' ? 413 : 400, { uploadError: file.error, language });
		const { yaml, issues } = await previewXlsform(file.data, { fileName: file.name, language: language || undefined });
		return { preview: { fileName: file.name, yaml, issues }, language };
	},
	add: async ({ request, locals }) => {
		const form = await request.formData();
		// A textarea comes back with CRLF line ends; the library's files use LF.
		const yaml = String(form.get('yaml') ?? '').replace(/\r\n?/g, '\n');
		const fileName = String(form.get('fileName') ?? '');
		const { instrumentsDir, staticDir } = config();
		const result = await addImportedInstrument(locals.db, locals.library, yaml, {
			instrumentsDir,
			staticDir,
			actor: { userId: locals.user!.id }
		});
		if (!result.ok) return fail(400, { addErrors: result.errors, yaml, fileName });
		redirect(303, `/instruments/${result.loaded.instrument.key}?version=${result.loaded.hash}`);
	}
};
