import { EPOCH_MS_RULE, ID_RULE, isEpochMs, isStorableId, withoutNul } from '../domain/limits.js';
import { isObject, looksLikeMessage, type CimEvent, type JsonObject } from './cim-event.js';
import { catalogueEntry, type ActivityType } from './event-catalogue.js';
import type {
  ActivityRow,
  ChannelRow,
  ChannelSessionRow,
  CustomerRow,
  MessageRow,
  MessageStatusRow,
  NormalisedRows,
  ParticipantRow,
  SnapshotVersion,
} from './normalised-event.js';
import { participantOf, str, type ResolvedParticipant } from './participant-of.js';
import { NON_MESSAGE_BODY_TYPES, visibilityOf } from './visibility.js';

export interface Normalised {
  rows: NormalisedRows;
  /**
   * Values this event would store beyond what the storage holds (src/domain/limits.ts), each naming
   * its field: ingest refuses the event with a 400. The rows leave such a value out.
   */
  problems: string[];
}

/**
 * The one place where a validated CIM event becomes rows. Pure: same event in, same rows out.
 * What each event name becomes is decided by the catalogue (src/ingest/event-catalogue.ts).
 * Every id and time that reaches a column is read through `Reader`, which holds it to the storage's
 * limits, so what is checked is exactly what is stored.
 */
