import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { messageContentHash } from '../domain/audit/event-pieces.js';
import type { StoredMessagePiece } from '../domain/audit/join-event.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { decodeId, decodeNullableId, encodeId, encodeIds } from '../domain/compact-id.js';
import type { DatabaseConnection, SqlSession } from './database-connection.js';
import { CHAIN_IDS_SQL } from './event-reader.js';
import type { KeysetSide, KeysetWindow } from './keyset.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';

/** Erasures and holds exclude each other (one at a time), so a hold is never placed mid-erasure. */
const ERASURE_LOCK = 0x6572617365; // "erase"
/** One retention pass at a time across every instance. */
const RETENTION_LOCK = 0x726574656e; // "reten"
/** The ledger's value before its first record. */
const LEDGER_GENESIS = Buffer.alloc(32);
/** Senders and participants whose names are not the customer's: they stay after an erasure. */
const AGENT_SIDE = ['AGENT', 'BOT', 'CONNECTOR', 'SYSTEM', 'APP'];
/** Tables an erasure rewrites: vacuumed after it, so the old row versions go (see the README). */
const ERASED_TABLES = [
  'messages',
  'parts',
  'events',
  'participants',
  'activities',
  'customers',
  'conversations',
  'legacy_payload_parts',
];

export interface ErasureRequest {
  requestedBy: string;
  reason: string;
  conversationIds: string[];
  /** eraseCustomer: the customer whose own record (names) is erased too. */
  customerId: string | null;
}

/** One erased conversation as the ledger records it. */
export interface ErasedConversation {
  id: string;
  /** Its audit chain head when erased (hex; the genesis value when it had no event). */
  head: string;
  headId: string | null;
  /** Events in its chain. */
  events: number;
}

export interface StoredErasure {
  seq: bigint;
  id: string;
  requestedBy: string;
  reason: string;
  erasedAt: Date;
  customerId: string | null;
  conversations: ErasedConversation[];
  erasedEvents: number;
  prevHash: Buffer;
  hash: Buffer;
}

