import { randomBytes, randomUUID } from 'node:crypto';

/** A new random text id (UUID v4). */
export function newId(): string {
	return randomUUID();
}

/** The current time as an ISO-8601 UTC timestamp, the only timestamp format stored. */
export function nowIso(): string {
	return new Date().toISOString();
}

let lastMs = 0;
let sequence = 0;

/**
 * A new UUID v7 (RFC 9562): the first 48 bits are the time in milliseconds, the next 12 a counter
 * within the millisecond, so ids made by one process sort in the order they were made. For rows
 * listed in insertion order on any database (the audit log) — SQLite's rowid is not portable.
 */
export function newTimeOrderedId(now = Date.now()): string {
	if (now > lastMs) {
		lastMs = now;
		sequence = 0;
	} else if (++sequence > 0xfff) {
		// 4,096 ids in one millisecond: borrow the next one.
		lastMs += 1;
		sequence = 0;
	}
	const bytes = randomBytes(16);
	bytes.writeUIntBE(lastMs, 0, 6);
	bytes[6] = 0x70 | (sequence >> 8);
	bytes[7] = sequence & 0xff;
	bytes[8] = 0x80 | (bytes[8]! & 0x3f);
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
