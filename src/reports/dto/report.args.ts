import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { IsQueryDate } from '../../common/query-date.js';
import { ReportGranularity, ReportGroupBy } from '../models/report.model.js';

@ArgsType()
export class ReportArgs {
  @Field()
  @IsQueryDate()
  from!: Date;

  @Field()
  @IsQueryDate()
  to!: Date;

  @Field(() => ReportGranularity, { defaultValue: ReportGranularity.DAY })
  @IsEnum(ReportGranularity)
  granularity: ReportGranularity = ReportGranularity.DAY;

  @Field(() => ReportGroupBy, { defaultValue: ReportGroupBy.CHANNEL })
  @IsEnum(ReportGroupBy)
  groupBy: ReportGroupBy = ReportGroupBy.CHANNEL;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  channelId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  agentId?: string;
}
