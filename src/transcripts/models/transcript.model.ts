import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TranscriptView } from './enums.js';
import { TranscriptMessage } from './transcript-message.model.js';

@ObjectType()
export class Transcript {
  @Field(() => ID)
  conversationId!: string;

  @Field(() => TranscriptView)
  view!: TranscriptView;

  @Field(() => [TranscriptMessage], {
    description: 'In event-time order, ties broken by event id.',
  })
  messages!: TranscriptMessage[];
}
