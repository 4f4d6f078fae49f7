import { isObject, looksLikeMessage, type CimEvent, type JsonObject } from './cim-event.js';
import { catalogueEntry, type ActivityType } from './event-catalogue.js';
import type {
  ActivityRow,
  ChannelRow,
  ChannelSessionRow,
  CustomerRow,
  MessageRow,
  MessageStatusRow,
  NormalisedEvent,
  ParticipantRow,
  SnapshotVersion,
} from './normalised-event.js';
import { participantOf, str, type ResolvedParticipant } from './participant-of.js';
import { NON_MESSAGE_BODY_TYPES, visibilityOf } from './visibility.js';

/**
 * The one place where a validated CIM event becomes rows. Pure: same event in, same rows out.
 * What each event name becomes is decided by the catalogue (src/ingest/event-catalogue.ts).
 */
export function normaliseEvent(event: CimEvent, contentHash: string): NormalisedEvent {
  const version: SnapshotVersion = { at: new Date(event.timestamp), eventId: event.id };
  const conversationId = event.conversationId;
  const entry = catalogueEntry(event.name);
  const session = channelSessionOf(event);
  const channel = isObject(session?.channel) ? channelRow(session.channel, version) : null;
  const customer = customerRow(customerObjectOf(event, session), version);
  const message = messageRow(event, customer);
  const activity = entry.activity ? activityRow(event, entry.activity) : null;

  const participants: ParticipantRow[] = [];
  const add = (p: { id: string; type: string; name: string | null } | null) => {
    if (p) participants.push({ conversationId, id: p.id, type: p.type, name: p.name, ...version });
  };
  if (message)
    add({ id: message.senderId, type: message.senderType, name: senderName(event, customer) });
  if (activity?.participantId && activity.participantType) {
    add({
      id: activity.participantId,
      type: activity.participantType,
      name: activity.participantName,
    });
  }

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
      ? channelSessionRow(conversationId, session, channel, customer, version, entry.activity)
      : null,
    participants,
    message,
    activity,
    messageStatus: messageStatusRow(event, version),
  };
}

