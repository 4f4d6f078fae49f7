import { Injectable } from '@nestjs/common';
import { Prisma } from './generated/prisma/client.js';
import { PrismaService } from './prisma.service.js';
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
  constructor(private readonly prisma: PrismaService) {}

  async append(record: AccessRecord): Promise<void> {
    await guardAvailability(() =>
      this.prisma.accessLogEntry.create({
        data: {
          keyName: record.keyName,
          operation: record.operation,
          view: record.view,
          conversationIds: record.conversationIds,
          requestId: record.requestId,
          details: (record.details ?? Prisma.DbNull) as Prisma.InputJsonValue,
        },
      }),
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
