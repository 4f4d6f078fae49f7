import type { CimEvent } from '../../src/ingest/cim-event.js';
import { eventFrom } from './fixtures.js';

/** 2026-01-01T00:00:00Z: conversation n starts n hours later. */
export const BASE = Date.UTC(2026, 0, 1);
export const HOUR = 3_600_000;
export const AGENT_ID = '3c24d80a-4571-4df1-acdf-2be68a32ed85';
export const CHANNEL_ID = '6932b17e3f19753775b74490';
export const CUSTOMER_ID = '694130729b2330ed2d0a3ea0';

/** Text, ids and names that exist only in agent-only content: a customer-safe answer must contain none. */
export const AGENT_ONLY_TRACES = [
  'SECRET-WHISPER',
  'whisper-msg',
  'whisper-evt',
  'consultant-secret',
  'Hidden Consultant',
  'AGENTS_ONLY',
  'WHISPER',
];

export const conversationId = (n: number) => `conv-${String(n).padStart(4, '0')}`;
export const consultantId = (n: number) => `consultant-secret-${n % 2}`;
export const hasWhispers = (n: number) => n % 4 !== 3;

function at(n: number, seconds: number): number {
  return BASE + n * HOUR + seconds * 1000;
}

function envelope(name: string, n: number, id: string, seconds: number, change?: (e: any) => void) {
  return eventFrom(name, (e) => {
    e.id = `${id}-${n}`;
    e.conversationId = conversationId(n);
    e.timestamp = at(n, seconds);
    change?.(e);
  });
}

function message(
  name: string,
  n: number,
  id: string,
  seconds: number,
  text: string | null,
  sender?: { id: string; name: string },
) {
  return envelope(name, n, id.replace('msg', 'evt'), seconds, (e) => {
    e.data.id = `${id}-${n}`;
    e.data.header.conversationId = conversationId(n);
    e.data.header.additionalData = { isEncoded: false };
    if (text !== null) e.data.body.markdownText = text;
    if (sender) {
      e.data.header.sender = { id: sender.id, senderName: sender.name, type: 'AGENT' };
    }
  });
}

/**
 * Conversation n, built from the fixtures with new ids and texts. Timeline (seconds after start):
 * session start 0, customer 10, bot 12, agent subscribed 20, whispers 30 (agent) and 40
 * (consultant), agent reply 60 + 10n, a trailing whisper at 500 when n % 4 == 2, session end
 * 600 + 60n. Conversations with n % 4 == 3 have no whispers.
 */
export function conversationEvents(n: number): CimEvent[] {
  const events: CimEvent[] = [
    envelope('CHANNEL_SESSION_STARTED', n, 'start', 0, (e) => (e.data.id = `sess-${n}`)),
    message('CUSTOMER_MESSAGE', n, 'customer-msg', 10, `Customer asks question ${n}`),
    message('BOT_MESSAGE', n, 'bot-msg', 12, `Bot offers help ${n}`),
    envelope('AGENT_SUBSCRIBED', n, 'subscribed', 20),
    message('AGENT_MESSAGE', n, 'agent-msg', 60 + 10 * n, null),
    envelope('CHANNEL_SESSION_ENDED', n, 'end', 600 + 60 * n, (e) => (e.data.id = `sess-${n}`)),
  ];
  if (hasWhispers(n)) {
    events.push(
      message('WHISPER_MESSAGE', n, 'whisper-msg-a', 30, `SECRET-WHISPER-A ${n}`),
      message('WHISPER_MESSAGE', n, 'whisper-msg-b', 40, `SECRET-WHISPER-B ${n}`, {
        id: consultantId(n),
        name: 'Hidden Consultant',
      }),
    );
  }
  if (n % 4 === 2) {
    events.push(message('WHISPER_MESSAGE', n, 'whisper-msg-late', 500, `SECRET-WHISPER-LATE ${n}`));
  }
  return events;
}
