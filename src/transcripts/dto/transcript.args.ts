import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsString, Length } from 'class-validator';
import { TranscriptView } from '../models/enums.js';

@ArgsType()
export class TranscriptArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, 200)
  conversationId!: string;

  @Field(() => TranscriptView)
  @IsEnum(TranscriptView)
  view!: TranscriptView;
}
