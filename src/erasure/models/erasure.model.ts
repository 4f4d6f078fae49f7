import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/models/page-info.model.js';

@ObjectType({
  description:
    'One erasure, as the append-only, hash-chained erasure ledger records it. It never holds the erased content.',
})
export class Erasure {
  @Field(() => ID, { description: 'The erasure id.' })
  id!: string;

  @Field({ description: 'Why it was erased, as given by the caller (or the retention rule).' })
  reason!: string;

  @Field({ description: 'The API key name that asked, or "retention" for the retention job.' })
  requestedBy!: string;

  @Field(() => [ID], { description: 'The conversations whose personal content was erased.' })
  conversationIds!: string[];

  @Field(() => ID, {
    nullable: true,
    description: 'The customer of eraseCustomer (whose own record was erased too); else null.',
  })
  customerId!: string | null;

  @Field(() => Int, { description: 'Events of those conversations whose content was erased.' })
  erasedEvents!: number;

  @Field({ description: 'When it was committed.' })
  erasedAt!: Date;

  @Field(() => [ErasedChainHead], {
    description:
      "Each conversation's audit chain head when it was erased: verifyAuditLog must still reach it.",
  })
  chainHeads!: ErasedChainHead[];

  @Field({ description: 'SHA-256 (hex) of this ledger record, chained to the previous one.' })
  hash!: string;
}

@ObjectType({ description: "A conversation's audit chain head at the moment it was erased." })
export class ErasedChainHead {
  @Field(() => ID, { description: 'The conversation.' })
  conversationId!: string;

  @Field({ description: 'Its chain value (hex) after its newest event then.' })
  head!: string;

  @Field(() => ID, { nullable: true, description: 'Its newest event then; null when it had none.' })
  headEventId!: string | null;

  @Field(() => Int, { description: 'Events in its chain then.' })
  events!: number;
}

@ObjectType({ description: 'An erasure with its place in the ledger.' })
export class ErasureEdge {
  @Field({ description: 'Opaque position of this erasure, for `after`.' })
  cursor!: string;

  @Field(() => Erasure, { description: 'The erasure.' })
  node!: Erasure;
}

@ObjectType({ description: 'A page of the erasure ledger, newest first (Relay connection).' })
export class ErasureConnection {
  @Field(() => [ErasureEdge], { description: 'The erasures of this page, newest first.' })
  edges!: ErasureEdge[];

  @Field(() => PageInfo, { description: 'Where this page lies in the ledger.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Erasures in the ledger.' })
  totalCount!: number;
}
