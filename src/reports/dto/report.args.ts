import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { ReportGranularity, ReportGroupBy } from '../models/report.model.js';

@ArgsType()
export class ReportArgs {
  @Field()
  @IsDate()
  from!: Date;

  @Field()
  @IsDate()
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
  @Length(1, 200)
  channelId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  agentId?: string;
}
