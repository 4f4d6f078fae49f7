import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { IsQueryDate } from '../../common/query-date.js';
import { ReportGranularity, ReportGroupBy } from '../models/report.model.js';

/** A report's range and bucket size, shared by every report. */
@ArgsType()
export class ReportRangeArgs {
  @Field({ description: 'Start of the range (inclusive).' })
  @IsQueryDate()
  from!: Date;

  @Field({ description: 'End of the range (exclusive); after `from`.' })
  @IsQueryDate()
  to!: Date;

  @Field(() => ReportGranularity, {
    defaultValue: ReportGranularity.DAY,
    description: 'Size of a bucket.',
  })
  @IsEnum(ReportGranularity)
  granularity: ReportGranularity = ReportGranularity.DAY;
}

@ArgsType()
export class ReportArgs extends ReportRangeArgs {
  @Field(() => ReportGroupBy, {
    defaultValue: ReportGroupBy.CHANNEL,
    description: 'What a row is for: a channel or an agent.',
  })
  @IsEnum(ReportGroupBy)
  groupBy: ReportGroupBy = ReportGroupBy.CHANNEL;

  @Field(() => ID, {
    nullable: true,
    description: 'With groupBy CHANNEL: only this channel.',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  channelId?: string;

  @Field(() => ID, { nullable: true, description: 'With groupBy AGENT: only this agent.' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  agentId?: string;
}

@ArgsType()
export class WhispersByAgentArgs extends ReportRangeArgs {
  @Field(() => ID, { nullable: true, description: 'Only this agent.' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  agentId?: string;
}
