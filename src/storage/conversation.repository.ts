import { Inject, Injectable } from '@nestjs/common';
import { decodeId, decodeNullableId, encodeId, encodeIds } from '../domain/compact-id.js';
import { restoreBody } from '../domain/message-body.js';
import type { DatabaseConnection } from './database-connection.js';
import { Prisma } from './generated/prisma/client.js';
import type { KeysetSide, KeysetWindow } from './keyset.js';
import { READ_DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';
import type { StoredMessage, StoredParticipant } from './transcript.repository.js';
import { TranscriptView, visibleToView } from './transcript-view.js';

export interface ConversationQuery {
  from?: Date;
  to?: Date;
  channelId?: string;
  agentId?: string;
  customerId?: string;
  /** Only for the agent view; the service refuses it for the customer view. */
  hasWhispers?: boolean;
}

/** Keyset position in browsing order (newest created first): never changes once a row exists. */
export interface ConversationPosition {
  createdAt: Date;
  id: string;
}

export interface StoredConversation {
  id: string;
  firstEventAt: Date;
  lastEventAt: Date;
  createdAt: Date;
  channel: { id: string; name: string | null; channelType: string | null } | null;
  customer: StoredParticipant | null;
  /** When its personal content was erased; null when never. */
  erasedAt: Date | null;
}

interface ConversationRow {
  id: Buffer;
  first_event_at: Date;
  last_event_at: Date;
  created_at: Date;
  channel_id: Buffer | null;
  channel_name: string | null;
  channel_type: string | null;
  customer_id: Buffer | null;
  customer_name: string | null;
  erased_at: Date | null;
}

/** Ids come back in their stored form (src/domain/compact-id.ts) and are decoded here. */
interface MessageRow {
  conversation_id: Buffer;
  id: Buffer;
  event_id: Buffer;
  event_name: string;
  timestamp: Date;
  body_type: string;
  text: string | null;
  visibility: 'CUSTOMER_VISIBLE' | 'AGENTS_ONLY';
  channel_session_id: Buffer | null;
  sender_id: Buffer;
  sender_type: string;
  sender_name: string | null;
  /** JSON of the body without what `text` gives back; null for {"type": body_type}. */
  body: string | null;
  markdown_text_encoding: string | null;
  delivery_status: string | null;
  erased: boolean;
}

/**
 * A conversation row as the view may see it. AGENT: the times of all its events. CUSTOMER: the span
 * of the messages that view contains, so a whisper never moves a customer-visible time (with no
 * visible message, the conversation's first event time for both).
 */
function conversationSelect(view: TranscriptView): Prisma.Sql {
  const times =
    view === TranscriptView.AGENT
      ? Prisma.sql`c.first_event_at, c.last_event_at`
      : Prisma.sql`COALESCE(vs.first_at, c.first_event_at) AS first_event_at,
          COALESCE(vs.last_at, c.first_event_at) AS last_event_at`;
  const span =
    view === TranscriptView.AGENT
      ? Prisma.empty
      : Prisma.sql`LEFT JOIN LATERAL (
          SELECT min(m."timestamp") AS first_at, max(m."timestamp") AS last_at FROM messages m
          WHERE m.conversation_id = c.id AND ${visibleToView(view, 'm.visibility')}) vs ON true`;
  return Prisma.sql`
    SELECT c.id, ${times}, c.created_at, c.channel_id, ch.name AS channel_name, ch.channel_type,
      c.customer_id, c.erased_at,
      -- An erased conversation names no customer, whether or not the customer's record was erased.
      CASE WHEN c.erased_at IS NULL THEN NULLIF(concat_ws(' ', cu.first_name, cu.last_name), '') END
        AS customer_name
    FROM conversations c
    LEFT JOIN channels ch ON ch.id = c.channel_id
    LEFT JOIN customers cu ON cu.id = c.customer_id
    ${span}`;
}

export const MESSAGE_COLUMNS = Prisma.sql`
  m.conversation_id, m.id, m.event_id, m.event_name, m."timestamp", m.body_type, m.text, m.visibility,
  m.channel_session_id, m.sender_id, m.sender_type, p.name AS sender_name,
  m.body, m.markdown_text_encoding, ms.status AS delivery_status, m.erased_hash IS NOT NULL AS erased`;

export const MESSAGE_FROM = Prisma.sql`
  messages m
  LEFT JOIN participants p ON p.conversation_id = m.conversation_id AND p.id = m.sender_id
  LEFT JOIN message_statuses ms ON ms.conversation_id = m.conversation_id AND ms.message_id = m.id`;

/**
 * Browsing and per-conversation batch reads for the read side. Every message read goes through
 * `visibleToView(view, ...)`; participants of the customer view are only senders of messages that
 * view may see, plus the conversation's customer.
 */
@Injectable()
export class ConversationRepository {
  constructor(@Inject(READ_DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  async findByIds(ids: readonly string[], view: TranscriptView): Promise<StoredConversation[]> {
    const rows = await this.query<ConversationRow>(Prisma.sql`
      ${conversationSelect(view)} WHERE c.id = ANY(${encodeIds(ids)}::bytea[])`);
    return rows.map(toConversation);
  }

  /** A window of the browsing order (newest created first), in that order. */
  async findPage(
    filter: ConversationQuery,
    view: TranscriptView,
    window: KeysetWindow<ConversationPosition>,
  ): Promise<StoredConversation[]> {
    const conditions = this.filterConditions(filter, view);
    if (window.after) conditions.push(atPosition('<', window.after));
    if (window.before) conditions.push(atPosition('>', window.before));
    // From the end: walk the index the other way and turn the rows back.
    const direction = Prisma.raw(window.fromEnd ? 'ASC' : 'DESC');
    const rows = await this.query<ConversationRow>(Prisma.sql`
      ${conversationSelect(view)}
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY c.created_at ${direction}, c.id ${direction}
      LIMIT ${window.limit}`);
    const page = rows.map(toConversation);
    return window.fromEnd ? page.reverse() : page;
  }

  /** Whether a conversation matching the filter lies at `position` or on `side` of it in browsing order. */
  async existsBeside(
    filter: ConversationQuery,
    view: TranscriptView,
    position: ConversationPosition,
    side: KeysetSide,
  ): Promise<boolean> {
    const conditions = this.filterConditions(filter, view);
    conditions.push(atPosition(side === 'before' ? '>=' : '<=', position));
    const [row] = await this.query<{ found: boolean }>(Prisma.sql`
      SELECT EXISTS (SELECT 1 FROM conversations c WHERE ${Prisma.join(conditions, ' AND ')}) AS found`);
    return row?.found ?? false;
  }

  async count(filter: ConversationQuery, view: TranscriptView): Promise<number> {
    const [row] = await this.query<{ n: number }>(Prisma.sql`
      SELECT count(*)::int AS n FROM conversations c
      WHERE ${Prisma.join(this.filterConditions(filter, view), ' AND ')}`);
    return row?.n ?? 0;
  }

  /** Messages the view may see, per conversation. */
  async countMessages(ids: readonly string[], view: TranscriptView): Promise<Map<string, number>> {
    const rows = await this.query<{ conversation_id: Buffer; n: number }>(Prisma.sql`
      SELECT m.conversation_id, count(*)::int AS n FROM messages m
      WHERE m.conversation_id = ANY(${encodeIds(ids)}::bytea[]) AND ${visibleToView(view, 'm.visibility')}
      GROUP BY m.conversation_id`);
    return new Map(rows.map((r) => [decodeId(r.conversation_id), r.n]));
  }

  /**
   * Agent-only messages (whispers and other agent-only content) per conversation. Agent view only:
   * callers never ask it for a customer-view read.
   */
  async countAgentOnlyMessages(ids: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.query<{ conversation_id: Buffer; n: number }>(Prisma.sql`
      SELECT m.conversation_id, count(*)::int AS n FROM messages m
      WHERE m.conversation_id = ANY(${encodeIds(ids)}::bytea[])
        AND NOT ${visibleToView(TranscriptView.CUSTOMER, 'm.visibility')}
      GROUP BY m.conversation_id`);
    return new Map(rows.map((r) => [decodeId(r.conversation_id), r.n]));
  }

  /** The newest message the view may see, per conversation. */
  async findLastMessages(
    ids: readonly string[],
    view: TranscriptView,
  ): Promise<Map<string, StoredMessage>> {
    const rows = await this.query<MessageRow>(Prisma.sql`
      SELECT DISTINCT ON (m.conversation_id) ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
      WHERE m.conversation_id = ANY(${encodeIds(ids)}::bytea[]) AND ${visibleToView(view, 'm.visibility')}
      ORDER BY m.conversation_id, m."timestamp" DESC, m.event_id DESC`);
    return new Map(rows.map((r) => [decodeId(r.conversation_id), toStoredMessage(r)]));
  }

  /** Every message the view may see, per conversation, in transcript order. */
  async findMessages(
    ids: readonly string[],
    view: TranscriptView,
  ): Promise<Map<string, StoredMessage[]>> {
    const rows = await this.query<MessageRow>(Prisma.sql`
      SELECT ${MESSAGE_COLUMNS} FROM ${MESSAGE_FROM}
      WHERE m.conversation_id = ANY(${encodeIds(ids)}::bytea[]) AND ${visibleToView(view, 'm.visibility')}
      ORDER BY m.conversation_id, m."timestamp", m.event_id`);
    const out = new Map<string, StoredMessage[]>();
    for (const row of rows) {
      const id = decodeId(row.conversation_id);
      const list = out.get(id) ?? [];
      list.push(toStoredMessage(row));
      out.set(id, list);
    }
    return out;
  }

  /**
   * Participants the view may know of. AGENT: everyone recorded. CUSTOMER: senders of messages the
   * customer view contains, plus the customer; an agent who only whispered is not there.
   */
  async findParticipants(
    ids: readonly string[],
    view: TranscriptView,
  ): Promise<Map<string, StoredParticipant[]>> {
    const stored = encodeIds(ids);
    const rows = await this.query<{
      conversation_id: Buffer;
      id: Buffer;
      type: string;
      name: string | null;
    }>(Prisma.sql`
      WITH wanted AS (
        SELECT m.conversation_id, m.sender_id AS id, m.sender_type AS type FROM messages m
        WHERE m.conversation_id = ANY(${stored}::bytea[]) AND ${visibleToView(view, 'm.visibility')}
        UNION
        SELECT c.id, c.customer_id, 'CUSTOMER' FROM conversations c
        WHERE c.id = ANY(${stored}::bytea[]) AND c.customer_id IS NOT NULL
        UNION
        SELECT p.conversation_id, p.id, p.type FROM participants p
        WHERE p.conversation_id = ANY(${stored}::bytea[]) AND ${view === TranscriptView.AGENT}
      )
      SELECT DISTINCT ON (w.conversation_id, w.id) w.conversation_id, w.id,
        COALESCE(p.type, w.type) AS type,
        COALESCE(p.name, CASE WHEN cv.erased_at IS NULL
          THEN NULLIF(concat_ws(' ', cu.first_name, cu.last_name), '') END) AS name
      FROM wanted w
      JOIN conversations cv ON cv.id = w.conversation_id
      LEFT JOIN participants p ON p.conversation_id = w.conversation_id AND p.id = w.id
      LEFT JOIN customers cu ON cu.id = w.id AND w.type = 'CUSTOMER'
      ORDER BY w.conversation_id, w.id`);
    const out = new Map<string, StoredParticipant[]>();
    for (const { conversation_id, id, type, name } of rows) {
      const key = decodeId(conversation_id);
      const list = out.get(key) ?? [];
      list.push({ id: decodeId(id), type, name });
      out.set(key, list);
    }
    return out;
  }

  private filterConditions(filter: ConversationQuery, view: TranscriptView): Prisma.Sql[] {
    const conditions: Prisma.Sql[] = [Prisma.sql`true`];
    conditions.push(...activityIn(view, filter.from, filter.to));
    if (filter.channelId)
      conditions.push(Prisma.sql`c.channel_id = ${encodeId(filter.channelId)}::bytea`);
    if (filter.customerId)
      conditions.push(Prisma.sql`c.customer_id = ${encodeId(filter.customerId)}::bytea`);
    if (filter.agentId) {
      // The customer view finds an agent only through messages it may see.
      const agentId = encodeId(filter.agentId);
      const viaParticipants =
        view === TranscriptView.AGENT
          ? Prisma.sql`OR EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = c.id AND p.id = ${agentId}::bytea)`
          : Prisma.empty;
      conditions.push(Prisma.sql`(EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
        AND m.sender_id = ${agentId}::bytea AND ${visibleToView(view, 'm.visibility')}) ${viaParticipants})`);
    }
    if (typeof filter.hasWhispers === 'boolean' && view === TranscriptView.AGENT) {
      const whispers = Prisma.sql`EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
        AND NOT ${visibleToView(TranscriptView.CUSTOMER, 'm.visibility')})`;
      conditions.push(filter.hasWhispers ? whispers : Prisma.sql`NOT ${whispers}`);
    }
    return conditions;
  }

  private query<T>(sql: Prisma.Sql): Promise<T[]> {
    return guardAvailability(() => this.database.query<T>(sql.text, sql.values));
  }
}

/** Browsing order is newest created first, so "after" a position is `<` it. */
function atPosition(op: '<' | '>' | '<=' | '>=', p: ConversationPosition): Prisma.Sql {
  return Prisma.sql`(c.created_at, c.id) ${Prisma.raw(op)} (${p.createdAt}::timestamptz, ${encodeId(p.id)}::bytea)`;
}

/**
 * Activity in [from, to): the conversation's span overlaps it. For the customer view, the span of
 * the messages it may see, so a whisper alone never brings a conversation into a customer's range.
 */
export function activityIn(view: TranscriptView, from?: Date, to?: Date): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const visibleAt = (condition: Prisma.Sql) =>
    Prisma.sql`EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id
      AND ${visibleToView(view, 'm.visibility')} AND ${condition})`;
  const customer = view !== TranscriptView.AGENT;
  if (from) {
    // The hour first: it is what the index holds (the exact time is not, so updates stay HOT).
    conditions.push(Prisma.sql`c.last_event_hour >= ${hourOf(from)}::int`);
    conditions.push(Prisma.sql`c.last_event_at >= ${from}::timestamptz`);
    if (customer) conditions.push(visibleAt(Prisma.sql`m."timestamp" >= ${from}::timestamptz`));
  }
  if (to) {
    conditions.push(Prisma.sql`c.first_event_at < ${to}::timestamptz`);
    if (customer) conditions.push(visibleAt(Prisma.sql`m."timestamp" < ${to}::timestamptz`));
  }
  return conditions;
}

/** conversations.last_event_hour of a time: hours since the epoch. */
export function hourOf(time: Date): number {
  return Math.floor(time.getTime() / 3_600_000);
}

function toConversation(r: ConversationRow): StoredConversation {
  return {
    id: decodeId(r.id),
    firstEventAt: r.first_event_at,
    lastEventAt: r.last_event_at,
    createdAt: r.created_at,
    channel: r.channel_id
      ? { id: decodeId(r.channel_id), name: r.channel_name, channelType: r.channel_type }
      : null,
    customer: r.customer_id
      ? { id: decodeId(r.customer_id), type: 'CUSTOMER', name: r.customer_name }
      : null,
    erasedAt: r.erased_at,
  };
}

export function toStoredMessage(r: MessageRow): StoredMessage {
  const rest: unknown = r.body === null ? { type: r.body_type } : JSON.parse(r.body);
  // Erased: its type stays, its content is gone (text and body are null in the row).
  return {
    erased: r.erased,
    id: decodeId(r.id),
    eventId: decodeId(r.event_id),
    eventName: r.event_name,
    timestamp: r.timestamp,
    bodyType: r.body_type,
    text: r.text,
    visibility: r.visibility,
    channelSessionId: decodeNullableId(r.channel_session_id),
    sender: { id: decodeId(r.sender_id), type: r.sender_type, name: r.sender_name },
    body: restoreBody(rest, r.text, r.markdown_text_encoding),
    deliveryStatus: r.delivery_status,
  };
}

export type { MessageRow as StoredMessageRow };
