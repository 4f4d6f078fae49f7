import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.js';
import { analyticsQuery } from './analytics-query.js';
import { hourOf } from './conversation.repository.js';
import { READ_PRISMA } from './storage.tokens.js';
import { IS_WHISPER, TranscriptView, visibleToView } from './transcript-view.js';

export type ReportBucket = 'hour' | 'day';
export type ReportGroup = 'channel' | 'agent';

export interface ReportQuery {
  from: Date;
  to: Date;
  bucket: ReportBucket;
  groupBy: ReportGroup;
  channelId?: string;
  agentId?: string;
}

export interface StoredReportRow {
  bucket: Date;
  key: string | null;
  conversations: number;
  messages: number;
  customerVisibleMessages: number;
  agentOnlyMessages: number;
  messagesBySenderType: Record<string, number>;
  /** [median, p90] in seconds, with the number of samples. */
  firstResponse: { percentiles: [number, number]; samples: number } | null;
  handleTime: { percentiles: [number, number]; samples: number } | null;
}

export interface StoredWhisperRow {
  bucket: Date;
  agentId: string;
  agentName: string | null;
  whispers: number;
}

interface Row {
  bucket: Date;
  key: string | null;
  conversations: number | null;
  messages: number | null;
  customer_visible: number | null;
  by_type: Record<string, number> | null;
  fr: number[] | null;
  fr_n: number | null;
  ht: number[] | null;
  ht_n: number | null;
}

/**
 * Reporting aggregates, computed in PostgreSQL (GROUP BY, percentile_cont). A conversation belongs to
 * its channel, or to every agent who sent a message in it within the range.
 * First response: the customer's first message to the first customer-visible agent message after it,
 * bucketed by the customer's message. Handle time: CHANNEL_SESSION_STARTED to CHANNEL_SESSION_ENDED
 * of each channel session (events table), bucketed by the start.
 */
@Injectable()
export class ReportRepository {
  constructor(@Inject(READ_PRISMA) private readonly prisma: PrismaClient) {}

