import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { IsQueryDate } from '../../common/query-date.js';

@ArgsType()
export class ConversationCollaborationArgs {
  @Field(() => ID, { description: 'The conversation.' })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;
}

@ArgsType()
export class AgentCollaborationArgs {
  @Field({ description: 'Whispers at or after.' })
  @IsQueryDate()
  from!: Date;

  @Field({ description: 'Whispers before.' })
  @IsQueryDate()
  to!: Date;

  @Field(() => ID, { nullable: true, description: "Only this agent's whispering." })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  agentId?: string;

  @Field(() => ID, { nullable: true, description: 'Only conversations of this channel.' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  channelId?: string;
}