export interface StoredLegalHold {
  id: string;
  conversationId: string | null;
  customerId: string | null;
  reason: string;
  placedBy: string;
  placedAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

export interface LedgerVerification {
  ok: boolean;
  checkedRecords: number;
  /** The first record that does not verify, and why; null when all do. */
  firstBroken: { id: string; problem: string } | null;
}

/** The erasure touches something under an active legal hold: nothing was changed. */
export class LegalHoldError extends Error {
  override name = 'LegalHoldError';
  constructor(readonly held: string[]) {
    super(`Under legal hold: ${held.join(', ')}`);
  }
}

interface HoldRow {
  id: string;
  conversation_id: Buffer | null;
  customer_id: Buffer | null;
  reason: string;
  placed_by: string;
  placed_at: Date;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
}

interface ErasureRow {
  seq: string;
  id: string;
  requested_by: string;
  reason: string;
  erased_at: Date;
  customer_id: Buffer | null;
  conversations: ErasedConversation[];
  erased_events: number;
  prev_hash: Buffer;
  hash: Buffer;
}

/**
 * Erasure, legal holds and the erasure ledger: the one place that removes content. An erasure
 * empties the message pieces and personal parts of a conversation's events (their hashes stay, so
 * the audit chain verifies), the derived rows' personal columns, and records itself in the ledger,
 * all in one transaction.
 */
@Injectable()
export class ErasureRepository {
  constructor(@Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  /** Which of these conversations are stored. */
  async existingConversations(ids: readonly string[]): Promise<string[]> {
    const rows = await this.query<{ id: Buffer }>(
      'SELECT id FROM conversations WHERE id = ANY($1::bytea[])',
      [encodeIds(ids)],
    );
    return rows.map((r) => decodeId(r.id));
  }

  /**
   * The customer's conversations (by the conversation's customer or any of its channel sessions');
   * null when the customer is not known at all.
   */
  async conversationsOfCustomer(customerId: string): Promise<string[] | null> {
    const id = encodeId(customerId);
    const rows = await this.query<{ id: Buffer }>(
      `SELECT id FROM conversations WHERE customer_id = $1
       UNION SELECT conversation_id FROM channel_sessions WHERE customer_id = $1`,
      [id],
    );
    if (rows.length > 0) return rows.map((r) => decodeId(r.id)).sort();
    const [known] = await this.query('SELECT 1 FROM customers WHERE id = $1', [id]);
    return known ? [] : null;
  }

  /** Erases in one transaction, or throws LegalHoldError having changed nothing. */
  async erase(request: ErasureRequest): Promise<StoredErasure> {
    const erasure = await guardAvailability(() =>
      this.database.transaction((session) => this.eraseIn(session, request)),
    );
    this.vacuumSoon();
    return erasure;
  }

  /**
   * One retention pass, when no other instance runs one: conversations whose last activity is before
   * `cutoff`, not erased and not held, erased `batchSize` at a time (a transaction and a ledger
   * record each, so a pass stopped anywhere leaves no conversation half-erased and the next resumes).
   * Null when another instance holds the pass.
   */
  async retentionPass(
    cutoff: Date,
    batchSize: number,
    onBatch: (erasure: StoredErasure) => void,
    stopping: () => boolean = () => false,
  ): Promise<{ conversations: number; events: number } | null> {
    const done = await guardAvailability(() =>
      // The pass lock lives on a session of its own; each batch is a transaction beside it.
      this.database.withSession(async (lockSession) => {
        const [lock] = await lockSession.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1) AS locked',
          [RETENTION_LOCK],
        );
        if (!lock.locked) return null;
        try {
          let conversations = 0;
          let events = 0;
          while (!stopping()) {
            const erasure = await this.database.transaction((session) =>
              this.eraseExpiredIn(session, cutoff, batchSize),
            );
            if (erasure === null) return { conversations, events };
            conversations += erasure.conversations.length;
            events += erasure.erasedEvents;
            onBatch(erasure);
            // Let ingest's queries in between batches.
            await new Promise((resolve) => setImmediate(resolve));
          }
          return { conversations, events };
        } finally {
          await lockSession.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK]);
        }
      }),
    );
    if (done && done.conversations > 0) this.vacuumSoon();
    return done;
  }

  async placeHold(hold: {
    conversationId: string | null;
    customerId: string | null;
    reason: string;
    placedBy: string;
  }): Promise<StoredLegalHold> {
    return guardAvailability(() =>
      this.database.transaction(async (session) => {
        await session.query('SELECT pg_advisory_xact_lock($1)', [ERASURE_LOCK]);
        const [row] = await session.query<HoldRow>(
          `INSERT INTO legal_holds (conversation_id, customer_id, reason, placed_by)
           VALUES ($1, $2, $3, $4) RETURNING *`,
          [
            hold.conversationId === null ? null : encodeId(hold.conversationId),
            hold.customerId === null ? null : encodeId(hold.customerId),
            hold.reason,
            hold.placedBy,
          ],
        );
        return toHold(row);
      }),
    );
  }

  /** The released hold; null when there is no such hold. A released hold stays as it was released. */
  async releaseHold(
    id: string,
    releasedBy: string,
    reason: string,
  ): Promise<StoredLegalHold | null> {
    const rows = await this.query<HoldRow>(
      `UPDATE legal_holds SET released_at = COALESCE(released_at, now()),
         released_by = COALESCE(released_by, $2), release_reason = COALESCE(release_reason, $3)
       WHERE id = $1 RETURNING *`,
      [id, releasedBy, reason],
    );
    return rows[0] ? toHold(rows[0]) : null;
  }

  async holds(activeOnly: boolean): Promise<StoredLegalHold[]> {
    const rows = await this.query<HoldRow>(
      `SELECT * FROM legal_holds WHERE NOT $1 OR released_at IS NULL ORDER BY placed_at DESC, id`,
      [activeOnly],
    );
    return rows.map(toHold);
  }

  /** A window of the ledger, newest first ("after" a record is older than it). */
  async findErasures(window: KeysetWindow<bigint>): Promise<StoredErasure[]> {
    const rows = await this.query<ErasureRow>(
      `SELECT * FROM erasures
       WHERE ($1::bigint IS NULL OR seq < $1) AND ($2::bigint IS NULL OR seq > $2)
       ORDER BY seq ${window.fromEnd ? 'ASC' : 'DESC'} LIMIT $3`,
      [window.after?.toString() ?? null, window.before?.toString() ?? null, window.limit],
    );
    if (window.fromEnd) rows.reverse();
    return rows.map(toErasure);
  }

  /** Whether a record lies at `seq` or on that side of it, in ledger order (newest first). */
  async erasureExistsBeside(seq: bigint, side: KeysetSide): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM erasures WHERE seq ${side === 'before' ? '>=' : '<='} $1 LIMIT 1`,
      [seq.toString()],
    );
    return rows.length > 0;
  }

  async countErasures(): Promise<number> {
    const [row] = await this.query<{ n: number }>('SELECT count(*)::int AS n FROM erasures', []);
    return row.n;
  }

  /**
   * Walks the ledger: each record's hash from the previous one and its content, and each erased
   * conversation's recorded head still in its chain (an erasure cannot stand in for a rewrite).
   */
  async verifyLedger(): Promise<LedgerVerification> {
    let previous: Buffer = LEDGER_GENESIS;
    let checked = 0;
    for (let after = 0n; ;) {
      const rows = await this.query<ErasureRow>(
        'SELECT * FROM erasures WHERE seq > $1 ORDER BY seq LIMIT 500',
        [after.toString()],
      );
      if (rows.length === 0) return { ok: true, checkedRecords: checked, firstBroken: null };
      for (const row of rows) {
        const record = toErasure(row);
        checked += 1;
        const broken = (problem: string) => ({
          ok: false,
          checkedRecords: checked,
          firstBroken: { id: record.id, problem },
        });
        if (!record.prevHash.equals(previous)) return broken('does not follow the previous record');
        if (!ledgerHash(previous, record).equals(record.hash))
          return broken('its content does not match its hash');
        const heads = record.conversations.filter((c) => c.headId !== null);
        const chains = await this.query<{ id: Buffer; chain: Buffer }>(
          'SELECT id, chain FROM events WHERE id = ANY($1::bytea[])',
          [encodeIds(heads.map((c) => c.headId as string))],
        );
        const stored = new Map(chains.map((c) => [decodeId(c.id), c.chain.toString('hex')]));
        for (const c of heads) {
          if (stored.get(c.headId as string) !== c.head)
            return broken(`the chain head it recorded for conversation ${c.id} is not stored`);
        }
        previous = record.hash;
        after = record.seq;
      }
    }
  }

  private async eraseIn(session: SqlSession, request: ErasureRequest): Promise<StoredErasure> {
    await session.query('SELECT pg_advisory_xact_lock($1)', [ERASURE_LOCK]);
    const ids = [...new Set(request.conversationIds)].sort();
    const held = await this.heldAmong(session, ids, request.customerId);
    if (held.length > 0) throw new LegalHoldError(held);
    const stored = encodeIds(ids);
    // Ingest of these conversations waits until the erasure commits (it updates the same rows).
    await session.query(
      'SELECT id FROM conversations WHERE id = ANY($1::bytea[]) ORDER BY id FOR UPDATE',
      [stored],
    );
    const heads = await session.query<{
      conversation_id: Buffer;
      head: Buffer;
      head_id: Buffer | null;
      events: number;
    }>(
      `SELECT conversation_id, head, head_id, events FROM audit_chains
       WHERE conversation_id = ANY($1::bytea[]) ORDER BY conversation_id FOR UPDATE`,
      [stored],
    );
    const headOf = new Map(heads.map((h) => [decodeId(h.conversation_id), h]));
    const conversations: ErasedConversation[] = [];
    let erasedEvents = 0;
    for (const id of ids) {
      const head = headOf.get(id);
      const events = head ? await eraseEvents(session, id, head.events) : 0;
      await scrubDerivedRows(session, id);
      conversations.push({
        id,
        head: (head?.head ?? Buffer.alloc(32)).toString('hex'),
        headId: head ? decodeNullableId(head.head_id) : null,
        events,
      });
      erasedEvents += events;
    }
    if (request.customerId !== null) {
      await session.query(
        `UPDATE customers SET first_name = NULL, last_name = NULL, erased_at = now() WHERE id = $1`,
        [encodeId(request.customerId)],
      );
    }
    return appendToLedger(session, {
      id: randomUUID(),
      requestedBy: request.requestedBy,
      reason: request.reason,
      erasedAt: new Date(),
      customerId: request.customerId,
      conversations,
      erasedEvents,
    });
  }

  /** Active holds covering these conversations (directly or through their customers) or the customer. */
  private async heldAmong(
    session: SqlSession,
    ids: string[],
    customerId: string | null,
  ): Promise<string[]> {
    const rows = await session.query<{
      conversation_id: Buffer | null;
      customer_id: Buffer | null;
    }>(
      `SELECT conversation_id, customer_id FROM legal_holds h
       WHERE h.released_at IS NULL AND (
         h.conversation_id = ANY($1::bytea[]) OR h.customer_id = $2
         OR h.customer_id IN (SELECT customer_id FROM conversations WHERE id = ANY($1::bytea[]))
         OR h.customer_id IN (SELECT customer_id FROM channel_sessions WHERE conversation_id = ANY($1::bytea[])))`,
      [encodeIds(ids), customerId === null ? null : encodeId(customerId)],
    );
    return rows.map((r) =>
      r.conversation_id
        ? `conversation ${decodeId(r.conversation_id)}`
        : `customer ${decodeId(r.customer_id as Buffer)}`,
    );
  }

  /** The next retention batch, chosen under the erasure lock (so never erased twice); null when none. */
  private async eraseExpiredIn(
    session: SqlSession,
    cutoff: Date,
    batchSize: number,
  ): Promise<StoredErasure | null> {
    await session.query('SELECT pg_advisory_xact_lock($1)', [ERASURE_LOCK]);
    const ids = await this.expired(session, cutoff, batchSize);
    if (ids.length === 0) return null;
    return this.eraseIn(session, {
      requestedBy: 'retention',
      reason: `retention: last activity before ${cutoff.toISOString()}`,
      conversationIds: ids,
      customerId: null,
    });
  }

  /** Conversations retention may erase now, oldest activity first. */
  private async expired(session: SqlSession, cutoff: Date, limit: number): Promise<string[]> {
    const rows = await session.query<{ id: Buffer }>(
      `SELECT c.id FROM conversations c
       WHERE c.last_event_hour <= cim_epoch_hour($1) AND c.last_event_at < $1 AND c.erased_at IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL
             AND (h.conversation_id = c.id OR h.customer_id = c.customer_id
                  OR h.customer_id IN (SELECT s.customer_id FROM channel_sessions s WHERE s.conversation_id = c.id)))
       ORDER BY c.last_event_hour, c.id LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((r) => decodeId(r.id));
  }

  private vacuuming: Promise<void> | null = null;
  private vacuumAgain = false;

  /**
   * VACUUM the rewritten tables (outside the transaction, which VACUUM cannot run in): the old row
   * versions holding the erased content become free space. One at a time; a request during one
   * runs it once more after.
   */
  private vacuumSoon(): void {
    if (this.vacuuming) {
      this.vacuumAgain = true;
      return;
    }
    this.vacuuming = (async () => {
      do {
        this.vacuumAgain = false;
        await this.database.query(`VACUUM ${ERASED_TABLES.join(', ')}`, []).catch(() => undefined);
      } while (this.vacuumAgain);
      this.vacuuming = null;
    })();
  }

  /** Resolves when no VACUUM runs (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.vacuuming) await this.vacuuming;
  }

  private query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return guardAvailability(() => this.database.query<R>(sql, params));
  }
}

/**
 * Empties the content of every event of the conversation: message pieces (their hash kept in their
 * place), personal parts (their address is their hash), format-1 payloads (their chained content
 * hash seals them). Returns how many events its chain holds.
 */
