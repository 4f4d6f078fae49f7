import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';

@ArgsType()
export class TimelineArgs {
  @Field(() => ID, { description: 'The conversation.' })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;
}
