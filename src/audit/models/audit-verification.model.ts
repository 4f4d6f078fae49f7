import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class AuditVerification {
  @Field(() => ID)
  conversationId!: string;

  @Field()
  ok!: boolean;

  @Field(() => Int)
  checkedEvents!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The first event whose stored content or link no longer matches; null when ok.',
  })
  firstBrokenEventId!: string | null;
}
