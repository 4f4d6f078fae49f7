import { Inject, Injectable } from '@nestjs/common';
import { decodeId, encodeId } from '../domain/compact-id.js';
import type { DatabaseConnection } from './database-connection.js';
import { Prisma } from './generated/prisma/client.js';
import {
  activityIn,
  MESSAGE_COLUMNS,
  MESSAGE_FROM,
  toStoredMessage,
  type StoredMessageRow,
} from './conversation.repository.js';
import { READ_DATABASE_CONNECTION } from './storage.tokens.js';
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
  constructor(@Inject(READ_DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  async findMessagePage(
    conversationId: string,
    view: TranscriptView,
    after: MessagePosition | null,
    limit: number,
  ): Promise<StoredMessage[]> {
    const position = after
      ? Prisma.sql`AND (m."timestamp", m.event_id, m.id) > (${after.timestamp}::timestamptz, ${encodeId(after.eventId)}::bytea, ${encodeId(after.id)}::bytea)`
      : Prisma.empty;
    const rows = await this.query<StoredMessageRow>(Prisma.sql`
        SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
        WHERE m.conversation_id = ${encodeId(conversationId)}::bytea AND ${visibleToView(view, 'm.visibility')} ${position}
        ORDER BY m."timestamp", m.event_id, m.id
        LIMIT ${limit}`);
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
    const rows = await this.query<{ id: Buffer }>(Prisma.sql`
        SELECT c.id FROM conversations c
        WHERE ${Prisma.join(activityIn(view, from, to), ' AND ')}
          ${afterId !== null ? Prisma.sql`AND c.id > ${encodeId(afterId)}::bytea` : Prisma.empty}
        ORDER BY c.id
        LIMIT ${limit}`);
    return rows.map((r) => decodeId(r.id));
  }

  private query<T>(sql: Prisma.Sql): Promise<T[]> {
    return guardAvailability(() => this.database.query<T>(sql.text, sql.values));
  }
}
