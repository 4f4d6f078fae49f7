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
});
registerEnumType(TimelineEntryKind, { name: 'TimelineEntryKind' });

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

  @Field(() => String, { nullable: true })
  previousRole!: string | null;

  @Field(() => String, { nullable: true, description: 'Session or task state.' })
  state!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Wrap-up, conversation data, routing details.',
  })
  details!: unknown;
}

@ObjectType()
export class TimelineEntry {
  @Field(() => TimelineEntryKind)
  kind!: TimelineEntryKind;

  @Field()
  timestamp!: Date;

  @Field(() => ID)
  eventId!: string;

  @Field()
  eventName!: string;

  @Field(() => TranscriptMessage, { nullable: true })
  message!: TranscriptMessage | null;

  @Field(() => Activity, { nullable: true })
  activity!: Activity | null;
}

@ObjectType()
export class TimelineParticipant extends Participant {
  @Field(() => [String], { description: 'Roles held, in the order first taken.' })
  roles!: string[];

  @Field(() => String, { nullable: true, description: 'The role held last.' })
  currentRole!: string | null;

  @Field(() => Date, { nullable: true })
  joinedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Null while still in the conversation.' })
  leftAt!: Date | null;
}

@ObjectType({
  description:
    'Messages (whispers included) and activities interleaved, for agents and supervisors.',
})
export class Timeline {
  @Field(() => ID)
  conversationId!: string;

  @Field(() => ConversationStatus)
  status!: ConversationStatus;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => [TimelineParticipant])
  participants!: TimelineParticipant[];

  @Field(() => [TimelineEntry], { description: 'In event-time order, ties broken by event id.' })
  entries!: TimelineEntry[];
}
