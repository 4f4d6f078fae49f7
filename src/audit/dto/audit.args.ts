import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';

@ArgsType()
export class OriginalEventArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, 200)
  id!: string;
}

@ArgsType()
export class VerifyAuditLogArgs {
  @Field(() => ID)
  @IsString()
  @Length(1, 200)
  conversationId!: string;
}
