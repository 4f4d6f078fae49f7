import { Inject, Injectable } from '@nestjs/common';
import type { NormalisedEvent } from '../ingest/normalised-event.js';
import { NORMALISED_UPSERTS, reduceForUpsert } from './normalised-upserts.js';
import { splitPayload, withoutIdentity, type StoredPart } from './payload-parts.js';
import type { DatabaseConnection } from './database-connection.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability, isForeignKeyViolation, isUniqueViolation } from './storage-errors.js';

export type CommitStatus = 'created' | 'duplicate' | 'conflict';

/**
 * Envelope parts this process has committed: not sent again (parts are immutable and
 * content-addressed; an envelope's nested parts were committed with it). The foreign key from
 * events.parts_ref guards the cache: if the rows were removed since (a restore, a truncation), the
 * insert fails and the batch is retried with every part.
 */
const KNOWN_ENVELOPES_LIMIT = 20_000;

/**
 * Writes events: the audit record (chained, with its envelope deduplicated into parts) and its
 * normalised rows, for a whole batch at once, in ONE statement: the `cim_append_events` function
 * (migrations 20261125220000 and 20261126010000) locks the conversations' chain heads, sorts out
 * duplicates, chains and inserts the audit rows, then runs the normalised upserts
 * (`cim_upsert_normalised`, generated from NORMALISED_UPSERTS) on the rows given to it. One statement is atomic
 * without BEGIN/COMMIT, so a batch costs one round trip and its locks are never held across the
 * network. Raw SQL because the work is set-based (jsonb_to_recordset, ON CONFLICT with conditions),
 * where the query builder would cost a round trip per row; sent through the driver rather than
 * Prisma's $queryRaw because this one statement carries all ingest and Prisma's raw layer more than
 * doubled its CPU cost (see DatabaseConnection.query).
 */
const APPEND =
  'SELECT event_id, status FROM cim_append_events($1, $2::jsonb, $3::jsonb, $4::jsonb)';

/** Calls lost to a concurrent insert of the same event id before giving up (each settles it). */
const MAX_ID_RACES = 3;

/** 'pending': new, but not written because other events of the batch were not new. */
type AppendStatus = CommitStatus | 'pending';

@Injectable()
export class EventStoreRepository {
  private readonly knownEnvelopes = new Set<string>();

  constructor(@Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  async commit(batch: readonly NormalisedEvent[]): Promise<CommitStatus[]> {
    if (batch.length === 0) return [];
    const firstIndexById = new Map<string, number>();
    batch.forEach((n, i) => {
      if (!firstIndexById.has(n.event.id)) firstIndexById.set(n.event.id, i);
    });
    const unique = [...firstIndexById.values()].map((i) => batch[i]);
    const statuses = new Map<string, CommitStatus>();
    let pending = unique;
    // Normalised rows are computed for a whole batch, so the function writes only batches of new
    // events; when some turn out stored already, it writes nothing and the new ones go again.
    // Each pass settles at least one event, so this ends.
    let raced = 0;
    while (pending.length > 0) {
      const answer = await this.appendOnce(pending).catch((error: unknown) => {
        // Another conversation stored one of these ids in the same instant (events_id_key): the
        // next call sees it committed and answers conflict.
        if (!isUniqueViolation(error) || ++raced > MAX_ID_RACES) throw error;
        return null;
      });
      if (answer === null) continue;
      const next: NormalisedEvent[] = [];
      for (const n of pending) {
        const status = answer.get(n.event.id) as AppendStatus;
        if (status === 'pending') next.push(n);
        else statuses.set(n.event.id, status);
      }
      pending = next;
    }
    return batch.map((n, i) => {
      const firstIndex = firstIndexById.get(n.event.id) as number;
      if (firstIndex === i) return statuses.get(n.event.id) as CommitStatus;
      // A repeat inside the batch: judged against the first occurrence.
      return batch[firstIndex].event.contentHash === n.event.contentHash ? 'duplicate' : 'conflict';
    });
  }

  /** Writes only the normalised rows of already-audited events (used by the rebuild). */
  async applyNormalised(events: readonly NormalisedEvent[]): Promise<void> {
    await guardAvailability(() => this.call([], [], events));
  }

  /** One call of the append function, with the envelope cache; without it if the cache was stale. */
  private async appendOnce(events: NormalisedEvent[]): Promise<Map<string, AppendStatus>> {
    const attempt = async (useCache: boolean) => {
      const { rows, parts, envelopes } = this.auditRows(events, useCache);
      const answer = await guardAvailability(() => this.call(rows, parts, events));
      if ([...answer.values()].every((s) => s === 'created')) this.rememberEnvelopes(envelopes);
      return answer;
    };
    return attempt(true).catch((error: unknown) => {
      // The cache named an envelope that is no longer stored: forget it all, send every part.
      if (!isForeignKeyViolation(error)) throw error;
      this.knownEnvelopes.clear();
      return attempt(false);
    });
  }

  private async call(
    rows: object[],
    parts: StoredPart[],
    events: readonly NormalisedEvent[],
  ): Promise<Map<string, AppendStatus>> {
    const result = await this.database.query<{ event_id: string; status: AppendStatus }>(APPEND, [
      new Date().toISOString(),
      JSON.stringify(rows),
      JSON.stringify(parts),
      // Element i is the rows of NORMALISED_UPSERTS[i], the order cim_upsert_normalised reads them in.
      JSON.stringify(NORMALISED_UPSERTS.map((u) => reduceForUpsert(u, events))),
    ]);
    return new Map(result.map((r) => [r.event_id, r.status]));
  }

  /** The audit rows of `events` (chained by the database), and the envelope parts not yet known stored. */
  private auditRows(events: NormalisedEvent[], useCache: boolean) {
    const partsByHash = new Map<string, StoredPart>();
    const envelopes = new Set<string>();
    const rows = events.map((n) => {
      const split = splitPayload(n.event.payload, n.event.canonical);
      if (split.envelope !== null && !(useCache && this.knownEnvelopes.has(split.envelope))) {
        for (const p of split.pieces) partsByHash.set(p.hash, p);
        envelopes.add(split.envelope);
      }
      return {
        conversation_id: n.event.conversationId,
        id: n.event.id,
        name: n.event.name,
        ts: n.event.timestamp.toISOString(),
        content_hash: n.event.contentHash,
        payload: withoutIdentity(split.payload),
        parts_ref: split.envelope,
      };
    });
    const parts = [...partsByHash.values()].sort((a, b) => (a.hash < b.hash ? -1 : 1));
    return { rows, parts, envelopes: [...envelopes] };
  }

  private rememberEnvelopes(hashes: string[]): void {
    if (this.knownEnvelopes.size + hashes.length > KNOWN_ENVELOPES_LIMIT)
      this.knownEnvelopes.clear();
    for (const h of hashes) this.knownEnvelopes.add(h);
  }
}
