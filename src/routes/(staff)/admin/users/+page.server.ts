import { fail, redirect } from '@sveltejs/kit';
import type { Role } from '$lib/server/db/schema';
import { createUserAccount, listUsersWithProjects, setUserDisabled, UserInputError } from '$lib/server/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	users: await listUsersWithProjects(locals.db),
	viewerId: locals.user!.id
});

async function setDisabled(request: Request, locals: App.Locals, disabled: boolean) {
	const userId = String((await request.formData()).get('userId') ?? '');
	const result = await setUserDisabled(locals.db, userId, disabled, { userId: locals.user!.id });
	if (result !== 'ok') return fail(400, { statusError: result, userId });
	redirect(303, '/admin/users');
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await request.formData();
		const values = {
			email: String(form.get('email') ?? '').trim(),
			name: String(form.get('name') ?? '').trim(),
			role: String(form.get('role') ?? '')
		};
		try {
			const { user, generatedPassword } = await createUserAccount(
				locals.db,
				{ ...values, role: values.role as Role, password: String(form.get('password') ?? '') },
				{ userId: locals.user!.id }
			);
			// A generated password is shown on this one response and never again: no redirect, no URL.
			if (generatedPassword) return { created: { email: user.email, password: generatedPassword } };
		} catch (error) {
			if (error instanceof UserInputError) return fail(400, { errors: error.errors, values });
			throw error;
		}
		redirect(303, '/admin/users');
	},
	disable: ({ request, locals }) => setDisabled(request, locals, true),
	enable: ({ request, locals }) => setDisabled(request, locals, false)
};
