import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, Length } from 'class-validator';

@ArgsType()
export class ConversationCollaborationArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, 200)
  conversationId!: string;
}

@ArgsType()
export class AgentCollaborationArgs {
  @Field({ description: 'Whispers at or after.' })
  @IsDate()
  from!: Date;

  @Field({ description: 'Whispers before.' })
  @IsDate()
  to!: Date;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  agentId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  channelId?: string;
}
