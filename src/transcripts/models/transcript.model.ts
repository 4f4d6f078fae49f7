import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TranscriptView } from './enums.js';
import { TranscriptMessage } from './transcript-message.model.js';

@ObjectType({ description: 'The messages of one conversation, as one view may see them.' })
export class Transcript {
  @Field(() => ID, { description: 'The conversation.' })
  conversationId!: string;

  @Field(() => TranscriptView, { description: 'The view these messages obey.' })
  view!: TranscriptView;

  @Field(() => [TranscriptMessage], {
    description: 'In event-time order, ties broken by event id.',
  })
  messages!: TranscriptMessage[];
}
