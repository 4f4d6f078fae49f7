import type { StoredMessage, StoredParticipant } from '../storage/transcript.repository.js';
import type { StoredConversation } from '../storage/conversation.repository.js';
import { TranscriptView } from '../transcripts/models/enums.js';

/** What an export says about its conversation before the messages. */
export interface ExportHeader {
  conversation: StoredConversation;
  participants: StoredParticipant[];
  view: TranscriptView;
  exportedAt: Date;
}

export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  pdf: 'application/pdf',
  ndjson: 'application/x-ndjson; charset=utf-8',
} as const;

export const CSV_COLUMNS = [
  'conversationId',
  'messageId',
  'eventId',
  'timestamp',
  'eventName',
  'senderId',
  'senderName',
  'senderType',
  'type',
  'visibility',
  'text',
  'erased',
] as const;

export function messageRecord(conversationId: string, m: StoredMessage) {
  return {
    conversationId,
    messageId: m.id,
    eventId: m.eventId,
    timestamp: m.timestamp.toISOString(),
    eventName: m.eventName,
    senderId: m.sender.id,
    senderName: m.sender.name,
    senderType: m.sender.type,
    type: m.bodyType,
    visibility: m.visibility,
    text: m.text,
    erased: m.erased,
  };
}

/** A participant as people read it: name (or id) and type. */
export const senderLabel = (p: StoredParticipant) => `${p.name ?? p.id} (${p.type})`;
const name = senderLabel;

/** The header an auditor reads first, one line each. */
export function headerLines(h: ExportHeader): string[] {
  const c = h.conversation;
  const channel = c.channel
    ? `${c.channel.name ?? c.channel.id} (${c.channel.channelType ?? 'unknown type'}, ${c.channel.id})`
    : 'unknown';
  return [
    `Conversation: ${c.id}`,
    `Channel: ${channel}`,
    `Customer: ${c.customer ? `${c.customer.name ?? c.customer.id} (${c.customer.id})` : 'unknown'}`,
    `Participants: ${h.participants.map(name).join(', ') || 'none'}`,
    `First event: ${c.firstEventAt.toISOString()}`,
    `Last event: ${c.lastEventAt.toISOString()}`,
    `View: ${h.view === TranscriptView.AGENT ? 'AGENT (full, whispers included)' : 'CUSTOMER (what the customer saw)'}`,
    `Exported: ${h.exportedAt.toISOString()}`,
    ...(c.erasedAt ? [`Erased: ${c.erasedAt.toISOString()} (personal content removed)`] : []),
  ];
}

/** One transcript line: time, sender, text; whispers visibly marked. */
export function transcriptLine(m: StoredMessage): string {
  const mark = m.visibility === 'AGENTS_ONLY' ? ' [WHISPER - agents only]' : '';
  const text = m.erased ? `<${m.bodyType}, erased>` : (m.text ?? `<${m.bodyType}>`);
  return `[${m.timestamp.toISOString()}] ${name(m.sender)}${mark}: ${text}`;
}

export function headerJson(h: ExportHeader) {
  const c = h.conversation;
  return {
    id: c.id,
    view: h.view,
    firstEventAt: c.firstEventAt.toISOString(),
    lastEventAt: c.lastEventAt.toISOString(),
    channel: c.channel,
    customer: c.customer,
    participants: h.participants,
    erasedAt: c.erasedAt?.toISOString() ?? null,
    exportedAt: h.exportedAt.toISOString(),
  };
}
