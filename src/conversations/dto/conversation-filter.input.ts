import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsDate, IsOptional, IsString, Length } from 'class-validator';

@InputType()
export class ConversationFilter {
  @Field({ nullable: true, description: 'Conversations with activity at or after this time.' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: '... and before this time.' })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  channelId?: string;

  @Field(() => ID, {
    nullable: true,
    description: 'With view CUSTOMER, only agents who sent a customer-visible message match.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  agentId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  customerId?: string;

  @Field({
    nullable: true,
    description: 'Honoured only for view AGENT; with view CUSTOMER it is an error.',
  })
  @IsOptional()
  @IsBoolean()
  hasWhispers?: boolean;
}