  async report(q: ReportQuery): Promise<StoredReportRow[]> {
    const customerVisible = visibleToView(TranscriptView.CUSTOMER, 'm.visibility');
    const keys =
      q.groupBy === 'channel'
        ? Prisma.sql`SELECT c.id AS conversation_id, c.channel_id AS key FROM conversations c
            WHERE c.last_event_hour >= ${hourOf(q.from)}::int
              AND c.last_event_at >= ${q.from}::timestamptz AND c.first_event_at < ${q.to}::timestamptz
            ${q.channelId ? Prisma.sql`AND c.channel_id = cim_id(${q.channelId})` : Prisma.empty}`
        : Prisma.sql`SELECT DISTINCT m.conversation_id, m.sender_id AS key FROM messages m
            WHERE m.sender_type = 'AGENT' AND m."timestamp" >= ${q.from}::timestamptz AND m."timestamp" < ${q.to}::timestamptz
            ${q.agentId ? Prisma.sql`AND m.sender_id = cim_id(${q.agentId})` : Prisma.empty}`;
    const trunc = (column: string) =>
      Prisma.sql`date_trunc(${q.bucket}, ${Prisma.raw(column)}, 'UTC')`;
    const rows = await analyticsQuery<Row>(
      this.prisma,
      Prisma.sql`
        WITH keys AS MATERIALIZED (${keys}),
        m AS MATERIALIZED (
          SELECT k.key, m.conversation_id, ${trunc('m."timestamp"')} AS bucket, m.sender_type,
                 ${customerVisible} AS visible
          FROM messages m JOIN keys k ON k.conversation_id = m.conversation_id
          WHERE m."timestamp" >= ${q.from}::timestamptz AND m."timestamp" < ${q.to}::timestamptz
        ),
        -- One pass: per sender type, and (sender_type rolled up) per key and bucket.
        agg AS (
          SELECT key, bucket, sender_type, GROUPING(sender_type) AS total, count(*)::int AS n,
                 count(*) FILTER (WHERE visible)::int AS customer_visible,
                 count(DISTINCT conversation_id)::int AS conversations
          FROM m GROUP BY GROUPING SETS ((key, bucket, sender_type), (key, bucket))
        ),
        counts AS (
          SELECT key, bucket, conversations, n AS messages, customer_visible FROM agg WHERE total = 1
        ),
        types AS (
          SELECT key, bucket, json_object_agg(sender_type, n) AS by_type FROM agg WHERE total = 0
          GROUP BY 1, 2
        ),
        firsts AS (
          SELECT fc.conversation_id, fc.at AS first_customer,
                 (SELECT min(m."timestamp") FROM messages m
                  WHERE m.conversation_id = fc.conversation_id AND m.sender_type = 'AGENT'
                    AND ${customerVisible} AND m."timestamp" >= fc.at) AS first_agent
          FROM (SELECT m.conversation_id, min(m."timestamp") AS at FROM messages m
                WHERE m.sender_type = 'CUSTOMER' AND m.conversation_id IN (SELECT conversation_id FROM keys)
                GROUP BY 1) fc
          WHERE fc.at >= ${q.from}::timestamptz AND fc.at < ${q.to}::timestamptz
        ),
        fr AS (
          SELECT k.key, ${trunc('f.first_customer')} AS bucket, count(*)::int AS fr_n,
                 percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
                   ORDER BY extract(epoch FROM f.first_agent - f.first_customer)::float8) AS fr
          FROM firsts f JOIN keys k USING (conversation_id)
          WHERE f.first_agent IS NOT NULL GROUP BY 1, 2
        ),
        sessions AS (
          -- started_at / ended_at come from CHANNEL_SESSION_STARTED and ENDED / EXPIRED events.
          SELECT cs.conversation_id, cs.started_at AS started, cs.ended_at AS ended
          FROM channel_sessions cs
          WHERE cs.started_at >= ${q.from}::timestamptz
            AND cs.conversation_id IN (SELECT conversation_id FROM keys)
        ),
        ht AS (
          SELECT k.key, ${trunc('s.started')} AS bucket, count(*)::int AS ht_n,
                 percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
                   ORDER BY extract(epoch FROM s.ended - s.started)::float8) AS ht
          FROM sessions s JOIN keys k USING (conversation_id)
          WHERE s.started < ${q.to}::timestamptz AND s.ended >= s.started GROUP BY 1, 2
        ),
        b AS (SELECT key, bucket FROM counts UNION SELECT key, bucket FROM fr UNION SELECT key, bucket FROM ht)
        SELECT b.bucket, cim_id_text(b.key) AS key, counts.conversations, counts.messages, counts.customer_visible,
               types.by_type, fr.fr, fr.fr_n, ht.ht, ht.ht_n
        FROM b
        LEFT JOIN counts ON counts.key IS NOT DISTINCT FROM b.key AND counts.bucket = b.bucket
        LEFT JOIN types ON types.key IS NOT DISTINCT FROM b.key AND types.bucket = b.bucket
        LEFT JOIN fr ON fr.key IS NOT DISTINCT FROM b.key AND fr.bucket = b.bucket
        LEFT JOIN ht ON ht.key IS NOT DISTINCT FROM b.key AND ht.bucket = b.bucket
        ORDER BY b.bucket, b.key NULLS LAST`,
    );
    return rows.map((r) => ({
      bucket: r.bucket,
      key: r.key,
      conversations: r.conversations ?? 0,
      messages: r.messages ?? 0,
      customerVisibleMessages: r.customer_visible ?? 0,
      agentOnlyMessages: (r.messages ?? 0) - (r.customer_visible ?? 0),
      messagesBySenderType: r.by_type ?? {},
      firstResponse: r.fr ? { percentiles: [r.fr[0], r.fr[1]], samples: r.fr_n ?? 0 } : null,
      handleTime: r.ht ? { percentiles: [r.ht[0], r.ht[1]], samples: r.ht_n ?? 0 } : null,
    }));
  }

  /** Whispers sent per agent and UTC bucket in [from, to), oldest bucket first, then most whispers. */
  whispersByAgent(q: Omit<ReportQuery, 'groupBy'>): Promise<StoredWhisperRow[]> {
    return analyticsQuery<StoredWhisperRow>(
      this.prisma,
      Prisma.sql`
        SELECT date_trunc(${q.bucket}, m."timestamp", 'UTC') AS bucket,
               cim_id_text(m.sender_id) AS "agentId", max(p.name) AS "agentName",
               count(*)::int AS whispers
        FROM messages m
        LEFT JOIN participants p ON p.conversation_id = m.conversation_id AND p.id = m.sender_id
        WHERE ${IS_WHISPER}
          AND m."timestamp" >= ${q.from}::timestamptz AND m."timestamp" < ${q.to}::timestamptz
          ${q.agentId ? Prisma.sql`AND m.sender_id = cim_id(${q.agentId})` : Prisma.empty}
        GROUP BY 1, m.sender_id
        ORDER BY 1, whispers DESC, 2`,
    );
  }
}
