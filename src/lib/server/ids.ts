import { randomUUID } from 'node:crypto';

/** A new random text id (UUID v4). */
export function newId(): string {
	return randomUUID();
}

/** The current time as an ISO-8601 UTC timestamp, the only timestamp format stored. */
export function nowIso(): string {
	return new Date().toISOString();
}
