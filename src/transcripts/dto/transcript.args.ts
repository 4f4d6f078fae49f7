import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { TranscriptView } from '../models/enums.js';

@ArgsType()
export class TranscriptArgs {
  @Field(() => ID, { description: "The conversation (the events' conversationId)." })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;

  @Field(() => TranscriptView, { description: 'Which messages to return.' })
  @IsEnum(TranscriptView)
  view!: TranscriptView;
}
