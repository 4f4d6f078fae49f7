import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from './generated/prisma/client.js';
import { analyticsQuery } from './analytics-query.js';
import { hourOf } from './conversation.repository.js';
import { READ_PRISMA } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';
import { IS_WHISPER } from './transcript-view.js';

export interface AgentRole {
  agentId: string;
  role: string | null;
  at: Date;
}

export interface CollaborationQuery {
  from: Date;
  to: Date;
  agentId?: string;
  channelId?: string;
}

export interface StoredAgentCollaboration {
  agentId: string;
  agentName: string | null;
  whispersSent: number;
  conversationsWithWhispers: number;
  /** Seconds from the customer's first message to this agent's first whisper: [median, p90], or null. */
  firstWhisperSeconds: [number, number] | null;
  consulted: { agentId: string; agentName: string | null; conversations: number }[];
}

/** Agent collaboration (whispers), aggregated in PostgreSQL. Agent-only data: callers need transcripts:agent. */
@Injectable()
export class CollaborationRepository {
  constructor(@Inject(READ_PRISMA) private readonly prisma: PrismaClient) {}

  /** Agents' roles over time (joins and role changes), oldest first: the last one is current. */
  findRoles(conversationId: string): Promise<AgentRole[]> {
    return guardAvailability(() =>
      this.prisma.$queryRaw<AgentRole[]>(Prisma.sql`
        SELECT cim_id_text(a.participant_id) AS "agentId", a.role, a."timestamp" AS at
        FROM activities a
        WHERE a.conversation_id = cim_id(${conversationId}) AND a.participant_type = 'AGENT'
          AND a.role IS NOT NULL AND a.type IN ('AGENT_JOINED', 'ROLE_CHANGED')
        ORDER BY a."timestamp", a.event_id`),
    );
  }

  async agentCollaboration(query: CollaborationQuery): Promise<StoredAgentCollaboration[]> {
    const rows = await analyticsQuery<{
      agent_id: string;
      agent_name: string | null;
      whispers: number;
      conversations: number;
      first_whisper: number[] | null;
      consulted: { agentId: string; agentName: string | null; conversations: number }[] | null;
    }>(
      this.prisma,
      Prisma.sql`
        WITH conv AS (
          SELECT c.id FROM conversations c
          WHERE c.last_event_hour >= ${hourOf(query.from)}::int
            AND c.last_event_at >= ${query.from}::timestamptz AND c.first_event_at < ${query.to}::timestamptz
            ${query.channelId ? Prisma.sql`AND c.channel_id = cim_id(${query.channelId})` : Prisma.empty}
        ),
        whispers AS (
          SELECT m.sender_id, m.conversation_id, m."timestamp"
          FROM messages m JOIN conv ON conv.id = m.conversation_id
          WHERE ${IS_WHISPER} AND m."timestamp" >= ${query.from}::timestamptz AND m."timestamp" < ${query.to}::timestamptz
        ),
        per_conv AS (
          SELECT w.sender_id, w.conversation_id, count(*) AS n, min(w."timestamp") AS first_whisper
          FROM whispers w GROUP BY 1, 2
        ),
        first_customer AS (
          SELECT m.conversation_id, min(m."timestamp") AS at FROM messages m
          WHERE m.sender_type = 'CUSTOMER' AND m.conversation_id IN (SELECT conversation_id FROM per_conv)
          GROUP BY 1
        ),
        -- Consulted: whoever was PRIMARY (joined or changed to it, not left since) when the whisper was sent.
        primaries AS (
          SELECT DISTINCT w.sender_id AS me, r.participant_id AS other, w.conversation_id
          FROM whispers w
          JOIN LATERAL (
            SELECT DISTINCT ON (a.participant_id) a.participant_id, a.role, a.type
            FROM activities a
            WHERE a.conversation_id = w.conversation_id AND a.participant_type = 'AGENT'
              AND a.type IN ('AGENT_JOINED', 'ROLE_CHANGED', 'AGENT_LEFT') AND a."timestamp" <= w."timestamp"
            ORDER BY a.participant_id, a."timestamp" DESC, a.event_id DESC
          ) r ON r.role = 'PRIMARY' AND r.type <> 'AGENT_LEFT' AND r.participant_id <> w.sender_id
        ),
        pairs AS (
          SELECT me, other, count(DISTINCT conversation_id)::int AS n FROM primaries GROUP BY 1, 2
        ),
        names AS (
          SELECT DISTINCT ON (p.id) p.id, p.name FROM participants p
          WHERE p.id IN (SELECT sender_id FROM per_conv UNION SELECT other FROM primaries)
          ORDER BY p.id, p.snapshot_at DESC
        ),
        consulted AS (
          SELECT p.me, json_agg(json_build_object('agentId', cim_id_text(p.other), 'agentName', nb.name, 'conversations', p.n)
                                ORDER BY p.n DESC, p.other) AS list
          FROM pairs p LEFT JOIN names nb ON nb.id = p.other
          GROUP BY p.me
        ),
        agg AS (
          SELECT pc.sender_id, sum(pc.n)::int AS whispers, count(*)::int AS conversations,
                 percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
                   ORDER BY extract(epoch FROM pc.first_whisper - fc.at)::float8
                 ) FILTER (WHERE fc.at <= pc.first_whisper) AS first_whisper
          FROM per_conv pc LEFT JOIN first_customer fc ON fc.conversation_id = pc.conversation_id
          GROUP BY pc.sender_id
        )
        SELECT cim_id_text(agg.sender_id) AS agent_id, n.name AS agent_name, agg.whispers, agg.conversations,
               agg.first_whisper, cs.list AS consulted
        FROM agg
        LEFT JOIN names n ON n.id = agg.sender_id
        LEFT JOIN consulted cs ON cs.me = agg.sender_id
        ${query.agentId ? Prisma.sql`WHERE agg.sender_id = cim_id(${query.agentId})` : Prisma.empty}
        ORDER BY agg.sender_id`,
    );
    return rows.map((r) => ({
      agentId: r.agent_id,
      agentName: r.agent_name,
      whispersSent: r.whispers,
      conversationsWithWhispers: r.conversations,
      firstWhisperSeconds:
        r.first_whisper && r.first_whisper[0] !== null
          ? [r.first_whisper[0], r.first_whisper[1]]
          : null,
      consulted: r.consulted ?? [],
    }));
  }
}
