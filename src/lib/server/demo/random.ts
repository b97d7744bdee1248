/**
 * A small seeded pseudo-random generator for the demo data: sfc32 (Small Fast Counting, from
 * PractRand) seeded through splitmix32, plus standard normals by Box–Muller.
 *
 * Not cryptographic — the demo only needs the same plan for the same seed on every machine, which
 * `Math.random` cannot give. Integer arithmetic via `Math.imul` and `>>> 0` keeps it exact in JS.
 */

export interface Random {
	/** Uniform in [0, 1). */
	next(): number;
	/** Standard normal (mean 0, SD 1). */
	normal(): number;
	/** Uniform integer in [0, n). */
	below(n: number): number;
	/** True with probability p. */
	chance(p: number): boolean;
	/** A 32-bit unsigned integer. */
	uint32(): number;
}

/** splitmix32 step: spreads a small seed over all bits so nearby seeds give unrelated streams. */
function splitmix32(state: number): [number, number] {
	const next = (state + 0x9e3779b9) | 0;
	let z = next;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return [next, (z ^ (z >>> 16)) >>> 0];
}

/** A generator for `seed`; `stream` picks an independent sequence for the same seed. */
export function createRandom(seed: number, stream = 0): Random {
	let mix = (seed ^ Math.imul(stream + 1, 0x27d4eb2d)) | 0;
	const words: number[] = [];
	for (let i = 0; i < 4; i++) {
		const [state, word] = splitmix32(mix);
		mix = state;
		words.push(word);
	}
	let [a, b, c, d] = words as [number, number, number, number];
	let spareNormal: number | undefined;

	function uint32(): number {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	}

	function next(): number {
		return uint32() / 4294967296;
	}

	// Box–Muller gives two independent normals per pair of uniforms; the second is kept for the next call.
	function normal(): number {
		if (spareNormal !== undefined) {
			const value = spareNormal;
			spareNormal = undefined;
			return value;
		}
		const radius = Math.sqrt(-2 * Math.log(1 - next()));
		const angle = 2 * Math.PI * next();
		spareNormal = radius * Math.sin(angle);
		return radius * Math.cos(angle);
	}

	// Discard the first outputs, as sfc32's authors recommend, so the state is well mixed.
	for (let i = 0; i < 12; i++) uint32();

	return {
		next,
		normal,
		uint32,
		below: (n) => Math.floor(next() * n),
		chance: (p) => next() < p
	};
}

/** A version-4-formatted UUID whose 122 random bits come from `random` (deterministic for a seed). */
export function seededUuid(random: Random): string {
	let hex = '';
	for (let i = 0; i < 4; i++) hex += random.uint32().toString(16).padStart(8, '0');
	const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
