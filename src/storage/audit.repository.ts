import { Inject, Injectable } from '@nestjs/common';
import { chainLink, GENESIS } from '../domain/audit/chain.js';
import { decodeId, encodeId } from '../domain/compact-id.js';
import type { DatabaseConnection } from './database-connection.js';
import { EventReader, type StoredRecord } from './event-reader.js';
import { chainHash as legacyChainHash } from './legacy-format.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';

export interface AuditVerificationResult {
  conversationId: string;
  ok: boolean;
  checkedEvents: number;
  firstBrokenEventId: string | null;
}

interface ChainHead {
  head: Buffer;
  headId: string | null;
  events: number;
}

/** A conversation's chain head as stored, verified against its events (exports state it). */
export interface VerifiedChainHead {
  /** The head hash, hex; null when the conversation has no audit chain. */
  head: string | null;
  /** The last event on the chain. */
  headEventId: string | null;
  events: number;
  verification: AuditVerificationResult;
}

const PAGE = 500;

/** Reads the audit log: original events, chain verification, and the full history for rebuilds. */
@Injectable()
export class AuditRepository {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection,
    private readonly reader: EventReader,
  ) {}

  /** The event as received (equal JSON; erased values as markers), or null. */
  async findOriginalEvent(eventId: string): Promise<unknown> {
    const record = (await this.reader.findByIds([eventId])).get(eventId);
    return record?.event ?? null;
  }

  /**
   * Recomputes the conversation's chain from its stored pieces: each event's content hash, then each
   * link. Format-1 events check as they always did; format-2 events by the hashes of their pieces
   * (erased pieces by the hash kept in their place).
   */
  async verifyConversation(conversationId: string): Promise<AuditVerificationResult> {
    return this.verifyAgainst(conversationId, await this.head(conversationId));
  }

  /** The stored chain head, and whether the conversation's events lead to exactly it. */
  async findVerifiedChainHead(conversationId: string): Promise<VerifiedChainHead> {
    const head = await this.head(conversationId);
    return {
      head: head ? head.head.toString('hex') : null,
      headEventId: head?.headId ?? null,
      events: head?.events ?? 0,
      verification: await this.verifyAgainst(conversationId, head),
    };
  }

  private async verifyAgainst(
    conversationId: string,
    head: ChainHead | null,
  ): Promise<AuditVerificationResult> {
    let previous: Buffer = GENESIS;
    let checked = 0;
    let lastId: string | null = null;
    const broken = (id: string | null) => ({
      conversationId,
      ok: false,
      checkedEvents: checked,
      firstBrokenEventId: id,
    });
    for await (const page of this.conversationPages(conversationId, head)) {
      for (const r of page) {
        checked += 1;
        if (!linkHolds(r, previous, checked, conversationId)) return broken(r.id);
        previous = r.chain;
        lastId = r.id;
      }
    }
    // A removed event, or a stored head pointing past what is there.
    if (
      head &&
      (head.events !== checked || !head.head.equals(previous) || head.headId !== lastId)
    ) {
      return broken(null);
    }
    return { conversationId, ok: true, checkedEvents: checked, firstBrokenEventId: null };
  }

  /** Every conversation with an audit chain, in stored-id order, a page at a time. */
  async *conversationIds(): AsyncGenerator<string[]> {
    let after: Buffer = Buffer.alloc(0);
    for (;;) {
      const rows = await this.query<{ conversation_id: Buffer }>(
        'SELECT conversation_id FROM audit_chains WHERE conversation_id > $1 ORDER BY conversation_id LIMIT $2',
        [after, PAGE],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => decodeId(r.conversation_id));
      after = rows[rows.length - 1].conversation_id;
    }
  }

  /** A conversation's events in chain order, put back together, a page at a time. */
  async *conversationPages(
    conversationId: string,
    known?: ChainHead | null,
  ): AsyncGenerator<StoredRecord[]> {
    const head = known === undefined ? await this.head(conversationId) : known;
    if (!head || head.headId === null) return;
    const ids = await this.reader.chainIds(conversationId, head.events + 1);
    for (let i = 0; i < ids.length; i += PAGE) {
      const page = ids.slice(i, i + PAGE);
      const records = await this.reader.findByIds(page);
      yield page.flatMap((id) => {
        const r = records.get(id);
        return r ? [r] : [];
      });
    }
  }

  private async head(conversationId: string): Promise<ChainHead | null> {
    const [row] = await this.query<{ head: Buffer; head_id: Buffer | null; events: number }>(
      'SELECT head, head_id, events FROM audit_chains WHERE conversation_id = $1',
      [encodeId(conversationId)],
    );
    if (!row) return null;
    return {
      head: row.head,
      headId: row.head_id === null ? null : decodeId(row.head_id),
      events: row.events,
    };
  }

  private query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return guardAvailability(() => this.database.query<R>(sql, params));
  }
}

/** Does this record's stored chain hash follow from the previous one and its content? */
function linkHolds(
  r: StoredRecord,
  previous: Buffer,
  position: number,
  conversationId: string,
): boolean {
  if (r.contentHash === null || r.conversationId !== conversationId) return false;
  if (r.format === 1) {
    const legacy = r.legacy;
    if (!legacy || legacy.seq !== position || !legacy.contentHash.equals(r.contentHash))
      return false;
    const expected = legacyChainHash(previous.toString('hex'), {
      conversationId,
      seq: legacy.seq,
      eventId: r.id,
      receivedAt: r.receivedAt,
      contentHash: legacy.contentHash.toString('hex'),
    });
    return expected === r.chain.toString('hex');
  }
  return chainLink(previous, r.contentHash, r.receivedAt).equals(r.chain);
}
