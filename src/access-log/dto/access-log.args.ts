import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE, PageArgs } from '../../common/dto/page.args.js';
import { IsQueryDate } from '../../common/query-date.js';
import { MAX_ID_LENGTH } from '../../domain/limits.js';

export const DEFAULT_ACCESS_LOG_PAGE_SIZE = 50;

@ArgsType()
export class AccessLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only reads of this conversation.' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId?: string;

  @Field({ nullable: true, description: 'Only reads at or after this time.' })
  @IsOptional()
  @IsQueryDate()
  from?: Date;

  @Field({ nullable: true, description: 'Only reads before this time.' })
  @IsOptional()
  @IsQueryDate()
  to?: Date;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_ACCESS_LOG_PAGE_SIZE,
    description: `The first rows of the list (or of the rows after \`after\`), 1 to ${MAX_PAGE_SIZE}; null means ${DEFAULT_ACCESS_LOG_PAGE_SIZE} unless \`last\` is given.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null = DEFAULT_ACCESS_LOG_PAGE_SIZE;
}