/** Text of a message body: `markdownText`, base64-decoded as UTF-8 when the header says it is encoded. */
export function decodeText(message: JsonObject): string | null {
  const body = isObject(message.body) ? message.body : {};
  const raw = body.markdownText;
  if (typeof raw !== 'string') return null;
  return isEncoded(message) ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

function isEncoded(message: JsonObject): boolean {
  const header = isObject(message.header) ? message.header : {};
  return isObject(header.additionalData) && header.additionalData.isEncoded === true;
}

type MessageData = JsonObject & {
  id: string;
  header: JsonObject & { sender: JsonObject };
  body: JsonObject;
};

function messageData(event: CimEvent): MessageData | null {
  return looksLikeMessage(event.data) ? (event.data as MessageData) : null;
}

/** A CONNECTOR sender on a CUSTOMER_MESSAGE is the customer. */
function isCustomerSender(event: CimEvent, customer: CustomerRow | null): customer is CustomerRow {
  return (
    event.name === 'CUSTOMER_MESSAGE' &&
    messageData(event)?.header.sender.type === 'CONNECTOR' &&
    customer !== null
  );
}

function messageRow(event: CimEvent, customer: CustomerRow | null): MessageRow | null {
  const data = messageData(event);
  if (!data) return null;
  const bodyType = String(data.body.type);
  if (NON_MESSAGE_BODY_TYPES.has(bodyType) || event.name === 'MESSAGE_DELIVERY_NOTIFICATION')
    return null;
  const sender = participantOf(data.header.sender) as ResolvedParticipant;
  const asCustomer = isCustomerSender(event, customer);
  const sentAt = data.header.timestamp;
  return {
    conversationId: event.conversationId,
    id: data.id,
    eventId: event.id,
    eventName: event.name,
    timestamp: new Date(event.timestamp),
    sentAt: typeof sentAt === 'number' && Number.isFinite(sentAt) ? new Date(sentAt) : null,
    senderId: asCustomer ? customer.id : sender.id,
    senderType: asCustomer ? 'CUSTOMER' : sender.type,
    bodyType,
    text: decodeText(data),
    textEncoded: isEncoded(data),
    body: data.body,
    visibility: visibilityOf(event.name),
    channelSessionId: str(data.header.channelSessionId) ?? channelSessionOf(event)?.id ?? null,
  };
}

function senderName(event: CimEvent, customer: CustomerRow | null): string | null {
  if (isCustomerSender(event, customer)) return customer.firstName;
  return participantOf(messageData(event)?.header.sender)?.name ?? null;
}

/** MESSAGE_DELIVERY_NOTIFICATION (or a DELIVERYNOTIFICATION body) sets the status of the message it names. */
function messageStatusRow(event: CimEvent, version: SnapshotVersion): MessageStatusRow | null {
  const data = isObject(event.data) ? event.data : {};
  const body = isObject(data.body) ? data.body : {};
  if (event.name !== 'MESSAGE_DELIVERY_NOTIFICATION' && body.type !== 'DELIVERYNOTIFICATION')
    return null;
  const notification = isObject(body.notificationData) ? body.notificationData : {};
  const messageId = str(body.messageId) ?? str(data.messageId) ?? str(notification.messageId);
  const status =
    str(body.status) ?? str(body.deliveryStatus) ?? str(data.status) ?? str(notification.status);
  if (!messageId || !status) return null;
  return {
    conversationId: event.conversationId,
    messageId,
    status: status.toUpperCase(),
    ...version,
  };
}

/** The participant an activity is about: agent / bot subscriptions and role changes. */
function activityParticipant(data: JsonObject): ResolvedParticipant | null {
  for (const key of [
    'agentParticipant',
    'botParticipant',
    'conversationParticipant',
    'participant',
  ]) {
    const p = participantOf(data[key]);
    if (p) return p;
  }
  return null;
}

function activityRow(event: CimEvent, type: ActivityType): ActivityRow {
  const data = isObject(event.data) ? event.data : {};
  const participant = activityParticipant(data);
  const task = isObject(data.task) ? data.task : {};
  const stateObj = isObject(task.state) ? task.state : isObject(data.state) ? data.state : {};
  const reasonObj = isObject(data.reason) ? data.reason : {};
  return {
    conversationId: event.conversationId,
    eventId: event.id,
    eventName: event.name,
    type,
    timestamp: new Date(event.timestamp),
    participantId: participant?.id ?? null,
    participantType:
      participant?.type ?? (type === 'BOT_JOINED' || type === 'BOT_LEFT' ? 'BOT' : null),
    participantName: participant?.name ?? null,
    role: participant?.role ?? str(data.role) ?? str(data.newRole) ?? null,
    previousRole: str(data.previousRole) ?? str(data.oldRole) ?? str(data.fromRole),
    state: str(stateObj.name) ?? str(data.state) ?? str(task.state),
    reason:
      str(data.reason) ??
      str(reasonObj.reasonCode) ??
      str(stateObj.reasonCode) ??
      str(data.reasonCode),
    details: activityDetails(event, type, data),
  };
}

/** Small, useful payloads for the timeline; large envelopes stay in the audit log. */
function activityDetails(event: CimEvent, type: ActivityType, data: JsonObject): unknown {
  if (type === 'WRAP_UP') return messageData(event)?.body ?? data;
  if (type.startsWith('SESSION_') || type.endsWith('_JOINED') || type.endsWith('_LEFT'))
    return null;
  const json = JSON.stringify(data);
  return json.length <= 4096 ? data : null;
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
  const data = isObject(event.data) ? event.data : {};
  // ASSOCIATED_CUSTOMER_CHANGED names the conversation's new customer.
  if (event.name === 'ASSOCIATED_CUSTOMER_CHANGED') {
    if (isObject(data.customer)) return data.customer;
    if (str(data._id)) return data;
  }
  if (session && isObject(session.customer)) return session.customer;
  if (isObject(data.header) && isObject(data.header.customer)) return data.header.customer;
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
    ...version,
  };
}

function channelSessionRow(
  conversationId: string,
  session: JsonObject & { id: string },
  channel: ChannelRow | null,
  customer: CustomerRow | null,
  version: SnapshotVersion,
  activity: ActivityType | undefined,
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
    startedAt: activity === 'SESSION_STARTED' ? version.at : null,
    endedAt: activity === 'SESSION_ENDED' || activity === 'SESSION_EXPIRED' ? version.at : null,
    ...version,
  };
}
