import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from './generated/prisma/client.js';
import type { DatabaseConnection } from './database-connection.js';
import type { KeysetSide, KeysetWindow } from './keyset.js';
import { PrismaService } from './prisma.service.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';

export interface AccessRecord {
  keyName: string;
  operation: string;
  view: string | null;
  conversationIds: string[];
  requestId: string;
  details?: Record<string, unknown>;
}

export interface StoredAccessRecord extends AccessRecord {
  id: bigint;
  at: Date;
}

export interface AccessLogQuery {
  conversationId?: string;
  from?: Date;
  to?: Date;
}

/** The access log: append-only (no update or delete here, and a trigger refuses them in the database). */
@Injectable()
export class AccessLogRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection,
  ) {}

  /** Every full-agent read waits for this row: one plain INSERT through the driver (see DatabaseConnection.query). */
  async append(record: AccessRecord): Promise<void> {
    await guardAvailability(() =>
      this.database.query(
        `INSERT INTO access_log (key_name, operation, view, conversation_ids, request_id, details)
         VALUES ($1, $2, $3, $4::text[], $5, $6::jsonb)`,
        [
          record.keyName,
          record.operation,
          record.view,
          record.conversationIds,
          record.requestId,
          record.details === undefined ? null : JSON.stringify(record.details),
        ],
      ),
    );
  }

  /** A window of the log, newest first (ids only grow, so "after" an id is below it), in that order. */
  async findPage(
    query: AccessLogQuery,
    window: KeysetWindow<bigint>,
  ): Promise<StoredAccessRecord[]> {
    const id = {
      ...(window.after !== null ? { lt: window.after } : {}),
      ...(window.before !== null ? { gt: window.before } : {}),
    };
    const rows = await guardAvailability(() =>
      this.prisma.accessLogEntry.findMany({
        where: { ...this.where(query), id },
        orderBy: { id: window.fromEnd ? 'asc' : 'desc' },
        take: window.limit,
      }),
    );
    if (window.fromEnd) rows.reverse();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      keyName: r.keyName,
      operation: r.operation,
      view: r.view,
      conversationIds: r.conversationIds,
      requestId: r.requestId,
      details: (r.details ?? undefined) as Record<string, unknown> | undefined,
    }));
  }

  /** Whether an entry matching the query lies at `id` or on `side` of it, newest first. */
  async existsBeside(query: AccessLogQuery, id: bigint, side: KeysetSide): Promise<boolean> {
    const found = await guardAvailability(() =>
      this.prisma.accessLogEntry.findFirst({
        where: { ...this.where(query), id: side === 'before' ? { gte: id } : { lte: id } },
        select: { id: true },
      }),
    );
    return found !== null;
  }

  count(query: AccessLogQuery): Promise<number> {
    return guardAvailability(() => this.prisma.accessLogEntry.count({ where: this.where(query) }));
  }

  private where(query: AccessLogQuery): Prisma.AccessLogEntryWhereInput {
    return {
      ...(query.conversationId ? { conversationIds: { has: query.conversationId } } : {}),
      ...(query.from || query.to
        ? {
            at: {
              ...(query.from ? { gte: query.from } : {}),
              ...(query.to ? { lt: query.to } : {}),
            },
          }
        : {}),
    };
  }
}
