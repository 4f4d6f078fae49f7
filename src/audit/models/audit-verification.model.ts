import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: "The result of recomputing one conversation's audit hash chain." })
export class AuditVerification {
  @Field(() => ID, { description: 'The conversation checked.' })
  conversationId!: string;

  @Field({
    description: 'True when every stored event and every link of the chain still matches.',
  })
  ok!: boolean;

  @Field(() => Int, { description: 'Stored events of the conversation that were checked.' })
  checkedEvents!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The first event whose stored content or link no longer matches; null when ok.',
  })
  firstBrokenEventId!: string | null;
}
