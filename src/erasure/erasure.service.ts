import { Injectable } from '@nestjs/common';
import { loadPage, type CursorCodec, type PageRequest } from '../common/connection.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { MetricsService } from '../metrics/metrics.service.js';
import {
  ErasureRepository,
  LegalHoldError,
  type StoredErasure,
} from '../storage/erasure.repository.js';
import { DEFAULT_ERASURES_PAGE_SIZE } from './dto/erasure.args.js';
import { ErasureException, ErasureExceptionCode } from './erasure.exception.js';
import type { Erasure, ErasureConnection } from './models/erasure.model.js';
import type { LegalHold } from './models/legal-hold.model.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Erasure by a key, legal holds and the ledger's listing; retention is RetentionService. */
@Injectable()
export class ErasureService {
  constructor(
    private readonly repository: ErasureRepository,
    private readonly metrics: MetricsService,
  ) {}

  async eraseConversation(conversationId: string, reason: string, by: string): Promise<Erasure> {
    checkedReason(reason);
    const found = await this.repository.existingConversations([conversationId]);
    if (found.length === 0) throw notFound(`No conversation ${conversationId}`);
    return this.erase({ conversationIds: found, customerId: null, reason, by });
  }

  async eraseCustomer(customerId: string, reason: string, by: string): Promise<Erasure> {
    checkedReason(reason);
    const conversationIds = await this.repository.conversationsOfCustomer(customerId);
    if (conversationIds === null) throw notFound(`No customer ${customerId}`);
    return this.erase({ conversationIds, customerId, reason, by });
  }

  async placeHold(
    target: { conversationId?: string | null; customerId?: string | null },
    reason: string,
    by: string,
  ): Promise<LegalHold> {
    const conversationId = target.conversationId ?? null;
    const customerId = target.customerId ?? null;
    const why = checkedReason(reason);
    if ((conversationId === null) === (customerId === null))
      throw invalid('Give exactly one of conversationId and customerId');
    if (conversationId !== null) {
      if ((await this.repository.existingConversations([conversationId])).length === 0)
        throw notFound(`No conversation ${conversationId}`);
    } else if ((await this.repository.conversationsOfCustomer(customerId as string)) === null) {
      throw notFound(`No customer ${customerId}`);
    }
    return this.repository.placeHold({ conversationId, customerId, reason: why, placedBy: by });
  }

  async releaseHold(id: string, reason: string, by: string): Promise<LegalHold> {
    const why = checkedReason(reason);
    if (!UUID.test(id)) throw notFound(`No legal hold ${id}`);
    const hold = await this.repository.releaseHold(id, by, why);
    if (!hold) throw notFound(`No legal hold ${id}`);
    return hold;
  }

  holds(activeOnly: boolean): Promise<LegalHold[]> {
    return this.repository.holds(activeOnly);
  }

  async erasures(request: PageRequest): Promise<ErasureConnection> {
    const [page, totalCount] = await Promise.all([
      loadPage(request, DEFAULT_ERASURES_PAGE_SIZE, ERASURE_CURSOR, {
        rows: (window) => this.repository.findErasures(window),
        exists: (seq, side) => this.repository.erasureExistsBeside(seq, side),
        positionOf: (r) => r.seq,
      }),
      this.repository.countErasures(),
    ]);
    const edges = page.rows.map((r, i) => ({ cursor: page.cursors[i], node: toErasure(r) }));
    return { edges, totalCount, pageInfo: page.pageInfo };
  }

  private async erase(request: {
    conversationIds: string[];
    customerId: string | null;
    reason: string;
    by: string;
  }): Promise<Erasure> {
    const reason = checkedReason(request.reason);
    try {
      const erasure = await this.repository.erase({
        requestedBy: request.by,
        reason,
        conversationIds: request.conversationIds,
        customerId: request.customerId,
      });
      this.metrics.countErasure('key', erasure.conversations.length, erasure.erasedEvents);
      return toErasure(erasure);
    } catch (error) {
      if (error instanceof LegalHoldError) {
        throw new ErasureException(
          ErasureExceptionCode.LEGAL_HOLD,
          `Nothing was erased: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

export function toErasure(r: StoredErasure): Erasure {
  return {
    id: r.id,
    reason: r.reason,
    requestedBy: r.requestedBy,
    conversationIds: r.conversations.map((c) => c.id),
    customerId: r.customerId,
    erasedEvents: r.erasedEvents,
    erasedAt: r.erasedAt,
    chainHeads: r.conversations.map((c) => ({
      conversationId: c.id,
      head: c.head,
      headEventId: c.headId,
      events: c.events,
    })),
    hash: r.hash.toString('hex'),
  };
}

/** Position in the ledger: its sequence number (it only grows). */
const ERASURE_CURSOR: CursorCodec<bigint> = {
  encode: (seq) => encodeCursor(['erasure', seq.toString()]),
  decode: (cursor) => {
    const parts = decodeCursor(cursor, ['string', 'string']);
    return parts && parts[0] === 'erasure' && /^\d{1,19}$/.test(parts[1] as string)
      ? BigInt(parts[1] as string)
      : null;
  },
};

function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '') throw invalid('reason must not be blank');
  return trimmed;
}

function notFound(message: string): ErasureException {
  return new ErasureException(ErasureExceptionCode.NOT_FOUND, message);
}

function invalid(message: string): ErasureException {
  return new ErasureException(ErasureExceptionCode.INVALID_ARGUMENT, message);
}
