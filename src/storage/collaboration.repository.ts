import { Injectable } from '@nestjs/common';
import { Prisma } from './generated/prisma/client.js';
import { analyticsQuery } from './analytics-query.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';
import { TranscriptView, visibleToView } from './transcript-view.js';

export interface SubscribedRole {
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

/** Whispers are the messages the customer view may not see: `NOT visibleToView(CUSTOMER)`. */
const IS_WHISPER = Prisma.sql`m.sender_type = 'AGENT' AND NOT ${visibleToView(TranscriptView.CUSTOMER, 'm.visibility')}`;

/** Agent collaboration (whispers), aggregated in PostgreSQL. Agent-only data: callers need transcripts:agent. */
@Injectable()
export class CollaborationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Roles as announced by AGENT_SUBSCRIBED events (data.agentParticipant.role), oldest first. */
  findSubscribedRoles(conversationId: string): Promise<SubscribedRole[]> {
    return guardAvailability(() =>
      this.prisma.$queryRaw<SubscribedRole[]>(Prisma.sql`
        SELECT COALESCE(e.payload #>> '{data,agentParticipant,participant,keycloakUser,id}',
                        e.payload #>> '{data,agentParticipant,participant,id}') AS "agentId",
               e.payload #>> '{data,agentParticipant,role}' AS role, e."timestamp" AS at
        FROM events e
        WHERE e.conversation_id = ${conversationId} AND e.name = 'AGENT_SUBSCRIBED'
        ORDER BY e."timestamp", e.id`),
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
          WHERE c.last_event_at >= ${query.from}::timestamptz AND c.first_event_at < ${query.to}::timestamptz
            ${query.channelId ? Prisma.sql`AND c.channel_id = ${query.channelId}` : Prisma.empty}
        ),
        per_conv AS (
          SELECT m.sender_id, m.conversation_id, count(*) AS n, min(m."timestamp") AS first_whisper
          FROM messages m JOIN conv ON conv.id = m.conversation_id
          WHERE ${IS_WHISPER} AND m."timestamp" >= ${query.from}::timestamptz AND m."timestamp" < ${query.to}::timestamptz
          GROUP BY 1, 2
        ),
        first_customer AS (
          SELECT m.conversation_id, min(m."timestamp") AS at FROM messages m
          WHERE m.sender_type = 'CUSTOMER' AND m.conversation_id IN (SELECT conversation_id FROM per_conv)
          GROUP BY 1
        ),
        names AS (
          SELECT DISTINCT ON (p.id) p.id, p.name FROM participants p
          WHERE p.id IN (SELECT sender_id FROM per_conv) ORDER BY p.id, p.snapshot_at DESC
        ),
        pairs AS (
          SELECT a.sender_id AS me, b.sender_id AS other, count(DISTINCT a.conversation_id)::int AS n
          FROM per_conv a
          JOIN per_conv b ON b.conversation_id = a.conversation_id AND b.sender_id <> a.sender_id
          GROUP BY 1, 2
        ),
        consulted AS (
          SELECT p.me, json_agg(json_build_object('agentId', p.other, 'agentName', nb.name, 'conversations', p.n)
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
        SELECT agg.sender_id AS agent_id, n.name AS agent_name, agg.whispers, agg.conversations,
               agg.first_whisper, cs.list AS consulted
        FROM agg
        LEFT JOIN names n ON n.id = agg.sender_id
        LEFT JOIN consulted cs ON cs.me = agg.sender_id
        ${query.agentId ? Prisma.sql`WHERE agg.sender_id = ${query.agentId}` : Prisma.empty}
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