async function eraseEvents(
  session: SqlSession,
  conversationId: string,
  events: number,
): Promise<number> {
  const stored = encodeId(conversationId);
  const chain = await session.query<{ id: Buffer }>(CHAIN_IDS_SQL, [stored, events + 1]);
  const eventIds = chain.map((r) => r.id);

  const messages = await session.query<{
    id: Buffer;
    text: string | null;
    markdown_text_encoding: string | null;
    body: string | null;
  }>(
    `SELECT id, text, markdown_text_encoding, body FROM messages
     WHERE conversation_id = $1 AND erased_hash IS NULL`,
    [stored],
  );
  if (messages.length > 0) {
    const hashes = messages.map((m) =>
      Buffer.from(
        messageContentHash({
          text: m.text,
          encoding: m.markdown_text_encoding as StoredMessagePiece['encoding'],
          body: m.body,
        }),
        'hex',
      ),
    );
    await session.query(
      `UPDATE messages m SET text = NULL, body = NULL, markdown_text_encoding = NULL, erased_hash = u.h
       FROM unnest($2::bytea[], $3::bytea[]) AS u(id, h)
       WHERE m.conversation_id = $1 AND m.id = u.id`,
      [stored, messages.map((m) => m.id), hashes],
    );
  }

  // Message pieces kept in their event's row (the event did not own its message row).
  const own = await session.query<{ id: Buffer; message: string }>(
    'SELECT id, message FROM events WHERE id = ANY($1::bytea[]) AND message IS NOT NULL',
    [eventIds],
  );
  for (const row of own) {
    const piece = JSON.parse(row.message) as StoredMessagePiece;
    if (piece.erasedHash) continue;
    const erased: StoredMessagePiece = {
      id: piece.id,
      sentAt: piece.sentAt,
      text: null,
      encoding: null,
      body: null,
      bodyType: piece.bodyType,
      erasedHash: messageContentHash(piece),
    };
    await session.query('UPDATE events SET message = $2 WHERE id = $1', [
      row.id,
      JSON.stringify(erased),
    ]);
  }

  await session.query(
    'UPDATE parts SET content = NULL, refs = NULL WHERE scope = $1 AND content IS NOT NULL',
    [stored],
  );

  const legacy = await session.query(
    `UPDATE events SET legacy_payload = NULL, legacy_parts_ref = NULL
     WHERE id = ANY($1::bytea[]) AND format = 1 AND legacy_payload IS NOT NULL RETURNING id`,
    [eventIds],
  );
  if (legacy.length > 0) await dropUnusedLegacyParts(session);
  // A customer's record holds the names of the newest event that named them: when that event is
  // one of these, the names are this conversation's content.
  await session.query(
    `UPDATE customers SET first_name = NULL, last_name = NULL
     WHERE snapshot_event_id = ANY($1::bytea[]) AND (first_name IS NOT NULL OR last_name IS NOT NULL)`,
    [eventIds],
  );
  return eventIds.length;
}

