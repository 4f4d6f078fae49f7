import type { CimEvent } from '../../src/ingest/cim-event.js';
import { withAdmin } from './database.js';
import { eventFrom } from './fixtures.js';

/** A distinct, valid message event built from the real CUSTOMER_MESSAGE envelope. */
export function messageEvent(
  key: string,
  options: { conversationId?: string; dataId?: string; offsetMs?: number } = {},
): CimEvent {
  return eventFrom('CUSTOMER_MESSAGE', (e) => {
    e.id = `ev-${key}`;
    e.data.id = options.dataId ?? `msg-${key}`;
    e.timestamp += options.offsetMs ?? 0;
    if (options.conversationId) e.conversationId = options.conversationId;
  });
}

export interface StoreIntegrity {
  events: number;
  messages: number;
  /** Stored message-shaped events (not notifications) without their message row. */
  eventsWithoutMessage: number;
  /** Message rows whose event is not stored. */
  messagesWithoutEvent: number;
  /** Stored events whose conversation row is missing. */
  eventsWithoutConversation: number;
}

/**
 * Counts that are all zero except events/messages when nothing is half-applied. A message event
 * (named *_MESSAGE) keeps its message piece in the message row it owns, or in its own row with
 * that message row present.
 */
export function storeIntegrity(url: string): Promise<StoreIntegrity> {
  return withAdmin(async (c) => {
    const { rows } = await c.query<Record<keyof StoreIntegrity, string>>(`
      SELECT
        (SELECT count(*) FROM events) AS events,
        (SELECT count(*) FROM messages) AS messages,
        (SELECT count(*) FROM events e
          WHERE right(e.name, 8) = '_MESSAGE' AND e.name <> 'MESSAGE_DELIVERY_NOTIFICATION'
            AND NOT (e.message IS NOT NULL AND EXISTS (SELECT 1 FROM messages m
                       WHERE m.conversation_id = e.conversation_id AND m.id = cim_id((e.message::jsonb)->>'id')))
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = e.conversation_id
                              AND m."timestamp" = e."timestamp" AND m.event_id = e.id)
        ) AS "eventsWithoutMessage",
        (SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM events e
          WHERE e.conversation_id = m.conversation_id AND e.id = m.event_id)) AS "messagesWithoutEvent",
        (SELECT count(*) FROM events e WHERE NOT EXISTS
          (SELECT 1 FROM conversations c WHERE c.id = e.conversation_id)) AS "eventsWithoutConversation"`);
    const r = rows[0];
    return {
      events: Number(r.events),
      messages: Number(r.messages),
      eventsWithoutMessage: Number(r.eventsWithoutMessage),
      messagesWithoutEvent: Number(r.messagesWithoutEvent),
      eventsWithoutConversation: Number(r.eventsWithoutConversation),
    };
  }, url);
}

/** The ids of the stored events among the given ones. */
export async function storedEventIds(url: string, ids: string[]): Promise<Set<string>> {
  return withAdmin(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      'SELECT cim_id_text(id) AS id FROM events WHERE id IN (SELECT cim_id(x) FROM unnest($1::text[]) x)',
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }, url);
}
