import type { Kysely } from 'kysely';
import { insightRepository } from './repository.ts';
import { newId } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';

export const USAGE_EVENT_TYPES = ['resource_viewed', 'search_performed', 'result_opened'] as const;
export type UsageEventType = (typeof USAGE_EVENT_TYPES)[number];

/**
 * One usage event. It carries no personal data: no IP address, no user or session id, no
 * user agent, and only the day it happened — raw material for aggregated insight.
 */
export interface UsageEvent {
  type: UsageEventType;
  resourceId?: string | null;
  query?: string | null;
  resultCount?: number | null;
  filters?: Record<string, string[]> | null;
}

/**
 * Deletes raw usage events older than `days` days, so they are kept bounded (until they are rolled
 * up into daily aggregates, a retention period is all that limits them). Returns how many went.
 */
export async function pruneUsageEvents(db: Kysely<Database>, days: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - days * 86400_000).toISOString().slice(0, 10);
  return insightRepository.deleteEventsBefore(db, before);
}

/** Appends usage events; never updates them (only `pruneUsageEvents` deletes, after the retention period). */
export async function recordUsage(db: Kysely<Database>, event: UsageEvent, now = new Date()): Promise<void> {
  await insightRepository.insertEvent(db, {
    id: newId(),
    type: event.type,
    resource_id: event.resourceId ?? null,
    // Queries are kept to learn what people look for; they are trimmed and bounded.
    query: event.query ? event.query.trim().slice(0, 200) : null,
    result_count: event.resultCount ?? null,
    filters: event.filters && Object.keys(event.filters).length ? JSON.stringify(event.filters) : null,
    occurred_on: now.toISOString().slice(0, 10),
  });
}
