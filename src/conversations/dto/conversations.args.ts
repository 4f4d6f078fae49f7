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
import { MAX_PAGE_SIZE, PageArgs } from '../../common/dto/page.args.js';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { TranscriptView } from '../../transcripts/models/enums.js';
import { ConversationFilter } from './conversation-filter.input.js';

export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConversationArgs {
  @Field(() => ID, { description: 'The conversation id.' })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  id!: string;

  @Field(() => TranscriptView, {
    description: 'Which messages count, and which participants and times show.',
  })
  @IsEnum(TranscriptView)
  view!: TranscriptView;
}

@ArgsType()
export class ConversationsArgs extends PageArgs {
  @Field(() => ConversationFilter, {
    nullable: true,
    description: 'Only conversations matching every given condition.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConversationFilter)
  filter?: ConversationFilter;

  @Field(() => TranscriptView, {
    description: 'Which messages count, and which participants and times show.',
  })
  @IsEnum(TranscriptView)
  view!: TranscriptView;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `The first rows of the list (or of the rows after \`after\`), 1 to ${MAX_PAGE_SIZE}; null means ${DEFAULT_PAGE_SIZE} unless \`last\` is given.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null = DEFAULT_PAGE_SIZE;
}
