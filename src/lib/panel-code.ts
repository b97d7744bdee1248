/**
 * Pseudonymous panel codes that link one resident across waves, e.g. `K7M-4QX`.
 *
 * Five random characters and one check character, grouped 3-3 for copying onto a card. The
 * alphabet has 31 characters (it leaves out 0/O, 1/I/L so that handwriting is not misread). The
 * check makes Σ wᵢ·xᵢ ≡ 0 (mod 31) with distinct weights 6…1: because 31 is prime, it catches every
 * single-character typo and every swap of two characters, so a kiosk can ask the resident again
 * instead of linking the wrong person. (Luhn mod N would not: it needs an even alphabet size.)
 * Isomorphic: used by the player and the server.
 */

export const PANEL_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const N = PANEL_CODE_ALPHABET.length;
const DATA_LENGTH = 5;

function codePoints(chars: string): number[] | undefined {
	const points: number[] = [];
	for (const char of chars) {
		const index = PANEL_CODE_ALPHABET.indexOf(char);
		if (index < 0) return undefined;
		points.push(index);
	}
	return points;
}

/** The character that makes the weighted sum of the whole code divisible by 31 (weights 6…2 for the data, 1 for the check). */
function checkCharacter(data: string): string {
	const points = codePoints(data);
	if (!points) throw new Error(`panel code data '${data}' has characters outside the alphabet`);
	const sum = points.reduce((total, x, i) => total + (DATA_LENGTH + 1 - i) * x, 0);
	return PANEL_CODE_ALPHABET[(N - (sum % N)) % N] as string;
}

/** Upper-cases and drops spaces and dashes; look-alike characters are not guessed (the check catches them). */
export function normalizePanelCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Formats six characters as `ABC-DEF`. */
export function formatPanelCode(normalized: string): string {
	return `${normalized.slice(0, 3)}-${normalized.slice(3)}`;
}

/** Whether the input (in any case, with or without the dash) is a well-formed code with a correct check character. */
export function isValidPanelCode(input: string): boolean {
	const code = normalizePanelCode(input);
	if (code.length !== DATA_LENGTH + 1 || !codePoints(code)) return false;
	return checkCharacter(code.slice(0, DATA_LENGTH)) === code.slice(DATA_LENGTH);
}

/** A new random code; `random` returns numbers in [0, 1) (crypto-backed in production, seeded in the demo). */
export function generatePanelCode(random: () => number): string {
	let data = '';
	for (let i = 0; i < DATA_LENGTH; i++) data += PANEL_CODE_ALPHABET[Math.floor(random() * N)];
	return formatPanelCode(data + checkCharacter(data));
}

/** A `random` for `generatePanelCode` backed by the Web Crypto API (browser and Node). */
export function cryptoRandom(): number {
	const buffer = new Uint32Array(1);
	globalThis.crypto.getRandomValues(buffer);
	return (buffer[0] as number) / 2 ** 32;
}
