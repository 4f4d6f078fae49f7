/**
 * Every CIM event name this service knows, and what each becomes. One table, so a reader can see at
 * a glance how any name is handled, and a new name is one line.
 *
 * - `message`: carries a CIM message (`data` with id/header/body) and becomes a transcript message.
 *   Only CUSTOMER_MESSAGE, AGENT_MESSAGE and BOT_MESSAGE are customer-visible (src/ingest/visibility.ts);
 *   every other message, known or not, is agents-only.
 * - `activity`: becomes a timeline entry for agents (and may change derived state, see `effect`).
 * - `state`: changes stored state without a timeline entry of its own.
 * - `audit`: kept in the audit log only (plus conversation bookkeeping: first/last event time).
 *
 * Names not listed here are accepted and treated as `audit`, except that a message-shaped `data`
 * still becomes an agents-only message (fail-closed). Names come from Expertflow CX's published
 * object model and notification documentation.
 */
export type EventKind = 'message' | 'activity' | 'state' | 'audit';

export type ActivityType =
  | 'SESSION_STARTED'
  | 'SESSION_ENDED'
  | 'SESSION_EXPIRED'
  | 'AGENT_JOINED'
  | 'AGENT_LEFT'
  | 'ROLE_CHANGED'
  | 'BOT_JOINED'
  | 'BOT_LEFT'
  | 'TASK_STATE_CHANGED'
  | 'WRAP_UP'
  | 'CONVERSATION_DATA_CHANGED'
  | 'CUSTOMER_CHANGED'
  | 'ROUTING'
  | 'SLA'
  | 'VOICE'
  | 'HAND_RAISE'
  | 'SYSTEM';

export interface CatalogueEntry {
  kind: EventKind;
  /** The timeline entry it makes, for `activity` (and for messages that are also activities). */
  activity?: ActivityType;
}

const message = (activity?: ActivityType): CatalogueEntry => ({ kind: 'message', activity });
const activity = (type: ActivityType): CatalogueEntry => ({ kind: 'activity', activity: type });
const state: CatalogueEntry = { kind: 'state' };
const audit: CatalogueEntry = { kind: 'audit' };

export const EVENT_CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  // Messages
  CUSTOMER_MESSAGE: message(),
  AGENT_MESSAGE: message(),
  BOT_MESSAGE: message(),
  WHISPER_MESSAGE: message(),
  BOT_SUGGESTION: message(),
  THIRD_PARTY_ACTIVITY: message(),
  ACTION_MESSAGE: message(),
  WRAPUP_APPLIED: message('WRAP_UP'),
  // Message state: delivery status of the message it names; typing is noise for a transcript.
  MESSAGE_DELIVERY_NOTIFICATION: state,
  TYPING_INDICATOR: audit,
  TYPING_STARTED: audit,
  TYPING_STOPPED: audit,
  // Channel session lifecycle
  CHANNEL_SESSION_STARTED: activity('SESSION_STARTED'),
  CHANNEL_SESSION_ENDED: activity('SESSION_ENDED'),
  CHANNEL_SESSION_EXPIRED: activity('SESSION_EXPIRED'),
  CHANNEL_SESSION_UPDATED: state,
  // Conversation data
  CONVERSATION_STARTED: audit,
  CONVERSATION_DATA_CHANGED: activity('CONVERSATION_DATA_CHANGED'),
  CONVERSATION_DATA_REMOVED: activity('CONVERSATION_DATA_CHANGED'),
  ASSOCIATED_CUSTOMER_CHANGED: activity('CUSTOMER_CHANGED'),
  CUSTOMER_TOPIC_EVENT: audit,
  // Participants and roles
  AGENT_SUBSCRIBED: activity('AGENT_JOINED'),
  AGENT_UNSUBSCRIBED: activity('AGENT_LEFT'),
  PARTICIPANT_ROLE_CHANGED: activity('ROLE_CHANGED'),
  BOT_SUBSCRIBED: activity('BOT_JOINED'),
  BOT_UNSUBSCRIBED: activity('BOT_LEFT'),
  PARTICIPANT_JOINED: activity('AGENT_JOINED'),
  PARTICIPANT_LEFT: activity('AGENT_LEFT'),
  // Tasks and routing
  TASK_STATE_CHANGED: activity('TASK_STATE_CHANGED'),
  TASK_ENQUEUED: activity('ROUTING'),
  TASK_DEQUEUED: activity('ROUTING'),
  TASK_CLOSED: activity('ROUTING'),
  AGENT_RESERVED: activity('ROUTING'),
  AGENT_MRD_INTERRUPTED: activity('ROUTING'),
  NO_AGENT_AVAILABLE: activity('ROUTING'),
  CONSULT_TRANSFER: activity('ROUTING'),
  CONSULT_CONFERENCE: activity('ROUTING'),
  DIRECT_TRANSFER: activity('ROUTING'),
  DIRECT_CONFERENCE: activity('ROUTING'),
  QUEUE_TRANSFER: activity('ROUTING'),
  REQUEST_TIMEOUT: activity('ROUTING'),
  AGENT_REQUEST_TTL_EXPIRED: activity('ROUTING'),
  ROUTING_REQUEST_CANCELLED: activity('ROUTING'),
  // SLA timers
  AGENT_SLA_STARTED: activity('SLA'),
  AGENT_SLA_EXPIRED: activity('SLA'),
  AGENT_SLA_STOPPED: activity('SLA'),
  CUSTOMER_SLA_STARTED: activity('SLA'),
  CUSTOMER_SLA_EXPIRED: activity('SLA'),
  CUSTOMER_SLA_STOPPED: activity('SLA'),
  // Voice
  CALL_LEG_STARTED: activity('VOICE'),
  CALL_LEG_ENDED: activity('VOICE'),
  CALL_HOLD: activity('VOICE'),
  CALL_RESUME: activity('VOICE'),
  CALL_RECORDING_LINK: activity('VOICE'),
  IVR_ACTIVITY: activity('VOICE'),
  VOICE_ACTIVITY: activity('VOICE'),
  // Hand raise (agent asks a supervisor for help)
  HAND_RAISED: activity('HAND_RAISE'),
  HAND_LOWERED: activity('HAND_RAISE'),
  HAND_RAISE_ACCEPTED: activity('HAND_RAISE'),
  // System
  SYSTEM_ERROR: activity('SYSTEM'),
  CONVERSATION_CLOSED: activity('SESSION_ENDED'),
  DELIVERY_NOTIFICATION: state,
  MESSAGE_DELETED: audit,
  MESSAGE_EDITED: audit,
};

export function catalogueEntry(name: string): CatalogueEntry {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, name)
    ? EVENT_CATALOGUE[name]
    : audit;
}
