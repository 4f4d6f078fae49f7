import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { ReadException, ReadExceptionCode } from '../common/read.exception.js';
import {
  AccessLogRepository,
  type AccessRecord,
  type StoredAccessRecord,
} from '../storage/access-log.repository.js';
import type { AccessLogArgs } from './dto/access-log.args.js';
import type { AccessLogConnection, AccessLogEntry } from './models/access-log.model.js';

@Injectable()
export class AccessLogService {
  constructor(private readonly repository: AccessLogRepository) {}

  /** Awaited before the data is returned: a read that cannot be logged does not happen. */
  record(record: AccessRecord): Promise<void> {
    return this.repository.append(record);
  }

  async list(args: AccessLogArgs): Promise<AccessLogConnection> {
    const query = { conversationId: args.conversationId, from: args.from, to: args.to };
    const before = args.after ? decodeAfter(args.after) : null;
    const first = args.first ?? 50;
    const [rows, totalCount] = await Promise.all([
      this.repository.findPage(query, first + 1, before),
      this.repository.count(query),
    ]);
    const page = rows.slice(0, first);
    const edges = page.map((r) => ({ cursor: encodeCursor([r.id.toString()]), node: toEntry(r) }));
    return {
      edges,
      totalCount,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}

function decodeAfter(after: string): bigint {
  const parts = decodeCursor(after, ['string']);
  if (!parts || !/^\d{1,19}$/.test(parts[0] as string)) {
    throw new ReadException(
      ReadExceptionCode.INVALID_ARGUMENT,
      'after is not a cursor of this list',
    );
  }
  return BigInt(parts[0] as string);
}

function toEntry(r: StoredAccessRecord): AccessLogEntry {
  return {
    id: r.id.toString(),
    at: r.at,
    keyName: r.keyName,
    operation: r.operation,
    view: r.view,
    conversationIds: r.conversationIds,
    requestId: r.requestId,
    details: r.details ? JSON.stringify(r.details) : null,
  };
}
