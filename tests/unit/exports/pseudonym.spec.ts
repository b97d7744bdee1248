import { describe, expect, it } from 'vitest';
import { keyFingerprint, pseudonym } from '$lib/server/exports/pseudonym';

describe('export pseudonyms', () => {
	const key = 'fixture-pseudonym-key-0001';

	it('are r and 12 characters of Crockford base32, the same for the same key, project and respondent', () => {
		const p = pseudonym(key, 'project-1', 'respondent-1');
		expect(p).toMatch(/^r[0-9a-hjkmnp-tv-z]{12}$/);
		expect(pseudonym(key, 'project-1', 'respondent-1')).toBe(p);
	});

	it('differ with another key, project or respondent', () => {
		const p = pseudonym(key, 'project-1', 'respondent-1');
		expect(pseudonym('another-key-of-16', 'project-1', 'respondent-1')).not.toBe(p);
		expect(pseudonym(key, 'project-2', 'respondent-1')).not.toBe(p);
		expect(pseudonym(key, 'project-1', 'respondent-2')).not.toBe(p);
	});

	it('do not collide among 20,000 respondents', () => {
		const seen = new Set(Array.from({ length: 20_000 }, (_, i) => pseudonym(key, 'p', `r${i}`)));
		expect(seen.size).toBe(20_000);
	});

	it('a key’s fingerprint is short and is not the key', () => {
		expect(keyFingerprint(key)).toMatch(/^[0-9a-f]{16}$/);
		expect(keyFingerprint(key)).not.toContain(key.slice(0, 6));
	});
});
