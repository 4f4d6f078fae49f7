import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Visibility } from './enums.js';
import { MessageContent } from './message-content.model.js';
import { Participant } from './participant.model.js';

@ObjectType({
  description:
    'One message of a transcript, from an event whose data is a CIM message (status notifications excluded).',
})
export class TranscriptMessage {
  @Field(() => ID, { description: 'The CIM message id (data.id).' })
  id!: string;

  @Field(() => ID, { description: 'The event that carried the message.' })
  eventId!: string;

  @Field({
    description: 'Name of that event: CUSTOMER_MESSAGE, AGENT_MESSAGE, WHISPER_MESSAGE, ...',
  })
  eventName!: string;

  @Field({ description: 'Event time, ISO-8601 UTC.' })
  timestamp!: Date;

  @Field(() => Participant, { description: 'Who sent it (data.header.sender).' })
  sender!: Participant;

  @Field({ description: 'The body type (data.body.type): PLAIN, IMAGE, BUTTON, ...' })
  type!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Decoded message text; null when the body has none.',
  })
  text!: string | null;

  @Field(() => Visibility, { description: 'Decided by the event name, fail-closed.' })
  visibility!: Visibility;

  @Field(() => ID, {
    nullable: true,
    description: 'The channel session the message came through; null when the event names none.',
  })
  channelSessionId!: string | null;

  @Field(() => MessageContent, { description: 'Attachments and structured content, typed.' })
  content!: MessageContent;

  @Field(() => String, {
    nullable: true,
    description: 'Latest delivery status reported for this message (DELIVERED, READ, FAILED).',
  })
  deliveryStatus!: string | null;

  @Field({
    description:
      'True once its content was erased: text is then null, content holds nothing, and no other field carries an erased value.',
  })
  erased!: boolean;
}
