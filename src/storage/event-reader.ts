import { hash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { PartRef } from '../domain/audit/event-pieces.js';
import {
  erasedMarker,
  joinEvent,
  recomputeContentHash,
  type StoredMessagePiece,
  type StoredPart,
  type StoredPieces,
} from '../domain/audit/join-event.js';
import { applyDiff, type DiffEntry, type Envelope } from '../domain/audit/residual-template.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { decodeId, decodeNullableId, encodeId } from '../domain/compact-id.js';
import type { DatabaseConnection } from './database-connection.js';
import {
  joinPayload,
  missingParts,
  withIdentity,
  type PartRefs,
  type StoredPart as LegacyPart,
} from './legacy-format.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';

/** An event as the audit log holds it, put back together. */
export interface StoredRecord {
  id: string;
  conversationId: string;
  name: string;
  timestamp: Date;
  receivedAt: Date;
  prevId: string | null;
  chain: Buffer;
  format: 1 | 2;
  /** The event as received (erased values as markers); null when a piece is missing altogether. */
  event: unknown;
  /** The content hash the stored pieces give now; null when a piece is missing. */
  contentHash: Buffer | null;
  /** Format 1: its place in the chain and the content hash chained at ingest. */
  legacy: { seq: number; contentHash: Buffer } | null;
}

interface EventRow {
  id: Buffer;
  conversation_id: Buffer;
  prev_id: Buffer | null;
  name: string;
  timestamp: Date;
  received_at: Date;
  chain: Buffer;
  format: number;
  envelope: Buffer | null;
  diff: string | null;
  message: string | null;
  legacy_seq: number | null;
  legacy_content_hash: Buffer | null;
  legacy_payload: unknown;
  legacy_parts_ref: string | null;
  m_id: Buffer | null;
  m_sent_at: Date | null;
  m_text: string | null;
  m_encoding: string | null;
  m_body: string | null;
  m_body_type: string | null;
  m_erased_hash: Buffer | null;
}

/** An event's columns, with the message row it owns (found by the transcript-order index). */
const EVENT_SELECT = `
  SELECT e.id, e.conversation_id, e.prev_id, e.name, e."timestamp", e.received_at, e.chain, e.format,
         e.envelope, e.diff, e.message, e.legacy_seq, e.legacy_content_hash, e.legacy_payload,
         e.legacy_parts_ref, m.id AS m_id, m.sent_at AS m_sent_at, m.text AS m_text,
         m.markdown_text_encoding AS m_encoding, m.body AS m_body, m.body_type AS m_body_type,
         m.erased_hash AS m_erased_hash
  FROM events e
  LEFT JOIN messages m ON e.format = 2 AND e.message IS NULL AND m.conversation_id = e.conversation_id
    AND m."timestamp" = e."timestamp" AND m.event_id = e.id`;

/** A conversation's event ids ($1, stored form) from its head down prev_id, oldest first, at most $2. */
export const CHAIN_IDS_SQL = `
  WITH RECURSIVE chain AS (
    SELECT e.id, e.prev_id, 1 AS depth FROM audit_chains a JOIN events e ON e.id = a.head_id
    WHERE a.conversation_id = $1
    UNION ALL
    SELECT e.id, e.prev_id, c.depth + 1 FROM chain c JOIN events e ON e.id = c.prev_id
    WHERE c.depth < $2
  )
  SELECT id FROM chain ORDER BY depth DESC`;

/**
 * Reads stored events back, both audit formats: what `originalEvent`, chain verification, the
 * rebuild and the redelivery comparison need. The one place that knows where each piece lives.
 */
@Injectable()
export class EventReader {
  constructor(@Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  async findByIds(ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query<EventRow>(`${EVENT_SELECT} WHERE e.id = ANY($1::bytea[])`, [
      ids.map(encodeId),
    ]);
    const records = await this.assemble(rows);
    return new Map(records.map((r) => [r.id, r]));
  }

  /**
   * A conversation's chain, oldest first, walked from its head by prev_id (at most `limit` events,
   * so a tampered link cannot loop): the ids only, for reading in pages.
   */
  async chainIds(conversationId: string, limit: number): Promise<string[]> {
    const rows = await this.query<{ id: Buffer }>(CHAIN_IDS_SQL, [encodeId(conversationId), limit]);
    return rows.map((r) => decodeId(r.id));
  }

  private async assemble(rows: EventRow[]): Promise<StoredRecord[]> {
    const v2 = rows.filter((r) => r.format === 2);
    const v1 = rows.filter((r) => r.format !== 2);
    const [parts, legacyParts] = await Promise.all([
      this.loadParts(v2),
      this.loadLegacyParts(v1.map((r) => r.legacy_parts_ref)),
    ]);
    return rows.map((r) =>
      r.format === 2 ? piecesRecord(r, parts) : legacyRecord(r, legacyParts),
    );
  }

  /** Every part the events need: their envelopes, the parts those and the diffs name, nested ones. */
  private async loadParts(rows: EventRow[]): Promise<Map<string, StoredPart>> {
    const loaded = new Map<string, StoredPart>();
    await this.fetchParts(
      rows.flatMap((r) => (r.envelope ? [r.envelope.toString('hex')] : [])),
      loaded,
    );
    const named = new Set<string>();
    for (const r of rows) {
      const envelope = r.envelope ? loaded.get(r.envelope.toString('hex')) : undefined;
      if (envelope?.content) {
        for (const [, h] of (JSON.parse(envelope.content) as Envelope).r) named.add(h);
      }
      for (const [index, value] of diffOf(r)) if (index < 0) named.add(String(value));
    }
    // Parts hold parts: load level by level.
    for (let wanted = [...named]; wanted.length > 0;) {
      const found = await this.fetchParts(wanted, loaded);
      wanted = [...new Set(found.flatMap((p) => (p.refs ?? []).map(([, h]) => h)))].filter(
        (h) => !loaded.has(h),
      );
    }
    return loaded;
  }

  private async fetchParts(hashes: string[], into: Map<string, StoredPart>): Promise<StoredPart[]> {
    const wanted = hashes.filter((h) => !into.has(h));
    if (wanted.length === 0) return [];
    const rows = await this.query<{
      hash: Buffer;
      scope: Buffer | null;
      content: string | null;
      refs: string | null;
    }>('SELECT hash, scope, content, refs FROM parts WHERE hash = ANY($1::bytea[])', [
      wanted.map((h) => Buffer.from(h, 'hex')),
    ]);
    const parts = rows.map((p): StoredPart => ({
      hash: p.hash.toString('hex'),
      scope: p.scope === null ? '' : decodeId(p.scope),
      content: p.content,
      refs: p.refs === null ? null : (JSON.parse(p.refs) as PartRef[]),
    }));
    for (const part of parts) into.set(part.hash, part);
    return parts;
  }

  private async loadLegacyParts(refs: (string | null)[]): Promise<Map<string, LegacyPart>> {
    const loaded = new Map<string, LegacyPart>();
    for (
      let missing = missingParts(refs, loaded);
      missing.length > 0;
      missing = missingParts(refs, loaded)
    ) {
      const found = await this.query<{ hash: string; content: unknown; parts: PartRefs | null }>(
        'SELECT hash, content, parts FROM legacy_payload_parts WHERE hash = ANY($1::text[])',
        [missing],
      );
      if (found.length === 0) break;
      for (const p of found)
        loaded.set(p.hash, { hash: p.hash, content: p.content, parts: p.parts });
    }
    return loaded;
  }

  private query<R>(sql: string, params: unknown[]): Promise<R[]> {
    return guardAvailability(() => this.database.query<R>(sql, params));
  }
}

function diffOf(row: EventRow): DiffEntry[] {
  return row.diff === null ? [] : (JSON.parse(row.diff) as DiffEntry[]);
}

function base(r: EventRow) {
  return {
    id: decodeId(r.id),
    conversationId: decodeId(r.conversation_id),
    name: r.name,
    timestamp: r.timestamp,
    receivedAt: r.received_at,
    prevId: decodeNullableId(r.prev_id),
    chain: r.chain,
  };
}

function piecesRecord(r: EventRow, parts: Map<string, StoredPart>): StoredRecord {
  const record = { ...base(r), format: 2 as const, legacy: null };
  const envelope = r.envelope ? parts.get(r.envelope.toString('hex')) : undefined;
  if (!envelope || envelope.content === null) return { ...record, event: null, contentHash: null };
  try {
    const { residual, refs } = applyDiff(JSON.parse(envelope.content) as Envelope, diffOf(r));
    const pieces: StoredPieces = {
      identity: {
        id: record.id,
        name: r.name,
        conversationId: record.conversationId,
        timestamp: r.timestamp.getTime(),
      },
      residual,
      refs,
      message: messagePieceOf(r),
    };
    return {
      ...record,
      event: joinEvent(pieces, parts),
      contentHash: recomputeContentHash(pieces, parts),
    };
  } catch {
    // A missing part, or stored JSON that no longer parses: nothing to give back, nothing to verify.
    return { ...record, event: null, contentHash: null };
  }
}

/** The event's message piece: in its own row, or in the message row it owns; null when it has none. */
function messagePieceOf(r: EventRow): StoredMessagePiece | null {
  if (r.message !== null) {
    const own = JSON.parse(r.message) as Omit<StoredMessagePiece, 'erasedHash'> & {
      erasedHash?: string;
    };
    return { ...own, erasedHash: own.erasedHash ?? null };
  }
  if (r.m_id === null) return null;
  return {
    id: decodeId(r.m_id),
    sentAt: r.m_sent_at === null ? null : r.m_sent_at.getTime(),
    text: r.m_text,
    encoding: r.m_encoding as StoredMessagePiece['encoding'],
    body: r.m_body,
    bodyType: r.m_body_type ?? '',
    erasedHash: r.m_erased_hash === null ? null : r.m_erased_hash.toString('hex'),
  };
}

function legacyRecord(r: EventRow, parts: Map<string, LegacyPart>): StoredRecord {
  const record = {
    ...base(r),
    format: 1 as const,
    legacy: { seq: r.legacy_seq ?? 0, contentHash: r.legacy_content_hash ?? Buffer.alloc(0) },
  };
  const identity = {
    id: record.id,
    name: r.name,
    conversationId: record.conversationId,
    timestamp: r.timestamp.getTime(),
  };
  // Erased: the payload went whole; the content hash chained at ingest seals it.
  if (r.legacy_payload === null && r.legacy_content_hash !== null) {
    const event = { ...identity, ...erasedMarker(r.legacy_content_hash.toString('hex')) };
    return { ...record, event, contentHash: r.legacy_content_hash };
  }
  try {
    const event = withIdentity(joinPayload(r.legacy_payload, r.legacy_parts_ref, parts), identity);
    return { ...record, event, contentHash: hash('sha256', canonicalJson(event), 'buffer') };
  } catch {
    return { ...record, event: null, contentHash: null };
  }
}