/**
 * Format-1 envelope parts are shared between conversations by content: those no stored event (or
 * kept part) still names go.
 */
async function dropUnusedLegacyParts(session: SqlSession): Promise<void> {
  await session.query(
    `WITH RECURSIVE used AS (
       SELECT DISTINCT legacy_parts_ref AS hash FROM events WHERE format = 1 AND legacy_parts_ref IS NOT NULL
       UNION
       SELECT ref.value->>1 FROM used JOIN legacy_payload_parts p ON p.hash = used.hash,
         jsonb_array_elements(COALESCE(p.parts, '[]'::jsonb)) AS ref(value)
     )
     DELETE FROM legacy_payload_parts WHERE hash NOT IN (SELECT hash FROM used WHERE hash IS NOT NULL)`,
    [],
  );
}

/** The derived rows' personal columns: customer names, free-text activity details. */
async function scrubDerivedRows(session: SqlSession, conversationId: string): Promise<void> {
  const stored = encodeId(conversationId);
  await session.query(
    `UPDATE participants SET name = NULL WHERE conversation_id = $1 AND name IS NOT NULL
       AND type <> ALL($2::text[])`,
    [stored, AGENT_SIDE],
  );
  await session.query(
    `UPDATE activities SET details = NULL,
       participant_name = CASE WHEN participant_type = ANY($2::text[]) THEN participant_name END
     WHERE conversation_id = $1`,
    [stored, AGENT_SIDE],
  );
  await session.query('UPDATE conversations SET erased_at = now() WHERE id = $1', [stored]);
}

