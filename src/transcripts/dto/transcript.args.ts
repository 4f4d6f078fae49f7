import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { TranscriptView } from '../models/enums.js';

@ArgsType()
export class TranscriptArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;

  @Field(() => TranscriptView)
  @IsEnum(TranscriptView)
  view!: TranscriptView;
}