export function normaliseEvent(event: CimEvent): Normalised {
  const read = new Reader();
  const version: SnapshotVersion = { at: new Date(event.timestamp), eventId: event.id };
  const conversationId = event.conversationId;
  const entry = catalogueEntry(event.name);
  const session = channelSessionOf(event, read);
  const channel = isObject(session?.value.channel)
    ? channelRow(session.value.channel, `${session.path}.channel`, version, read)
    : null;
  const customer = customerRow(customerObjectOf(event, session), version, read);
  const message = messageRow(event, customer, session?.value.id ?? null, read);
  const activity = entry.activity ? activityRow(event, entry.activity, read) : null;

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

  const rows: NormalisedRows = {
    event: {
      conversationId,
      id: event.id,
      name: event.name,
      timestamp: version.at,
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
      ? channelSessionRow(conversationId, session.value, channel, customer, version, entry.activity)
      : null,
    participants,
    message,
    activity,
    messageStatus: messageStatusRow(event, version, read),
  };
  return { rows, problems: read.problems };
}

/**
 * Reads the ids and times that reach columns, holding each to the storage's limits. A value beyond
 * them is recorded as a problem naming its field, and read as absent.
 */
class Reader {
  readonly problems: string[] = [];

  /** A stored id: a string of 1 to MAX_ID_LENGTH characters; "" and non-strings are absent. */
  id(value: unknown, path: string): string | null {
    const id = str(value);
    if (id === null || isStorableId(id)) return id;
    this.problems.push(`${path} ${ID_RULE}`);
    return null;
  }

  /** An epoch-millisecond time: absent when null or missing, a problem when anything but in range. */
  epochMs(value: unknown, path: string): Date | null {
    if (value === undefined || value === null) return null;
    if (isEpochMs(value)) return new Date(value);
    this.problems.push(`${path} ${EPOCH_MS_RULE}`);
    return null;
  }
}

/**
 * Text of a message body: `markdownText`, base64-decoded as UTF-8 when the header says it is encoded.
 * What it decodes to is content, never an error: invalid base64 decodes as far as it goes, invalid
 * UTF-8 becomes U+FFFD, and so does a NUL (PostgreSQL text cannot hold one).
 */
export function decodeText(message: JsonObject): string | null {
  const body = isObject(message.body) ? message.body : {};
  const raw = body.markdownText;
  if (typeof raw !== 'string') return null;
  return isEncoded(message) ? withoutNul(Buffer.from(raw, 'base64').toString('utf8')) : raw;
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

function messageRow(
  event: CimEvent,
  customer: CustomerRow | null,
  sessionId: string | null,
  read: Reader,
): MessageRow | null {
  const data = messageData(event);
  if (!data) return null;
  const bodyType = String(data.body.type);
  if (NON_MESSAGE_BODY_TYPES.has(bodyType) || event.name === 'MESSAGE_DELIVERY_NOTIFICATION')
    return null;
  // The validator has made sure sender.id is a storable id; the person may be nested deeper.
  const sender = participantOf(data.header.sender) as ResolvedParticipant;
  const senderId = read.id(sender.id, `data.header.sender.${sender.idPath}`) ?? '';
  const asCustomer = isCustomerSender(event, customer);
  return {
    conversationId: event.conversationId,
    id: data.id,
    eventId: event.id,
    eventName: event.name,
    timestamp: new Date(event.timestamp),
    sentAt: read.epochMs(data.header.timestamp, 'data.header.timestamp'),
    senderId: asCustomer ? customer.id : senderId,
    senderType: asCustomer ? 'CUSTOMER' : sender.type,
    bodyType,
    text: decodeText(data),
    textEncoded: isEncoded(data),
    body: data.body,
    visibility: visibilityOf(event.name),
    channelSessionId:
      read.id(data.header.channelSessionId, 'data.header.channelSessionId') ?? sessionId,
  };
}

function senderName(event: CimEvent, customer: CustomerRow | null): string | null {
  if (isCustomerSender(event, customer)) return customer.firstName;
  return participantOf(messageData(event)?.header.sender)?.name ?? null;
}

/** MESSAGE_DELIVERY_NOTIFICATION (or a DELIVERYNOTIFICATION body) sets the status of the message it names. */
function messageStatusRow(
  event: CimEvent,
  version: SnapshotVersion,
  read: Reader,
): MessageStatusRow | null {
  const data = isObject(event.data) ? event.data : {};
  const body = isObject(data.body) ? data.body : {};
  if (event.name !== 'MESSAGE_DELIVERY_NOTIFICATION' && body.type !== 'DELIVERYNOTIFICATION')
    return null;
  const notification = isObject(body.notificationData) ? body.notificationData : {};
  const messageId =
    read.id(body.messageId, 'data.body.messageId') ??
    read.id(data.messageId, 'data.messageId') ??
    read.id(notification.messageId, 'data.body.notificationData.messageId');
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
function activityParticipant(data: JsonObject, read: Reader): ResolvedParticipant | null {
  for (const key of [
    'agentParticipant',
    'botParticipant',
    'conversationParticipant',
    'participant',
  ]) {
    const p = participantOf(data[key]);
    if (p) {
      const id = read.id(p.id, `data.${key}.${p.idPath}`);
      return id === null ? null : p;
    }
  }
  return null;
}

function activityRow(event: CimEvent, type: ActivityType, read: Reader): ActivityRow {
  const data = isObject(event.data) ? event.data : {};
  const participant = activityParticipant(data, read);
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

interface Located<T> {
  value: T;
  /** Its field path in the event. */
  path: string;
}

/** The channel session this event describes: `data` itself for CHANNEL_SESSION_* events, else the envelope's copy. */
function channelSessionOf(
  event: CimEvent,
  read: Reader,
): Located<JsonObject & { id: string }> | null {
  const data = event.data;
  const candidates: [unknown, string][] = [
    [isObject(data) && data.participantType === 'ChannelSession' ? data : null, 'data'],
    [event.channelSession, 'channelSession'],
    [
      isObject(data) && isObject(data.header) ? data.header.channelSession : null,
      'data.header.channelSession',
    ],
  ];
  for (const [c, path] of candidates) {
    if (isObject(c) && read.id(c.id, `${path}.id`) !== null)
      return { value: c as JsonObject & { id: string }, path };
  }
  return null;
}

function customerObjectOf(
  event: CimEvent,
  session: Located<JsonObject> | null,
): Located<JsonObject> | null {
  const data = isObject(event.data) ? event.data : {};
  // ASSOCIATED_CUSTOMER_CHANGED names the conversation's new customer.
  if (event.name === 'ASSOCIATED_CUSTOMER_CHANGED') {
    if (isObject(data.customer)) return { value: data.customer, path: 'data.customer' };
    if (str(data._id)) return { value: data, path: 'data' };
  }
  if (session && isObject(session.value.customer))
    return { value: session.value.customer, path: `${session.path}.customer` };
  if (isObject(data.header) && isObject(data.header.customer))
    return { value: data.header.customer, path: 'data.header.customer' };
  return null;
}

function customerRow(
  located: Located<JsonObject> | null,
  version: SnapshotVersion,
  read: Reader,
): CustomerRow | null {
  if (!located) return null;
  const customer = located.value;
  const id =
    read.id(customer._id, `${located.path}._id`) ?? read.id(customer.id, `${located.path}.id`);
  if (!id) return null;
  return {
    id,
    firstName: str(customer.firstName),
    lastName: str(customer.lastName),
    isAnonymous: typeof customer.isAnonymous === 'boolean' ? customer.isAnonymous : null,
    ...version,
  };
}

function channelRow(
  channel: JsonObject,
  path: string,
  version: SnapshotVersion,
  read: Reader,
): ChannelRow | null {
  const id = read.id(channel.id, `${path}.id`);
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
