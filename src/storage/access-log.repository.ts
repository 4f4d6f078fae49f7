import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from './generated/prisma/client.js';
import type { DatabaseConnection } from './database-connection.js';
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

  /** Newest first; `beforeId` is the keyset position (ids only grow). */
  async findPage(
    query: AccessLogQuery,
    limit: number,
    beforeId: bigint | null,
  ): Promise<StoredAccessRecord[]> {
    const rows = await guardAvailability(() =>
      this.prisma.accessLogEntry.findMany({
        where: { ...this.where(query), ...(beforeId !== null ? { id: { lt: beforeId } } : {}) },
        orderBy: { id: 'desc' },
        take: limit,
      }),
    );
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
