import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.js';
import {
  activityIn,
  MESSAGE_COLUMNS,
  MESSAGE_FROM,
  toStoredMessage,
  type StoredMessageRow,
} from './conversation.repository.js';
import { READ_PRISMA } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';
import type { StoredMessage } from './transcript.repository.js';
import { visibleToView, type TranscriptView } from './transcript-view.js';

/** Keyset position inside a transcript: (event time, event id, message id). */
export interface MessagePosition {
  timestamp: Date;
  eventId: string;
  id: string;
}

/**
 * Reads for streamed exports, in bounded pages (keyset, never OFFSET), so an export of any size
 * holds at most one page in memory. Message pages go through `visibleToView`.
 */
@Injectable()
export class ExportRepository {
  constructor(@Inject(READ_PRISMA) private readonly prisma: PrismaClient) {}

  async findMessagePage(
    conversationId: string,
    view: TranscriptView,
    after: MessagePosition | null,
    limit: number,
  ): Promise<StoredMessage[]> {
    const position = after
      ? Prisma.sql`AND (m."timestamp", m.event_id, m.id) > (${after.timestamp}::timestamptz, ${after.eventId}, ${after.id})`
      : Prisma.empty;
    const rows = await guardAvailability(() =>
      this.prisma.$queryRaw<StoredMessageRow[]>(Prisma.sql`
        SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
        WHERE m.conversation_id = ${conversationId} AND ${visibleToView(view, 'm.visibility')} ${position}
        ORDER BY m."timestamp", m.event_id, m.id
        LIMIT ${limit}`),
    );
    return rows.map(toStoredMessage);
  }

  /** Ids of conversations with activity in [from, to) as the view sees it, in id order, after `afterId`. */
  async findConversationIdsInRange(
    view: TranscriptView,
    from: Date,
    to: Date,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await guardAvailability(() =>
      this.prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
        SELECT c.id FROM conversations c
        WHERE ${Prisma.join(activityIn(view, from, to), ' AND ')}
          ${afterId !== null ? Prisma.sql`AND c.id > ${afterId}` : Prisma.empty}
        ORDER BY c.id COLLATE "C"
        LIMIT ${limit}`),
    );
    return rows.map((r) => r.id);
  }
}
