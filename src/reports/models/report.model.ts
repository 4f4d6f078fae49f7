import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ReportGranularity {
  HOUR = 'HOUR',
  DAY = 'DAY',
}
export enum ReportGroupBy {
  CHANNEL = 'CHANNEL',
  AGENT = 'AGENT',
}
registerEnumType(ReportGranularity, { name: 'ReportGranularity', description: 'UTC buckets.' });
registerEnumType(ReportGroupBy, {
  name: 'ReportGroupBy',
  description: 'CHANNEL: the conversation channel. AGENT: every agent who sent a message in it.',
});

@ObjectType()
export class SenderTypeCount {
  @Field()
  senderType!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Seconds: median and 90th percentile (percentile_cont), over samples.' })
export class DurationStats {
  @Field(() => Float)
  medianSeconds!: number;

  @Field(() => Float)
  p90Seconds!: number;

  @Field(() => Int)
  samples!: number;
}

@ObjectType()
export class ReportRow {
  @Field({ description: 'Start of the UTC hour or day.' })
  bucket!: Date;

  @Field(() => ID, { nullable: true, description: 'Channel or agent id (null: no channel known).' })
  key!: string | null;

  @Field(() => Int, { description: 'Conversations with messages in the bucket.' })
  conversations!: number;

  @Field(() => Int)
  messages!: number;

  @Field(() => [SenderTypeCount])
  messagesBySenderType!: SenderTypeCount[];

  @Field(() => Int)
  customerVisibleMessages!: number;

  @Field(() => Int)
  agentOnlyMessages!: number;

  @Field(() => DurationStats, {
    nullable: true,
    description: "Customer's first message to the first customer-visible agent message after it.",
  })
  firstResponse!: DurationStats | null;

  @Field(() => DurationStats, {
    nullable: true,
    description: 'Channel session start to end (CHANNEL_SESSION_STARTED to CHANNEL_SESSION_ENDED).',
  })
  handleTime!: DurationStats | null;
}
