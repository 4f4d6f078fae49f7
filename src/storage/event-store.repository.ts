import { Injectable } from '@nestjs/common';
import type { NormalisedEvent } from '../ingest/normalised-event.js';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import { CONVERSATION_UPSERTS, SHARED_UPSERTS, reduceForUpsert } from './normalised-upserts.js';
import { splitPayload, withoutIdentity, type StoredPart } from './payload-parts.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability, isForeignKeyViolation } from './storage-errors.js';

export type CommitStatus = 'created' | 'duplicate' | 'conflict';

type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

/**
 * Envelope parts this process has committed: not sent again (parts are immutable and
 * content-addressed; an envelope's nested parts were committed with it). The foreign key from
 * events.parts_ref guards the cache: if the rows were removed since (a restore, a truncation), the
 * insert fails and the batch is retried with every part.
 */
const KNOWN_ENVELOPES_LIMIT = 20_000;

/**
 * Writes events: the audit record (chained, with its envelope deduplicated into parts) and its
 * normalised rows, in one transaction, for a whole batch at once with set-based statements (one
 * statement per table whatever the batch size). A single event is a batch of one; a group-commit
 * queue can pass many. Raw SQL through Prisma because the work is set-based (jsonb_to_recordset,
 * ON CONFLICT with conditions) and row-at-a-time query-builder calls would cost a round trip each.
 */
const INSERT_PARTS = `INSERT INTO payload_parts (hash, content, parts)
  SELECT hash, content, parts FROM jsonb_to_recordset($1::jsonb) AS x(hash text, content jsonb, parts jsonb)
  ON CONFLICT DO NOTHING`;

const INSERT_EVENTS = `INSERT INTO events (conversation_id, id, seq, name, "timestamp", received_at, content_hash, chain_hash, payload, parts_ref)
  SELECT conversation_id, id, seq, name, ts, received_at, content_hash, chain_hash, payload, parts_ref
  FROM jsonb_to_recordset($1::jsonb)
    AS x(conversation_id text, id text, seq int, name text, ts timestamptz, received_at timestamptz,
         content_hash text, chain_hash text, payload jsonb, parts_ref text)`;

const UPDATE_CHAINS = `UPDATE audit_chains SET seq = x.seq, head = x.head
  FROM jsonb_to_recordset($1::jsonb) AS x(conversation_id text, seq int, head text)
  WHERE audit_chains.conversation_id = x.conversation_id`;

type ExistingEvent = { id: string; conversation_id: string; content_hash: string };

/** New events, duplicates (same id, same content) and conflicts (same id, other content or conversation). */
function classify(unique: NormalisedEvent[], existing: ExistingEvent[]) {
  const statuses = new Map<string, CommitStatus>();
  const stored = new Map<string, ExistingEvent[]>();
  for (const e of existing) stored.set(e.id, [...(stored.get(e.id) ?? []), e]);
  const created: NormalisedEvent[] = [];
  for (const n of unique) {
    const found = stored.get(n.event.id);
    if (!found) {
      created.push(n);
      statuses.set(n.event.id, 'created');
      continue;
    }
    // An id reused under another conversation is still the same event id: a conflict.
    const same = found.find((e) => e.conversation_id === n.event.conversationId);
    statuses.set(n.event.id, same?.content_hash === n.event.contentHash ? 'duplicate' : 'conflict');
  }
  return { statuses, created };
}

@Injectable()
export class EventStoreRepository {
  private readonly knownEnvelopes = new Set<string>();

  constructor(private readonly prisma: PrismaService) {}

  async commit(batch: readonly NormalisedEvent[]): Promise<CommitStatus[]> {
    if (batch.length === 0) return [];
    const firstIndexById = new Map<string, number>();
    batch.forEach((n, i) => {
      if (!firstIndexById.has(n.event.id)) firstIndexById.set(n.event.id, i);
    });
    const unique = [...firstIndexById.values()].map((i) => batch[i]);
    const run = (useCache: boolean) =>
      guardAvailability(() =>
        this.prisma.$transaction((tx) => this.commitUnique(tx, unique, useCache), {
          timeout: 60_000,
          maxWait: 10_000,
        }),
      );
    const { statuses, envelopes } = await run(true).catch((error: unknown) => {
      // The cache named an envelope that is no longer stored: forget it all, send every part.
      if (!isForeignKeyViolation(error)) throw error;
      this.knownEnvelopes.clear();
      return run(false);
    });
    this.rememberEnvelopes(envelopes);
    return batch.map((n, i) => {
      const firstIndex = firstIndexById.get(n.event.id) as number;
      if (firstIndex === i) return statuses.get(n.event.id) as CommitStatus;
      // A repeat inside the batch: judged against the first occurrence.
      return batch[firstIndex].event.contentHash === n.event.contentHash ? 'duplicate' : 'conflict';
    });
  }

  /** Writes only the normalised rows of already-audited events (used by the rebuild). */
  async applyNormalised(events: readonly NormalisedEvent[]): Promise<void> {
    await guardAvailability(() =>
      this.prisma.$transaction((tx) => this.upsertNormalised(tx, events), { timeout: 120_000 }),
    );
  }

