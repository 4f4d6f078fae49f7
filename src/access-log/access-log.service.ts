import { Injectable } from '@nestjs/common';
import { loadPage, type CursorCodec } from '../common/connection.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import {
  AccessLogRepository,
  type AccessRecord,
  type StoredAccessRecord,
} from '../storage/access-log.repository.js';
import { DEFAULT_ACCESS_LOG_PAGE_SIZE, type AccessLogArgs } from './dto/access-log.args.js';
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
    const [page, totalCount] = await Promise.all([
      loadPage(args, DEFAULT_ACCESS_LOG_PAGE_SIZE, ACCESS_LOG_CURSOR, {
        rows: (window) => this.repository.findPage(query, window),
        exists: (id, side) => this.repository.existsBeside(query, id, side),
        positionOf: (r) => r.id,
      }),
      this.repository.count(query),
    ]);
    const edges = page.rows.map((r, i) => ({ cursor: page.cursors[i], node: toEntry(r) }));
    return { edges, totalCount, pageInfo: page.pageInfo };
  }
}

/** Position in the log: the entry's id (ids only grow). */
const ACCESS_LOG_CURSOR: CursorCodec<bigint> = {
  encode: (id) => encodeCursor([id.toString()]),
  decode: (cursor) => {
    const parts = decodeCursor(cursor, ['string']);
    return parts && /^\d{1,19}$/.test(parts[0] as string) ? BigInt(parts[0] as string) : null;
  },
};

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
