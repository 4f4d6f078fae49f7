import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'A legal hold: while active, neither a key nor retention erases the conversation (or any conversation of the customer).',
})
export class LegalHold {
  @Field(() => ID, { description: 'The hold id (for releaseLegalHold).' })
  id!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The held conversation; null for a customer hold.',
  })
  conversationId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The held customer; null for a conversation hold.',
  })
  customerId!: string | null;

  @Field({ description: 'Why it was placed.' })
  reason!: string;

  @Field({ description: 'The API key name that placed it.' })
  placedBy!: string;

  @Field({ description: 'When it was placed.' })
  placedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was released; null while active.' })
  releasedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The API key name that released it.' })
  releasedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was released.' })
  releaseReason!: string | null;
}
