/**
 * Pseudonyms for exports. A respondent appears as `r` + 12 characters of
 * HMAC-SHA-256(key, "<project id>:<respondent id>") in Crockford's base32 (60 bits), where the key is
 * the export's pseudonym key, chosen per export (the exports page makes a random one; a script
 * passes its own). So:
 *
 * - the same key gives the same pseudonym in every file and every wave: files of one export join;
 * - another key gives unrelated pseudonyms: two exports cannot be linked unless their key is reused
 *   on purpose (to add a later wave to data already analysed);
 * - the pseudonym is computed from the respondent's internal id, a random UUID that no export and no
 *   evaluator's page shows — not from the panel code — so knowing the key does not reveal who is who;
 * - nothing is stored: the audit log keeps a fingerprint of the key (its SHA-256, cut short) to tell
 *   which downloads belong together, not the key itself.
 *
 * With 60 bits, two of 100,000 respondents share a pseudonym with a probability below 1 in 200 million.
 */
import { createHash, createHmac } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 12;

export function pseudonym(key: string, projectId: string, respondentId: string): string {
	const digest = createHmac('sha256', key).update(`${projectId}:${respondentId}`).digest();
	let out = 'r';
	let bits = 0;
	let buffer = 0;
	for (const byte of digest) {
		buffer = (buffer << 8) | byte;
		bits += 8;
		while (bits >= 5 && out.length <= LENGTH) {
			bits -= 5;
			out += ALPHABET[(buffer >> bits) & 31];
		}
		if (out.length > LENGTH) break;
		buffer &= (1 << bits) - 1;
	}
	return out;
}

/** A short fingerprint of a pseudonym key for the audit log. */
export function keyFingerprint(key: string): string {
	return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
