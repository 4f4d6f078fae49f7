import { Injectable } from '@nestjs/common';
import { canonicalJson, contentHash } from '../ingest/canonical-json.js';
import { chainHash, GENESIS_HASH } from './audit-chain.js';
import {
  joinPayload,
  missingParts,
  withIdentity,
  type PartRefs,
  type StoredPart,
} from './payload-parts.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';

export interface AuditVerificationResult {
  conversationId: string;
  ok: boolean;
  checkedEvents: number;
  firstBrokenEventId: string | null;
}

export interface StoredEventRecord {
  conversationId: string;
  id: string;
  seq: number;
  receivedAt: Date;
  contentHash: string;
  chainHash: string;
  /** The event as received, reassembled from its payload and parts. */
  event: unknown;
}

interface EventRow {
  conversationId: string;
  id: string;
  name: string;
  timestamp: Date;
  seq: number;
  receivedAt: Date;
  contentHash: string;
  chainHash: string;
  payload: unknown;
  partsRef: string | null;
}

const PAGE = 500;

/** Reads the audit log: original events, chain verification, and the full history for rebuilds. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The event exactly as received (equal JSON), or null. */
  async findOriginalEvent(eventId: string): Promise<unknown> {
    const row = await guardAvailability(() =>
      this.prisma.event.findUnique({ where: { id: eventId }, select: EVENT_SELECT }),
    );
    if (row === null) return null;
    const [record] = await this.reassemble([row]);
    return record.event;
  }

  /** Recomputes the conversation's chain: content hashes from the reassembled events, then the links. */
  async verifyConversation(conversationId: string): Promise<AuditVerificationResult> {
    let previous = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for await (const page of this.conversationPages(conversationId)) {
      for (const r of page) {
        checked += 1;
        const intact =
          r.seq === expectedSeq &&
          contentHash(r.event) === r.contentHash &&
          chainHash(previous, {
            conversationId,
            seq: r.seq,
            eventId: r.id,
            receivedAt: r.receivedAt,
            contentHash: r.contentHash,
          }) === r.chainHash;
        if (!intact)
          return { conversationId, ok: false, checkedEvents: checked, firstBrokenEventId: r.id };
        previous = r.chainHash;
        expectedSeq += 1;
      }
    }
    const head = await guardAvailability(() =>
      this.prisma.auditChain.findUnique({ where: { conversationId } }),
    );
    // A removed last event leaves the stored head pointing past what is there.
    if (head && (head.seq !== checked || head.head !== previous)) {
      return { conversationId, ok: false, checkedEvents: checked, firstBrokenEventId: null };
    }
    return { conversationId, ok: true, checkedEvents: checked, firstBrokenEventId: null };
  }

  /** Every conversation with an audit chain, in id order, a page at a time. */
  async *conversationIds(): AsyncGenerator<string[]> {
    let after = '';
    for (;;) {
      const rows = await guardAvailability(() =>
        this.prisma.auditChain.findMany({
          where: { conversationId: { gt: after } },
          orderBy: { conversationId: 'asc' },
          take: PAGE,
          select: { conversationId: true },
        }),
      );
      if (rows.length === 0) return;
      yield rows.map((r) => r.conversationId);
      after = rows[rows.length - 1].conversationId;
    }
  }

  /** A conversation's events in chain order, reassembled, a page at a time. */
  async *conversationPages(conversationId: string): AsyncGenerator<StoredEventRecord[]> {
    let afterSeq = 0;
    for (;;) {
      const rows = await guardAvailability(() =>
        this.prisma.event.findMany({
          where: { conversationId, seq: { gt: afterSeq } },
          orderBy: { seq: 'asc' },
          take: PAGE,
          select: EVENT_SELECT,
        }),
      );
      if (rows.length === 0) return;
      yield await this.reassemble(rows);
      afterSeq = rows[rows.length - 1].seq;
    }
  }

  private async reassemble(rows: EventRow[]): Promise<StoredEventRecord[]> {
    const loaded = new Map<string, StoredPart>();
    const refs = rows.map((r) => r.partsRef);
    // Parts can hold parts: load level by level until nothing is missing.
    for (
      let missing = missingParts(refs, loaded);
      missing.length > 0;
      missing = missingParts(refs, loaded)
    ) {
      const parts = await guardAvailability(() =>
        this.prisma.payloadPart.findMany({ where: { hash: { in: missing } } }),
      );
      if (parts.length === 0) break;
      for (const p of parts)
        loaded.set(p.hash, { hash: p.hash, content: p.content, parts: p.parts as PartRefs | null });
    }
    return rows.map((r) => ({
      conversationId: r.conversationId,
      id: r.id,
      seq: r.seq,
      receivedAt: r.receivedAt,
      contentHash: r.contentHash,
      chainHash: r.chainHash,
      event: withIdentity(safeJoin(r.payload, r.partsRef, loaded), {
        id: r.id,
        name: r.name,
        conversationId: r.conversationId,
        timestamp: r.timestamp.getTime(),
      }),
    }));
  }
}

/** A missing part makes the event unrecoverable: verification must then fail, not throw. */
function safeJoin(
  payload: unknown,
  envelope: string | null,
  loaded: Map<string, StoredPart>,
): unknown {
  try {
    return joinPayload(payload, envelope, loaded);
  } catch {
    return { unrecoverable: canonicalJson(payload) };
  }
}

const EVENT_SELECT = {
  conversationId: true,
  id: true,
  name: true,
  timestamp: true,
  seq: true,
  receivedAt: true,
  contentHash: true,
  chainHash: true,
  payload: true,
  partsRef: true,
} as const;
