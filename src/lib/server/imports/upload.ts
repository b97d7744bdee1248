/**
 * File uploads of the import pages (multipart form posts). The server takes request bodies up to
 * adapter-node's BODY_SIZE_LIMIT (512 KB by default), and a checked file travels back to the
 * confirm step base64-encoded (a third larger), so uploads are capped below that with a clear
 * message; larger files go through the command line.
 */

/** Largest file the import pages take. */
export const MAX_UPLOAD_BYTES = 360 * 1024;

export type UploadedFile = { ok: true; data: Uint8Array; name: string } | { ok: false; error: 'missing' | 'too_large' };

/** The request's form data, or 'too_large' when the body was cut off at the server's limit. */
export async function readUploadForm(request: Request): Promise<FormData | 'too_large'> {
	try {
		return await request.formData();
	} catch (error) {
		if ((error as { status?: unknown } | null)?.status === 413) return 'too_large';
		throw error;
	}
}

/** A file field of the form; a field left empty is 'missing'. */
export async function uploadedFile(form: FormData, field: string): Promise<UploadedFile> {
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) return { ok: false, error: 'missing' };
	if (file.size > MAX_UPLOAD_BYTES) return { ok: false, error: 'too_large' };
	return { ok: true, data: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

/** A file carried to the confirm step in a hidden field. */
export function encodeFile(data: Uint8Array): string {
	return Buffer.from(data).toString('base64');
}

export function decodeFile(text: string): Uint8Array | undefined {
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length === 0) return undefined;
	const data = new Uint8Array(Buffer.from(text, 'base64'));
	return data.byteLength <= MAX_UPLOAD_BYTES ? data : undefined;
}
