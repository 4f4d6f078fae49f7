import type { EventPieces } from '../domain/audit/event-pieces.js';

/** What one event becomes: the rows the storage layer writes, in our own types. */

export type Visibility = 'CUSTOMER_VISIBLE' | 'AGENTS_ONLY';

/** Identifies the event a snapshot was taken from: newer (timestamp, then id) wins. */
export interface SnapshotVersion {
  at: Date;
  eventId: string;
}

export interface EventRecord {
  conversationId: string;
  id: string;
  name: string;
  timestamp: Date;
  /** The event as received. */
  payload: unknown;
}

export interface ChannelRow extends SnapshotVersion {
  id: string;
  name: string | null;
  serviceIdentifier: string | null;
  channelType: string | null;
}

export interface CustomerRow extends SnapshotVersion {
  id: string;
  firstName: string | null;
  lastName: string | null;
  isAnonymous: boolean | null;
}

export interface ChannelSessionRow extends SnapshotVersion {
  conversationId: string;
  id: string;
  channelId: string | null;
  customerId: string | null;
  state: string | null;
  reasonCode: string | null;
  direction: string | null;
  active: boolean | null;
  /** Set by CHANNEL_SESSION_STARTED, and by ENDED / EXPIRED; merged earliest / latest. */
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface ParticipantRow extends SnapshotVersion {
  conversationId: string;
  id: string;
  type: string;
  name: string | null;
}

export interface MessageRow {
  conversationId: string;
  id: string;
  eventId: string;
  eventName: string;
  timestamp: Date;
  sentAt: Date | null;
  senderId: string;
  senderType: string;
  bodyType: string;
  text: string | null;
  /** Whether `text` was base64-decoded from body.markdownText (header.additionalData.isEncoded). */
  textEncoded: boolean;
  body: unknown;
  visibility: Visibility;
  channelSessionId: string | null;
}

export interface ActivityRow {
  conversationId: string;
  eventId: string;
  eventName: string;
  type: string;
  timestamp: Date;
  participantId: string | null;
  participantType: string | null;
  participantName: string | null;
  role: string | null;
  previousRole: string | null;
  state: string | null;
  reason: string | null;
  details: unknown;
}

export interface MessageStatusRow extends SnapshotVersion {
  conversationId: string;
  messageId: string;
  status: string;
}

export interface ConversationTouch extends SnapshotVersion {
  id: string;
  customerId: string | null;
  channelId: string | null;
}

/** The normaliser's rows (src/ingest/normalise-event.ts). */
export interface NormalisedRows {
  event: EventRecord;
  conversation: ConversationTouch;
  channel: ChannelRow | null;
  customer: CustomerRow | null;
  channelSession: ChannelSessionRow | null;
  participants: ParticipantRow[];
  message: MessageRow | null;
  activity: ActivityRow | null;
  messageStatus: MessageStatusRow | null;
}

/** An event ready to commit: its rows, and its audit record in pieces (src/domain/audit). */
export interface NormalisedEvent extends NormalisedRows {
  pieces: EventPieces;
}