  private async commitUnique(tx: Tx, unique: NormalisedEvent[], useCache: boolean) {
    const conversationIds = [...new Set(unique.map((n) => n.event.conversationId))].sort();
    // 1. Lock each conversation's chain head (creating it if new) and read it, in one statement:
    //    the upsert waits for a concurrent writer of the same conversation and returns its result.
    const heads = await tx.$queryRawUnsafe<
      { conversation_id: string; seq: number; head: string }[]
    >(
      `INSERT INTO audit_chains (conversation_id, seq, head)
       SELECT id, 0, $2 FROM unnest($1::text[]) AS t(id) ORDER BY id
       ON CONFLICT (conversation_id) DO UPDATE SET seq = audit_chains.seq
       RETURNING conversation_id, seq, head`,
      conversationIds,
      GENESIS_HASH,
    );
    // 2. Under that lock, which of these ids are stored already (a fresh snapshot sees every commit).
    const existing = await tx.$queryRawUnsafe<
      { id: string; conversation_id: string; content_hash: string }[]
    >(
      'SELECT id, conversation_id, content_hash FROM events WHERE id = ANY($1::text[])',
      unique.map((n) => n.event.id),
    );
    const { statuses, created } = classify(unique, existing);
    if (created.length === 0) return { statuses, envelopes: [] as string[] };

    // 3. The audit rows and everything of these conversations in one statement; then the shared rows.
    const { rows, parts, chains, envelopes } = this.auditRows(created, heads, useCache);
    await this.upsertNormalised(tx, created, [
      [INSERT_PARTS, parts],
      [INSERT_EVENTS, rows],
      [UPDATE_CHAINS, chains],
    ]);
    return { statuses, envelopes };
  }

  /** The chained audit rows of newly created events, and the envelope parts not yet known stored. */
  private auditRows(
    created: NormalisedEvent[],
    heads: { conversation_id: string; seq: number; head: string }[],
    useCache: boolean,
  ) {
    const chain = new Map(heads.map((h) => [h.conversation_id, { seq: h.seq, head: h.head }]));
    const receivedAt = new Date();
    const partsByHash = new Map<string, StoredPart>();
    const envelopes = new Set<string>();
    const rows = created.map((n) => {
      const link = chain.get(n.event.conversationId) as { seq: number; head: string };
      link.seq += 1;
      link.head = chainHash(link.head, {
        conversationId: n.event.conversationId,
        seq: link.seq,
        eventId: n.event.id,
        receivedAt,
        contentHash: n.event.contentHash,
      });
      const split = splitPayload(n.event.payload);
      if (split.envelope !== null && !(useCache && this.knownEnvelopes.has(split.envelope))) {
        for (const p of split.pieces) partsByHash.set(p.hash, p);
        envelopes.add(split.envelope);
      }
      return {
        conversation_id: n.event.conversationId,
        id: n.event.id,
        seq: link.seq,
        name: n.event.name,
        ts: n.event.timestamp.toISOString(),
        received_at: receivedAt.toISOString(),
        content_hash: n.event.contentHash,
        chain_hash: link.head,
        payload: withoutIdentity(split.payload),
        parts_ref: split.envelope,
      };
    });
    const parts = [...partsByHash.values()].sort((a, b) => (a.hash < b.hash ? -1 : 1));
    const chains = [...chain].map(([conversation_id, l]) => ({
      conversation_id,
      seq: l.seq,
      head: l.head,
    }));
    return { rows, parts, chains, envelopes: [...envelopes] };
  }

  /**
   * Runs several single-parameter statements as data-modifying CTEs of one statement: one round
   * trip, and atomic on its own. Statements with nothing to write are left out.
   */
  private async runAsOne(tx: Tx, statements: [string, unknown][]): Promise<void> {
    const params: string[] = [];
    const ctes: string[] = [];
    for (const [sql, rows] of statements) {
      if (Array.isArray(rows) && rows.length === 0) continue;
      params.push(JSON.stringify(rows));
      ctes.push(`w${params.length} AS (${sql.replace('$1::jsonb', `$${params.length}::jsonb`)})`);
    }
    if (ctes.length > 0) await tx.$executeRawUnsafe(`WITH ${ctes.join(',\n')} SELECT 1`, ...params);
  }

  /**
   * The normalised rows of `events`, after any audit statements: one statement for everything of
   * these conversations, then the shared rows one statement each, in a fixed order.
   */
  private async upsertNormalised(
    tx: Tx,
    events: readonly NormalisedEvent[],
    auditStatements: [string, unknown][] = [],
  ): Promise<void> {
    await this.runAsOne(tx, [
      ...auditStatements,
      ...CONVERSATION_UPSERTS.map((u): [string, unknown] => [u.sql, reduceForUpsert(u, events)]),
    ]);
    for (const upsert of SHARED_UPSERTS) {
      const payload = reduceForUpsert(upsert, events);
      if (payload.length > 0) await tx.$executeRawUnsafe(upsert.sql, JSON.stringify(payload));
    }
  }

  private rememberEnvelopes(hashes: string[]): void {
    if (this.knownEnvelopes.size + hashes.length > KNOWN_ENVELOPES_LIMIT)
      this.knownEnvelopes.clear();
    for (const h of hashes) this.knownEnvelopes.add(h);
  }
}