async function appendToLedger(
  session: SqlSession,
  record: Omit<StoredErasure, 'seq' | 'prevHash' | 'hash'>,
): Promise<StoredErasure> {
  const [last] = await session.query<{ hash: Buffer }>(
    'SELECT hash FROM erasures ORDER BY seq DESC LIMIT 1',
  );
  const prevHash = last?.hash ?? LEDGER_GENESIS;
  const hash = ledgerHash(prevHash, record);
  const [row] = await session.query<ErasureRow>(
    `INSERT INTO erasures (id, requested_by, reason, erased_at, customer_id, conversations, erased_events, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9) RETURNING *`,
    [
      record.id,
      record.requestedBy,
      record.reason,
      record.erasedAt,
      record.customerId === null ? null : encodeId(record.customerId),
      JSON.stringify(record.conversations),
      record.erasedEvents,
      prevHash,
      hash,
    ],
  );
  return toErasure(row);
}

/** SHA-256 over the previous record's hash and this record's canonical JSON. */
function ledgerHash(previous: Buffer, r: Omit<StoredErasure, 'seq' | 'prevHash' | 'hash'>): Buffer {
  const content = canonicalJson({
    id: r.id,
    requestedBy: r.requestedBy,
    reason: r.reason,
    erasedAt: r.erasedAt.getTime(),
    customerId: r.customerId,
    conversations: r.conversations,
    erasedEvents: r.erasedEvents,
  });
  return createHash('sha256').update(previous).update(content).digest();
}

function toErasure(r: ErasureRow): StoredErasure {
  return {
    seq: BigInt(r.seq),
    id: r.id,
    requestedBy: r.requested_by,
    reason: r.reason,
    erasedAt: r.erased_at,
    customerId: decodeNullableId(r.customer_id),
    conversations: r.conversations,
    erasedEvents: r.erased_events,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function toHold(r: HoldRow): StoredLegalHold {
  return {
    id: r.id,
    conversationId: decodeNullableId(r.conversation_id),
    customerId: decodeNullableId(r.customer_id),
    reason: r.reason,
    placedBy: r.placed_by,
    placedAt: r.placed_at,
    releasedAt: r.released_at,
    releasedBy: r.released_by,
    releaseReason: r.release_reason,
  };
}
