/**
 * Variable names that R, SPSS and Stata all accept: lowercase letters, digits and `_`, starting with
 * a letter, at most 32 characters (Stata's limit), unique. Pure.
 */

export const NAME_MAX = 32;

/** Words R, SPSS or Stata keep for themselves; a variable so named gets a `_` after it. */
const RESERVED = new Set(
	'all and by eq ge gt le lt ne not or to with if in else for while repeat function next break true false null inf nan na byte int long float double strl using'.split(
		' '
	)
);

/** `community-identity` → `community_identity`; a leading digit or `_` gets a `v` in front. */
export function toVariableName(text: string): string {
	let name = text
		.toLowerCase()
		.replace(/[^a-z0-9_]+/g, '_')
		.replace(/^_+|_+$/g, '');
	if (!/^[a-z]/.test(name)) name = `v${name}`;
	name = name.slice(0, NAME_MAX);
	return RESERVED.has(name) ? `${name}_` : name;
}

/**
 * Names for candidates in order: each its plain name unless that is reserved or more than one
 * candidate wants it, then its qualified name (e.g. with the instrument in front); any clash left
 * after that, or after cutting to 32 characters, gets `_2`, `_3`, … .
 */
export function assignNames(candidates: { plain: string; qualified: string }[], reserved: Iterable<string>): string[] {
	const taken = new Set(reserved);
	const wanted = new Map<string, number>();
	for (const c of candidates) wanted.set(c.plain, (wanted.get(c.plain) ?? 0) + 1);
	return candidates.map((c) => {
		const base = toVariableName(taken.has(c.plain) || (wanted.get(c.plain) ?? 0) > 1 ? c.qualified : c.plain);
		let name = base;
		for (let n = 2; taken.has(name); n++) name = `${base.slice(0, NAME_MAX - String(n).length - 1)}_${n}`;
		taken.add(name);
		return name;
	});
}
