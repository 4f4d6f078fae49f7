import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageArgs, MAX_PAGE_SIZE } from '../../common/dto/page.args.js';
import { MAX_ID_LENGTH } from '../../domain/limits.js';

/** A reason is recorded with who and when; it must say something. */
const MAX_REASON_LENGTH = 2000;
const REASON = `Why (recorded in the ledger or with the hold): 1 to ${MAX_REASON_LENGTH} characters, not blank.`;

@ArgsType()
export class EraseConversationArgs {
  @Field(() => ID, { description: 'The conversation to erase.' })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;

  @Field({ description: REASON })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason!: string;
}

@ArgsType()
export class EraseCustomerArgs {
  @Field(() => ID, {
    description: 'The customer (data.header.customer / channelSession.customer id).',
  })
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  customerId!: string;

  @Field({ description: REASON })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason!: string;
}

@ArgsType()
export class PlaceLegalHoldArgs {
  @Field(() => ID, { nullable: true, description: 'The conversation to hold (or customerId).' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The customer to hold: every conversation of theirs (or conversationId).',
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  customerId?: string | null;

  @Field({ description: REASON })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason!: string;
}

@ArgsType()
export class ReleaseLegalHoldArgs {
  @Field(() => ID, { description: 'The hold to release (LegalHold.id).' })
  @IsString()
  @Length(1, 100)
  id!: string;

  @Field({ description: REASON })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason!: string;
}

@ArgsType()
export class LegalHoldsArgs {
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Only holds not released (default true).',
  })
  @IsOptional()
  @IsBoolean()
  activeOnly?: boolean | null;
}

export const DEFAULT_ERASURES_PAGE_SIZE = 50;

@ArgsType()
export class ErasuresArgs extends PageArgs {
  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_ERASURES_PAGE_SIZE,
    description: `The first erasures of the ledger, newest first (or after \`after\`), 1 to ${MAX_PAGE_SIZE}.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;
}
