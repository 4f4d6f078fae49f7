import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';

@ArgsType()
export class TimelineArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, 200)
  conversationId!: string;
}
