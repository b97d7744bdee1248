import { describe, expect, it } from 'vitest';
import {
	PANEL_CODE_ALPHABET,
	cryptoRandom,
	formatPanelCode,
	generatePanelCode,
	isValidPanelCode,
	normalizePanelCode
} from '$lib/panel-code';

/** mulberry32: a small seeded generator, so every run checks the same codes. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

function generate(count: number, seed: number): string[] {
	const random = seeded(seed);
	return Array.from({ length: count }, () => generatePanelCode(random));
}

/** The six characters of a code with the dash removed. */
const chars = (code: string) => [...normalizePanelCode(code)];

/** The valid code for five data characters: the one check character that makes it valid. */
function withCheck(data: string): string {
	const check = [...PANEL_CODE_ALPHABET].find((c) => isValidPanelCode(data + c));
	if (!check) throw new Error(`no check character makes ${data} valid`);
	return data + check;
}

const FORMAT = new RegExp(`^[${PANEL_CODE_ALPHABET}]{3}-[${PANEL_CODE_ALPHABET}]{3}$`);
const codes = generate(200, 20261126);

describe('generatePanelCode', () => {
	it('makes valid codes formatted XXX-XXX', () => {
		for (const code of [...codes, ...Array.from({ length: 50 }, () => generatePanelCode(cryptoRandom))]) {
			expect(code).toMatch(FORMAT);
			expect(isValidPanelCode(code)).toBe(true);
		}
	});

	it('uses an alphabet without look-alike characters', () => {
		expect(PANEL_CODE_ALPHABET).toHaveLength(31);
		for (const c of 'O0I1L') expect(PANEL_CODE_ALPHABET).not.toContain(c);
	});

	it('is deterministic for a seeded random', () => {
		expect(generate(20, 42)).toEqual(generate(20, 42));
		expect(generate(20, 42)).not.toEqual(generate(20, 43));
		expect(new Set(codes).size).toBe(codes.length);
	});

	it('covers the whole alphabet', () => {
		expect(new Set(codes.flatMap(chars))).toEqual(new Set(PANEL_CODE_ALPHABET));
	});
});

describe('isValidPanelCode', () => {
	// Regression (src/lib/panel-code.ts): Luhn mod N needs an even N. With 31 characters the doubled
	// addend floor(2x/31) + 2x mod 31 is not one-to-one (x and x + 15 give the same addend for
	// x = 1…15), so at the 1st, 3rd and 5th character '3'↔'J', '4'↔'K' … 'H'↔'Z' go undetected.
	it('detects every single-character substitution of 200 generated codes', () => {
		const undetected: string[] = [];
		for (const code of codes) {
			const original = chars(code);
			original.forEach((char, position) => {
				for (const other of PANEL_CODE_ALPHABET) {
					if (other === char) continue;
					const typo = original.with(position, other).join('');
					if (isValidPanelCode(typo)) undetected.push(`${code} → ${formatPanelCode(typo)}`);
				}
			});
		}
		expect(undetected).toEqual([]);
	});

	// Regression (same cause): Luhn mod 31 misses the swap of '2' (code point 0) and 'Z' (30), the analogue
	// of 09 ↔ 90 in decimal Luhn; two of the 200 seeded codes start with 2Z (2ZX-TFM, 2ZJ-4RG).
	it('detects every adjacent transposition of distinct characters in 200 generated codes', () => {
		const undetected: string[] = [];
		for (const code of codes) {
			const original = chars(code);
			for (let p = 0; p < original.length - 1; p++) {
				const [a, b] = [original[p] as string, original[p + 1] as string];
				if (a === b) continue;
				const swapped = original
					.with(p, b)
					.with(p + 1, a)
					.join('');
				if (isValidPanelCode(swapped)) undetected.push(`${code} → ${formatPanelCode(swapped)}`);
			}
		}
		expect(undetected).toEqual([]);
	});

	// Regression (same cause): the same '2' ↔ 'Z' swap, checked at every position whatever the seed.
	it('detects the adjacent transposition of every pair of distinct characters at every position', () => {
		const undetected: string[] = [];
		const filler = '3456789';
		for (let p = 0; p < 5; p++) {
			for (const a of PANEL_CODE_ALPHABET) {
				for (const b of PANEL_CODE_ALPHABET) {
					if (a === b) continue;
					let valid: string;
					if (p < 4) {
						valid = withCheck((filler.slice(0, p) + a + b + filler).slice(0, 5));
					} else {
						// The last data character and the check character: pick data whose check is b.
						const data = [...PANEL_CODE_ALPHABET].map((c) => `3${c}45${a}`).find((d) => withCheck(d).endsWith(b));
						if (!data) throw new Error(`no data ending in ${a} has check character ${b}`);
						valid = data + b;
					}
					const swapped = [...valid]
						.with(p, b)
						.with(p + 1, a)
						.join('');
					if (isValidPanelCode(swapped)) undetected.push(`${formatPanelCode(valid)} → ${formatPanelCode(swapped)}`);
				}
			}
		}
		expect(undetected).toEqual([]);
	});

	it('accepts lower case, spaces and a missing dash', () => {
		for (const code of codes.slice(0, 20)) {
			const plain = normalizePanelCode(code);
			expect(isValidPanelCode(code.toLowerCase())).toBe(true);
			expect(isValidPanelCode(plain)).toBe(true);
			expect(isValidPanelCode(` ${plain.slice(0, 3)} ${plain.slice(3)} `)).toBe(true);
			expect(isValidPanelCode(`${plain.slice(0, 3).toLowerCase()} - ${plain.slice(3)}`)).toBe(true);
		}
	});

	it('rejects look-alike characters outside the alphabet', () => {
		for (const code of codes.slice(0, 20)) {
			const original = chars(code);
			for (const lookAlike of ['O', '0', 'I', '1', 'L', 'o', 'i', 'l']) {
				for (let position = 0; position < original.length; position++) {
					expect(isValidPanelCode(original.with(position, lookAlike).join(''))).toBe(false);
				}
			}
		}
	});

	it('rejects wrong lengths and other characters', () => {
		const plain = normalizePanelCode(codes[0] as string);
		for (const input of [
			'',
			'-',
			plain.slice(0, 5),
			`${plain}2`,
			`${plain.slice(0, 3)}_${plain.slice(3)}`,
			`${plain.slice(0, 3)}.${plain.slice(3)}`
		]) {
			expect(isValidPanelCode(input)).toBe(false);
		}
	});
});

describe('normalizePanelCode and formatPanelCode', () => {
	it('upper-cases and drops spaces and dashes', () => {
		expect(normalizePanelCode('k7m-4qx')).toBe('K7M4QX');
		expect(normalizePanelCode(' k7m 4qx\t')).toBe('K7M4QX');
		expect(normalizePanelCode('K-7-M-4-Q-X')).toBe('K7M4QX');
	});

	it('does not guess look-alike characters', () => {
		expect(normalizePanelCode('o0i-1lx')).toBe('O0I1LX');
	});

	it('formats six characters as XXX-XXX', () => {
		expect(formatPanelCode('K7M4QX')).toBe('K7M-4QX');
		for (const code of codes.slice(0, 20)) expect(formatPanelCode(normalizePanelCode(code))).toBe(code);
	});
});
