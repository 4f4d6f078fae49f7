import { Injectable } from '@nestjs/common';
import type { NormalisedEvent } from '../ingest/normalised-event.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';
import { NORMALISED_UPSERTS, reduceForUpsert } from './normalised-upserts.js';

export type CommitStatus = 'created' | 'duplicate' | 'conflict';

interface EventInsertRow {
  ord: number;
  inserted: boolean;
  existing_hash: string | null;
}

const INSERT_EVENTS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS x(ord int, conversation_id text, id text, name text, ts timestamptz, content_hash text, payload jsonb)
), elsewhere AS (
  -- The key is (conversation_id, id) so the table can be distributed by conversation; an id reused
  -- under another conversation is still the same event id, so it is refused as a conflict.
  SELECT i.ord FROM input i
  WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = i.id AND e.conversation_id <> i.conversation_id)
), ins AS (
  INSERT INTO events (conversation_id, id, name, "timestamp", content_hash, payload)
  SELECT conversation_id, id, name, ts, content_hash, payload FROM input
  WHERE ord NOT IN (SELECT ord FROM elsewhere)
  ORDER BY conversation_id, id
  ON CONFLICT DO NOTHING
  RETURNING conversation_id, id
)
SELECT i.ord,
       (ins.id IS NOT NULL) AS inserted,
       (SELECT e.content_hash FROM events e WHERE e.id = i.id ORDER BY (e.conversation_id = i.conversation_id) DESC LIMIT 1) AS existing_hash
FROM input i
LEFT JOIN ins ON ins.conversation_id = i.conversation_id AND ins.id = i.id`;

/**
 * Writes events: the audit record and its normalised rows in one transaction, for a whole batch at
 * once with set-based statements (one statement per table, whatever the batch size). Callers with a
 * single event pass a batch of one; a group-commit queue can pass many.
 */
@Injectable()
export class EventStoreRepository {
  constructor(private readonly prisma: PrismaService) {}

  async commit(batch: readonly NormalisedEvent[]): Promise<CommitStatus[]> {
    if (batch.length === 0) return [];
    const firstIndexById = new Map<string, number>();
    batch.forEach((n, i) => {
      if (!firstIndexById.has(n.event.id)) firstIndexById.set(n.event.id, i);
    });
    const unique = [...firstIndexById.values()].map((i) => batch[i]);
    const statuses = await guardAvailability(() =>
      this.prisma.$transaction(
        async (tx) => {
          const rows = await tx.$queryRawUnsafe<EventInsertRow[]>(
            INSERT_EVENTS,
            JSON.stringify(unique.map(eventInput)),
          );
          const created = rows.filter((r) => r.inserted).map((r) => unique[r.ord]);
          for (const upsert of NORMALISED_UPSERTS) {
            const payload = reduceForUpsert(upsert, created);
            if (payload.length > 0) await tx.$executeRawUnsafe(upsert.sql, JSON.stringify(payload));
          }
          return rows;
        },
        { timeout: 60_000, maxWait: 10_000 },
      ),
    );
    // A row committed by a concurrent transaction is invisible to the statement's snapshot: look again.
    const unseen = statuses.filter((r) => !r.inserted && r.existing_hash === null);
    if (unseen.length > 0) {
      const hashes = await this.existingHashes(unseen.map((r) => unique[r.ord].event));
      unseen.forEach((r) => (r.existing_hash = hashes.get(unique[r.ord].event.id) ?? null));
    }
    const statusById = new Map<string, CommitStatus>();
    for (const r of statuses) {
      const event = unique[r.ord].event;
      statusById.set(
        event.id,
        r.inserted ? 'created' : r.existing_hash === event.contentHash ? 'duplicate' : 'conflict',
      );
    }
    return batch.map((n, i) => {
      const firstIndex = firstIndexById.get(n.event.id) as number;
      if (firstIndex === i) return statusById.get(n.event.id) as CommitStatus;
      const first = batch[firstIndex];
      // A repeat inside the batch: judged against the first occurrence.
      return first.event.contentHash === n.event.contentHash ? 'duplicate' : 'conflict';
    });
  }

  private async existingHashes(events: NormalisedEvent['event'][]): Promise<Map<string, string>> {
    const rows = await guardAvailability(() =>
      this.prisma.$queryRawUnsafe<{ id: string; conversation_id: string; content_hash: string }[]>(
        'SELECT id, conversation_id, content_hash FROM events WHERE id = ANY($1::text[])',
        events.map((e) => e.id),
      ),
    );
    const convOf = new Map(events.map((e) => [e.id, e.conversationId]));
    const hashes = new Map<string, string>();
    // Prefer the row of the same conversation; any other means the id was reused elsewhere.
    for (const r of rows) {
      if (!hashes.has(r.id) || r.conversation_id === convOf.get(r.id))
        hashes.set(r.id, r.content_hash);
    }
    return hashes;
  }
}

function eventInput(n: NormalisedEvent, ord: number) {
  const e = n.event;
  return {
    ord,
    conversation_id: e.conversationId,
    id: e.id,
    name: e.name,
    ts: e.timestamp.toISOString(),
    content_hash: e.contentHash,
    payload: e.payload,
  };
}
