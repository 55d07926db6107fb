import { v7 as uuidv7 } from 'uuid';

/** A new stable identifier: a UUIDv7, so identifiers sort by creation time. */
export function newId(): string {
  return uuidv7();
}

/** The current time as an ISO 8601 string (UTC, milliseconds), the store's timestamp format. */
export function nowIso(): string {
  return new Date().toISOString();
}
