import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { IsQueryDate } from '../../common/query-date.js';

@InputType({ description: 'Conditions on conversations; every condition given must hold.' })
export class ConversationFilter {
  @Field({ nullable: true, description: 'Conversations with activity at or after this time.' })
  @IsOptional()
  @IsQueryDate()
  from?: Date;

  @Field({ nullable: true, description: 'Conversations with activity before this time.' })
  @IsOptional()
  @IsQueryDate()
  to?: Date;

  @Field(() => ID, { nullable: true, description: 'Only conversations of this channel.' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  channelId?: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only conversations this agent took part in. With view CUSTOMER, only agents who sent a customer-visible message match.',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  agentId?: string;

  @Field(() => ID, { nullable: true, description: 'Only conversations of this customer.' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  customerId?: string;

  @Field({
    nullable: true,
    description:
      'Only conversations with (true) or without (false) whispers. Honoured only for view AGENT; with view CUSTOMER it is an error.',
  })
  @IsOptional()
  @IsBoolean()
  hasWhispers?: boolean;
}
