import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Participant } from '../../transcripts/models/participant.model.js';

export enum ReportGranularity {
  HOUR = 'HOUR',
  DAY = 'DAY',
}
export enum ReportGroupBy {
  CHANNEL = 'CHANNEL',
  AGENT = 'AGENT',
}
registerEnumType(ReportGranularity, {
  name: 'ReportGranularity',
  description: 'UTC buckets.',
  valuesMap: {
    HOUR: { description: 'One row per UTC hour (a range of at most 31 days).' },
    DAY: { description: 'One row per UTC day (a range of at most 366 days).' },
  },
});
registerEnumType(ReportGroupBy, {
  name: 'ReportGroupBy',
  description: 'CHANNEL: the conversation channel. AGENT: every agent who sent a message in it.',
  valuesMap: {
    CHANNEL: { description: 'Each conversation counts for its channel; `key` is the channel id.' },
    AGENT: {
      description:
        'Each conversation counts for every agent who sent a message in it within the range; `key` is the agent id.',
    },
  },
});

@ObjectType({ description: 'Messages of one sender type.' })
export class SenderTypeCount {
  @Field({ description: 'The sender type: CUSTOMER, AGENT, BOT, ...' })
  senderType!: string;

  @Field(() => Int, { description: 'Messages sent by that type in the bucket.' })
  count!: number;
}

@ObjectType({ description: 'Seconds: median and 90th percentile (percentile_cont), over samples.' })
export class DurationStats {
  @Field(() => Float, { description: 'Median, in seconds.' })
  medianSeconds!: number;

  @Field(() => Float, { description: '90th percentile, in seconds.' })
  p90Seconds!: number;

  @Field(() => Int, { description: 'How many durations were measured.' })
  samples!: number;
}

@ObjectType({ description: 'The figures of one bucket for one channel or agent.' })
export class ReportRow {
  @Field({ description: 'Start of the UTC hour or day.' })
  bucket!: Date;

  @Field(() => ID, { nullable: true, description: 'Channel or agent id (null: no channel known).' })
  key!: string | null;

  @Field(() => Int, { description: 'Conversations with messages in the bucket.' })
  conversations!: number;

  @Field(() => Int, { description: 'Messages in the bucket, of every visibility.' })
  messages!: number;

  @Field(() => [SenderTypeCount], {
    description: 'The same messages by sender type, ordered by type.',
  })
  messagesBySenderType!: SenderTypeCount[];

  @Field(() => Int, { description: 'Of those, customer-visible messages.' })
  customerVisibleMessages!: number;

  @Field(() => Int, { description: 'Of those, agent-only messages (whispers and others).' })
  agentOnlyMessages!: number;

  @Field(() => DurationStats, {
    nullable: true,
    description:
      "Customer's first message to the first customer-visible agent message after it, bucketed by the customer's message.",
  })
  firstResponse!: DurationStats | null;

  @Field(() => DurationStats, {
    nullable: true,
    description:
      'Channel session start to end (CHANNEL_SESSION_STARTED to CHANNEL_SESSION_ENDED or _EXPIRED), bucketed by the start.',
  })
  handleTime!: DurationStats | null;
}

@ObjectType({ description: 'Whispers one agent sent in one UTC hour or day.' })
export class AgentWhisperRow {
  @Field({ description: 'Start of the UTC hour or day.' })
  bucket!: Date;

  @Field(() => Participant, { description: 'The agent who whispered.' })
  agent!: Participant;

  @Field(() => Int, { description: 'Whispers (WHISPER_MESSAGE) the agent sent in the bucket.' })
  whispers!: number;
}
