import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/models/page-info.model.js';
import { Participant } from '../../transcripts/models/participant.model.js';
import type { TranscriptView } from '../../transcripts/models/enums.js';
import type { ConversationBatch } from '../conversation-batch.js';

@ObjectType({ description: 'The channel a conversation came in on.' })
export class ConversationChannel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'WEB, WHATSAPP, ...' })
  channelType!: string | null;
}

@ObjectType({
  description:
    'A conversation as one view may see it: counts, participants, last message and transcript obey the view.',
})
export class Conversation {
  @Field(() => ID)
  id!: string;

  @Field()
  firstEventAt!: Date;

  @Field()
  lastEventAt!: Date;

  @Field(() => ConversationChannel, { nullable: true })
  channel!: ConversationChannel | null;

  @Field(() => Participant, { nullable: true })
  customer!: Participant | null;

  // Not GraphQL fields: the view of the query, and the page's batched loads for the field resolvers.
  view!: TranscriptView;
  batch!: ConversationBatch;
}

@ObjectType()
export class ConversationEdge {
  @Field()
  cursor!: string;

  @Field(() => Conversation)
  node!: Conversation;
}

@ObjectType()
export class ConversationConnection {
  @Field(() => [ConversationEdge])
  edges!: ConversationEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Conversations matching the filter, on all pages.' })
  totalCount!: number;
}
