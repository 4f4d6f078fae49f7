import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/models/page-info.model.js';
import { Participant } from '../../transcripts/models/participant.model.js';
import type { TranscriptView } from '../../transcripts/models/enums.js';
import type { ConversationBatch } from '../conversation-batch.js';

@ObjectType({ description: 'The channel a conversation came in on.' })
export class ConversationChannel {
  @Field(() => ID, { description: 'The channel id (channelSession.channel.id).' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'The channel name.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'WEB, WHATSAPP, ...' })
  channelType!: string | null;
}

@ObjectType({
  description:
    'A conversation as one view may see it: counts, participants, last message and transcript obey the view.',
})
export class Conversation {
  @Field(() => ID, { description: "The conversation id (the events' conversationId)." })
  id!: string;

  @Field({
    description:
      'AGENT: time of the first event. CUSTOMER: of the first message that view contains.',
  })
  firstEventAt!: Date;

  @Field({
    description: 'AGENT: time of the last event. CUSTOMER: of the last message that view contains.',
  })
  lastEventAt!: Date;

  @Field(() => ConversationChannel, {
    nullable: true,
    description: 'The channel it came in on; null when no event named one.',
  })
  channel!: ConversationChannel | null;

  @Field(() => Participant, {
    nullable: true,
    description: 'The customer; null when no event named one.',
  })
  customer!: Participant | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When its personal content was erased (eraseConversation, eraseCustomer or retention); null when never. Its ids, times and counts stay; its messages show erased: true and it names no customer.',
  })
  erasedAt!: Date | null;

  // Not GraphQL fields: the view of the query, and the page's batched loads for the field resolvers.
  view!: TranscriptView;
  batch!: ConversationBatch;
}

@ObjectType({ description: 'A conversation with its place in the list.' })
export class ConversationEdge {
  @Field({ description: 'Opaque position of this conversation, for `after` or `before`.' })
  cursor!: string;

  @Field(() => Conversation, { description: 'The conversation.' })
  node!: Conversation;
}

@ObjectType({ description: 'A page of conversations (Relay connection).' })
export class ConversationConnection {
  @Field(() => [ConversationEdge], {
    description: 'The conversations of this page, in list order.',
  })
  edges!: ConversationEdge[];

  @Field(() => PageInfo, { description: 'Where this page lies in the list.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Conversations matching the filter, on all pages.' })
  totalCount!: number;
}
