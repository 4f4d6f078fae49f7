import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from '../../common/json.scalar.js';
import { Participant } from '../../transcripts/models/participant.model.js';
import { TranscriptMessage } from '../../transcripts/models/transcript-message.model.js';

export enum ConversationStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

export enum TimelineEntryKind {
  MESSAGE = 'MESSAGE',
  ACTIVITY = 'ACTIVITY',
}

registerEnumType(ConversationStatus, {
  name: 'ConversationStatus',
  description: 'CLOSED once every channel session of the conversation has ended or expired.',
  valuesMap: {
    ACTIVE: { description: 'A channel session is still open, or none is known.' },
    CLOSED: { description: 'Every channel session has ended or expired.' },
  },
});
registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'Which of `message` and `activity` a timeline entry carries.',
  valuesMap: {
    MESSAGE: { description: 'A transcript message (whispers included); `message` is set.' },
    ACTIVITY: { description: 'Anything else that happened; `activity` is set.' },
  },
});

@ObjectType({
  description:
    'Something that happened besides a message: lifecycle, participants, roles, tasks, wrap-up.',
})
export class Activity {
  @Field({
    description:
      'SESSION_STARTED, SESSION_ENDED, SESSION_EXPIRED, AGENT_JOINED, AGENT_LEFT, ROLE_CHANGED, BOT_JOINED, BOT_LEFT, TASK_STATE_CHANGED, WRAP_UP, CONVERSATION_DATA_CHANGED, CUSTOMER_CHANGED, ROUTING, SLA, VOICE, HAND_RAISE, SYSTEM',
  })
  type!: string;

  @Field(() => Participant, { nullable: true, description: 'Who joined, left or changed role.' })
  participant!: Participant | null;

  @Field(() => String, {
    nullable: true,
    description: 'PRIMARY, ASSISTANT, SILENT_MONITOR, WHISPER, WRAP_UP, ...',
  })
  role!: string | null;

  @Field(() => String, { nullable: true, description: 'The role before a role change.' })
  previousRole!: string | null;

  @Field(() => String, { nullable: true, description: 'Session or task state.' })
  state!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why, as the event gives it (a session end or expiry, a leave, ...).',
  })
  reason!: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Wrap-up, conversation data, routing details.',
  })
  details!: unknown;
}

@ObjectType({ description: 'One event of a timeline: a message or an activity.' })
export class TimelineEntry {
  @Field(() => TimelineEntryKind, { description: 'Whether this is a message or an activity.' })
  kind!: TimelineEntryKind;

  @Field({ description: 'Event time, ISO-8601 UTC.' })
  timestamp!: Date;

  @Field(() => ID, { description: 'The event this entry comes from.' })
  eventId!: string;

  @Field({ description: 'Name of that event.' })
  eventName!: string;

  @Field(() => TranscriptMessage, { nullable: true, description: 'Set when kind is MESSAGE.' })
  message!: TranscriptMessage | null;

  @Field(() => Activity, { nullable: true, description: 'Set when kind is ACTIVITY.' })
  activity!: Activity | null;
}

@ObjectType({ description: 'A participant of a timeline, with the roles held and when.' })
export class TimelineParticipant extends Participant {
  @Field(() => [String], { description: 'Roles held, in the order first taken.' })
  roles!: string[];

  @Field(() => String, { nullable: true, description: 'The role held last.' })
  currentRole!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When they first joined; null when no join is recorded.',
  })
  joinedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Null while still in the conversation.' })
  leftAt!: Date | null;
}

@ObjectType({
  description:
    'Messages (whispers included) and activities interleaved, for agents and supervisors.',
})
export class Timeline {
  @Field(() => ID, { description: 'The conversation.' })
  conversationId!: string;

  @Field(() => ConversationStatus, { description: 'Whether the conversation is still open.' })
  status!: ConversationStatus;

  @Field(() => Date, {
    nullable: true,
    description: 'When the last channel session ended; null while ACTIVE.',
  })
  closedAt!: Date | null;

  @Field(() => [TimelineParticipant], {
    description: 'Everyone who sent a message or joined, left or changed role.',
  })
  participants!: TimelineParticipant[];

  @Field(() => [TimelineEntry], { description: 'In event-time order, ties broken by event id.' })
  entries!: TimelineEntry[];
}
