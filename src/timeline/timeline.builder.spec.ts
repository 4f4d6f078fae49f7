import { describe, expect, it } from '@jest/globals';
import type { StoredActivity, StoredSession } from '../storage/timeline.repository.js';
import { buildTimeline } from './timeline.builder.js';
import { ConversationStatus } from './models/timeline.model.js';

const at = (s: number) => new Date(1_765_000_000_000 + s * 1000);
const activity = (
  eventId: string,
  type: string,
  s: number,
  extra: Partial<StoredActivity> = {},
): StoredActivity => ({
  eventId,
  eventName: type,
  type,
  timestamp: at(s),
  participantId: null,
  participantType: null,
  participantName: null,
  role: null,
  previousRole: null,
  state: null,
  reason: null,
  details: null,
  ...extra,
});
const agent = (id: string, role: string) => ({
  participantId: id,
  participantType: 'AGENT',
  participantName: id.toUpperCase(),
  role,
});

describe(buildTimeline.name, () => {
  it.each<[string, StoredSession[], ConversationStatus, Date | null]>([
    ['no session yet', [], ConversationStatus.ACTIVE, null],
    [
      'a session still open',
      [{ id: 's', state: 'STARTED', startedAt: at(0), endedAt: null }],
      ConversationStatus.ACTIVE,
      null,
    ],
    [
      'every session ended',
      [
        { id: 's1', state: 'ENDED', startedAt: at(0), endedAt: at(5) },
        { id: 's2', state: 'EXPIRED', startedAt: at(1), endedAt: at(9) },
      ],
      ConversationStatus.CLOSED,
      at(9),
    ],
    [
      'one of two sessions ended',
      [
        { id: 's1', state: 'ENDED', startedAt: at(0), endedAt: at(5) },
        { id: 's2', state: 'STARTED', startedAt: at(1), endedAt: null },
      ],
      ConversationStatus.ACTIVE,
      null,
    ],
    [
      'a session restarted after it ended',
      [{ id: 's', state: 'STARTED', startedAt: at(10), endedAt: at(5) }],
      ConversationStatus.ACTIVE,
      null,
    ],
  ])('should be %s -> %s', (_case, sessions, status, closedAt) => {
    const sut = buildTimeline('c', [], [], sessions);
    expect({ status: sut.status, closedAt: sut.closedAt }).toEqual({ status, closedAt });
  });

  it('should derive roles, current role and join / leave times from activities in time order', () => {
    const sut = buildTimeline(
      'c',
      [],
      [
        activity('e1', 'AGENT_JOINED', 1, agent('a1', 'PRIMARY')),
        activity('e2', 'AGENT_JOINED', 2, agent('a2', 'ASSISTANT')),
        activity('e3', 'ROLE_CHANGED', 3, { ...agent('a2', 'PRIMARY'), previousRole: 'ASSISTANT' }),
        activity('e4', 'AGENT_LEFT', 4, agent('a1', 'PRIMARY')),
        activity('e5', 'AGENT_LEFT', 5, agent('a2', 'PRIMARY')),
        activity('e6', 'AGENT_JOINED', 6, agent('a2', 'WRAP_UP')),
      ],
      [],
    );
    expect(sut.participants).toEqual([
      {
        id: 'a1',
        name: 'A1',
        type: 'AGENT',
        roles: ['PRIMARY'],
        currentRole: 'PRIMARY',
        joinedAt: at(1),
        leftAt: at(4),
      },
      {
        id: 'a2',
        name: 'A2',
        type: 'AGENT',
        roles: ['ASSISTANT', 'PRIMARY', 'WRAP_UP'],
        currentRole: 'WRAP_UP',
        joinedAt: at(2),
        leftAt: null,
      },
    ]);
    expect(sut.entries.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  it('should order entries by time, then event id', () => {
    const sut = buildTimeline(
      'c',
      [],
      [activity('b', 'SYSTEM', 1), activity('a', 'SYSTEM', 1), activity('c', 'SYSTEM', 0)],
      [],
    );
    expect(sut.entries.map((e) => e.eventId)).toEqual(['c', 'a', 'b']);
  });
});
