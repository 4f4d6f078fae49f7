import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { TranscriptView } from '../../transcripts/models/enums.js';
import { ConversationFilter } from './conversation-filter.input.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConversationArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  id!: string;

  @Field(() => TranscriptView)
  @IsEnum(TranscriptView)
  view!: TranscriptView;
}

@ArgsType()
export class ConversationsArgs {
  @Field(() => ConversationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConversationFilter)
  filter?: ConversationFilter;

  @Field(() => TranscriptView)
  @IsEnum(TranscriptView)
  view!: TranscriptView;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `Page size, 1 to ${MAX_PAGE_SIZE}; null means ${DEFAULT_PAGE_SIZE}.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string;
}
