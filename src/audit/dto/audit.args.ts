import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';

@ArgsType()
export class OriginalEventArgs {
  @Field(() => ID, { description: 'The event id (the `id` it was posted with).' })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  id!: string;
}

@ArgsType()
export class VerifyAuditLogArgs {
  @Field(() => ID, { description: 'The conversation whose chain to verify.' })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;
}
