/**
 * A module resolve hook: the migration list that src/lib/server/db/migrate.ts imports becomes
 * with-failing-migration.ts (the real list plus one broken migration). Every other import,
 * that module's own import of the real list included, resolves as usual.
 */
export async function resolve(specifier, context, nextResolve) {
	if (specifier.endsWith('/migrations/index') && context.parentURL?.endsWith('/src/lib/server/db/migrate.ts')) {
		return nextResolve(new URL('./with-failing-migration.ts', import.meta.url).href, context);
	}
	return nextResolve(specifier, context);
}
