import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { IsQueryDate } from '../../common/query-date.js';

@ArgsType()
export class AccessLogArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsQueryDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsQueryDate()
  to?: Date;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: '1 to 100; null means 50.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  first?: number | null = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  after?: string;
}
