import type { StoredActivity, StoredSession } from '../storage/timeline.repository.js';
import type { Participant } from '../transcripts/models/participant.model.js';
import type { TranscriptMessage } from '../transcripts/models/transcript-message.model.js';
import { toParticipant } from '../transcripts/transcript.mapper.js';
import {
  ConversationStatus,
  TimelineEntryKind,
  type Activity,
  type Timeline,
  type TimelineEntry,
  type TimelineParticipant,
} from './models/timeline.model.js';

const JOINS = new Set(['AGENT_JOINED', 'BOT_JOINED']);
const LEAVES = new Set(['AGENT_LEFT', 'BOT_LEFT']);

/**
 * Interleaves messages and activities and derives what they imply: the conversation's status and
 * each participant's roles and join / leave times. Pure: the same rows give the same timeline.
 */
export function buildTimeline(
  conversationId: string,
  messages: TranscriptMessage[],
  activities: StoredActivity[],
  sessions: StoredSession[],
): Timeline {
  const entries: TimelineEntry[] = [
    ...messages.map((m) => ({
      kind: TimelineEntryKind.MESSAGE,
      timestamp: m.timestamp,
      eventId: m.eventId,
      eventName: m.eventName,
      message: m,
      activity: null,
    })),
    ...activities.map((a) => ({
      kind: TimelineEntryKind.ACTIVITY,
      timestamp: a.timestamp,
      eventId: a.eventId,
      eventName: a.eventName,
      message: null,
      activity: toActivity(a),
    })),
  ].sort(
    (x, y) =>
      x.timestamp.getTime() - y.timestamp.getTime() ||
      (x.eventId < y.eventId ? -1 : x.eventId > y.eventId ? 1 : 0),
  );
  const closed =
    sessions.length > 0 &&
    sessions.every((s) => s.endedAt !== null && (s.startedAt === null || s.endedAt >= s.startedAt));
  return {
    conversationId,
    status: closed ? ConversationStatus.CLOSED : ConversationStatus.ACTIVE,
    closedAt: closed
      ? new Date(Math.max(...sessions.map((s) => (s.endedAt as Date).getTime())))
      : null,
    participants: deriveParticipants(messages, activities),
    entries,
  };
}

function toActivity(a: StoredActivity): Activity {
  const participant: Participant | null = a.participantId
    ? toParticipant({
        id: a.participantId,
        type: a.participantType ?? 'UNKNOWN',
        name: a.participantName,
      })
    : null;
  return {
    type: a.type,
    participant,
    role: a.role,
    previousRole: a.previousRole,
    state: a.state,
    reason: a.reason,
    details: a.details ?? null,
  };
}

function deriveParticipants(
  messages: TranscriptMessage[],
  activities: StoredActivity[],
): TimelineParticipant[] {
  const byId = new Map<string, TimelineParticipant>();
  const get = (p: Participant) => {
    let found = byId.get(p.id);
    if (!found) {
      found = { ...p, roles: [], currentRole: null, joinedAt: null, leftAt: null };
      byId.set(p.id, found);
    } else if (found.name === null && p.name !== null) found.name = p.name;
    return found;
  };
  for (const m of messages) get(m.sender);
  // Activities come in event-time order, so the last role seen is the current one.
  for (const a of activities) {
    const activity = toActivity(a);
    if (!activity.participant) continue;
    const p = get(activity.participant);
    if (a.role) {
      if (!p.roles.includes(a.role)) p.roles.push(a.role);
      if (!LEAVES.has(a.type)) p.currentRole = a.role;
    }
    if (JOINS.has(a.type)) {
      p.joinedAt ??= a.timestamp;
      p.leftAt = null;
    }
    if (LEAVES.has(a.type)) p.leftAt = a.timestamp;
  }
  return [...byId.values()];
}
