import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Visibility } from './enums.js';
import { MessageContent } from './message-content.model.js';
import { Participant } from './participant.model.js';

@ObjectType()
export class TranscriptMessage {
  @Field(() => ID, { description: 'The CIM message id (data.id).' })
  id!: string;

  @Field(() => ID, { description: 'The event that carried the message.' })
  eventId!: string;

  @Field()
  eventName!: string;

  @Field({ description: 'Event time, ISO-8601 UTC.' })
  timestamp!: Date;

  @Field(() => Participant)
  sender!: Participant;

  @Field({ description: 'body.type: PLAIN, IMAGE, BUTTON, ...' })
  type!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Decoded message text; null when the body has none.',
  })
  text!: string | null;

  @Field(() => Visibility)
  visibility!: Visibility;

  @Field(() => ID, { nullable: true })
  channelSessionId!: string | null;

  @Field(() => MessageContent, { description: 'Attachments and structured content, typed.' })
  content!: MessageContent;

  @Field(() => String, {
    nullable: true,
    description: 'Latest delivery status reported for this message (DELIVERED, READ, FAILED).',
  })
  deliveryStatus!: string | null;
}
