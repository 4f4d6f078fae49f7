import { isObject, looksLikeMessage, type CimEvent, type JsonObject } from './cim-event.js';
import type {
  ChannelRow,
  ChannelSessionRow,
  CustomerRow,
  MessageRow,
  NormalisedEvent,
  ParticipantRow,
  SnapshotVersion,
} from './normalised-event.js';
import { NON_MESSAGE_BODY_TYPES, visibilityOf } from './visibility.js';

/**
 * The one place where a validated CIM event becomes rows. Pure: same event in, same rows out.
 */
export function normaliseEvent(event: CimEvent, contentHash: string): NormalisedEvent {
  const version: SnapshotVersion = { at: new Date(event.timestamp), eventId: event.id };
  const conversationId = event.conversationId;
  const session = channelSessionOf(event);
  const channel = isObject(session?.channel) ? channelRow(session.channel, version) : null;
  const customer = customerRow(customerObjectOf(event, session), version);
  const message = messageRow(event, customer);
  const participants: ParticipantRow[] = [];
  if (message) {
    participants.push({
      conversationId,
      id: message.senderId,
      type: message.senderType,
      name: senderName(event, customer),
      ...version,
    });
  }
  const agent = subscribedAgent(event);
  if (agent) participants.push({ conversationId, ...agent, ...version });

  return {
    event: {
      conversationId,
      id: event.id,
      name: event.name,
      timestamp: version.at,
      contentHash,
      payload: event,
    },
    conversation: {
      id: conversationId,
      customerId: customer?.id ?? null,
      channelId: channel?.id ?? null,
      ...version,
    },
    channel,
    customer,
    channelSession: session
      ? channelSessionRow(conversationId, session, channel, customer, version)
      : null,
    participants,
    message,
  };
}

/** Text of a message body: `markdownText`, base64-decoded as UTF-8 when the header says it is encoded. */
export function decodeText(message: JsonObject): string | null {
  const body = isObject(message.body) ? message.body : {};
  const raw = body.markdownText;
  if (typeof raw !== 'string') return null;
  const header = isObject(message.header) ? message.header : {};
  const encoded = isObject(header.additionalData) && header.additionalData.isEncoded === true;
  return encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

function messageRow(event: CimEvent, customer: CustomerRow | null): MessageRow | null {
  if (!looksLikeMessage(event.data)) return null;
  const data = event.data as JsonObject & { id: string; header: JsonObject; body: JsonObject };
  const bodyType = String(data.body.type);
  if (NON_MESSAGE_BODY_TYPES.has(bodyType)) return null;
  const sender = data.header.sender as JsonObject & { id: string; type: string };
  const isCustomer =
    sender.type === 'CONNECTOR' && event.name === 'CUSTOMER_MESSAGE' && customer !== null;
  const sentAt = data.header.timestamp;
  return {
    conversationId: event.conversationId,
    id: data.id,
    eventId: event.id,
    eventName: event.name,
    timestamp: new Date(event.timestamp),
    sentAt: typeof sentAt === 'number' && Number.isFinite(sentAt) ? new Date(sentAt) : null,
    senderId: isCustomer ? customer.id : sender.id,
    senderType: isCustomer ? 'CUSTOMER' : sender.type,
    bodyType,
    text: decodeText(data),
    body: data.body,
    visibility: visibilityOf(event.name),
    channelSessionId: str(data.header.channelSessionId) ?? channelSessionOf(event)?.id ?? null,
  };
}

function senderName(event: CimEvent, customer: CustomerRow | null): string | null {
  const sender = (event.data as { header: { sender: JsonObject } }).header.sender;
  if (sender.type === 'CONNECTOR' && event.name === 'CUSTOMER_MESSAGE' && customer)
    return customer.firstName;
  const detail = isObject(sender.additionalDetail) ? sender.additionalDetail : {};
  return str(sender.senderName) ?? joinName(detail.firstName, detail.lastName);
}

/** AGENT_SUBSCRIBED and friends carry `data.agentParticipant.participant.keycloakUser`. */
function subscribedAgent(
  event: CimEvent,
): Omit<ParticipantRow, 'conversationId' | 'at' | 'eventId'> | null {
  const data = isObject(event.data) ? event.data : {};
  const cp = isObject(data.agentParticipant) ? data.agentParticipant : null;
  const participant = cp && isObject(cp.participant) ? cp.participant : null;
  if (!participant) return null;
  const user = isObject(participant.keycloakUser) ? participant.keycloakUser : {};
  const id = str(user.id) ?? str(participant.id);
  if (!id) return null;
  return {
    id,
    type: str(cp?.type) ?? 'AGENT',
    name: joinName(user.firstName, user.lastName) ?? str(user.username),
  };
}

/** The channel session this event describes: `data` itself for CHANNEL_SESSION_* events, else the envelope's copy. */
function channelSessionOf(event: CimEvent): (JsonObject & { id: string }) | null {
  const data = event.data;
  const candidates = [
    isObject(data) && data.participantType === 'ChannelSession' ? data : null,
    event.channelSession,
    isObject(data) && isObject(data.header) ? data.header.channelSession : null,
  ];
  for (const c of candidates) {
    if (isObject(c) && typeof c.id === 'string' && c.id !== '')
      return c as JsonObject & { id: string };
  }
  return null;
}

function customerObjectOf(event: CimEvent, session: JsonObject | null): JsonObject | null {
  if (session && isObject(session.customer)) return session.customer;
  const data = event.data;
  if (isObject(data) && isObject(data.header) && isObject(data.header.customer))
    return data.header.customer;
  return null;
}

function customerRow(customer: JsonObject | null, version: SnapshotVersion): CustomerRow | null {
  const id = customer ? (str(customer._id) ?? str(customer.id)) : null;
  if (!customer || !id) return null;
  return {
    id,
    firstName: str(customer.firstName),
    lastName: str(customer.lastName),
    isAnonymous: typeof customer.isAnonymous === 'boolean' ? customer.isAnonymous : null,
    snapshot: customer,
    ...version,
  };
}

function channelRow(channel: JsonObject, version: SnapshotVersion): ChannelRow | null {
  const id = str(channel.id);
  if (!id) return null;
  const type = isObject(channel.channelType) ? str(channel.channelType.name) : null;
  return {
    id,
    name: str(channel.name),
    serviceIdentifier: str(channel.serviceIdentifier),
    channelType: type,
    snapshot: channel,
    ...version,
  };
}

function channelSessionRow(
  conversationId: string,
  session: JsonObject & { id: string },
  channel: ChannelRow | null,
  customer: CustomerRow | null,
  version: SnapshotVersion,
): ChannelSessionRow {
  const state = isObject(session.state) ? session.state : {};
  const active = session.active ?? session.isActive;
  return {
    conversationId,
    id: session.id,
    channelId: channel?.id ?? null,
    customerId: customer?.id ?? null,
    state: str(state.name),
    reasonCode: str(state.reasonCode),
    direction: str(session.channelSessionDirection),
    active: typeof active === 'boolean' ? active : null,
    ...version,
  };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function joinName(first: unknown, last: unknown): string | null {
  const name = [str(first), str(last)].filter((p): p is string => p !== null).join(' ');
  return name === '' ? null : name;
}
