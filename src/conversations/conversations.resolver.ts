import type { GraphQLResolveInfo } from 'graphql';
import { Args, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireViewScope } from '../auth/auth.decorators.js';
import { firstAsGiven } from '../common/connection.js';
import { Participant } from '../transcripts/models/participant.model.js';
import { TranscriptMessage } from '../transcripts/models/transcript-message.model.js';
import { Transcript } from '../transcripts/models/transcript.model.js';
import { ConversationsService } from './conversations.service.js';
import { ConversationArgs, ConversationsArgs } from './dto/conversations.args.js';
import { Conversation, ConversationConnection } from './models/conversation.model.js';

@Resolver(() => Conversation)
export class ConversationsResolver {
  constructor(private readonly service: ConversationsService) {}

  @Query(() => Conversation, {
    nullable: true,
    description:
      'One conversation as the view may see it; null when the conversation is unknown. Scope as the view.',
  })
  @RequireViewScope()
  conversation(
    @Args() args: ConversationArgs,
    @CurrentReader() reader: Reader,
  ): Promise<Conversation | null> {
    return this.service.getConversation(args, reader);
  }

  @Query(() => ConversationConnection, {
    description:
      'Conversations newest first (by when the store first saw them, so pages neither skip nor repeat while events arrive), a Relay connection. Scope as the view.',
  })
  @RequireViewScope()
  conversations(
    @Args() args: ConversationsArgs,
    @Info() info: GraphQLResolveInfo,
    @CurrentReader() reader: Reader,
  ): Promise<ConversationConnection> {
    return this.service.listConversations(
      { ...args, first: firstAsGiven(args.first, info) },
      reader,
    );
  }

  @ResolveField(() => Int, { description: 'Messages the view may see.' })
  messageCount(@Parent() conversation: Conversation): Promise<number> {
    return this.service.messageCount(conversation);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      'Agent-only messages (whispers and other content the customer never saw). AGENT view only: always null in the CUSTOMER view.',
  })
  whisperCount(@Parent() conversation: Conversation): Promise<number | null> {
    return this.service.whisperCount(conversation);
  }

  @ResolveField(() => [Participant], {
    description: 'CUSTOMER view: the customer and senders of customer-visible messages only.',
  })
  participants(@Parent() conversation: Conversation): Promise<Participant[]> {
    return this.service.participants(conversation);
  }

  @ResolveField(() => TranscriptMessage, {
    nullable: true,
    description: 'Newest message the view may see.',
  })
  lastMessage(@Parent() conversation: Conversation): Promise<TranscriptMessage | null> {
    return this.service.lastMessage(conversation);
  }

  @ResolveField(() => Transcript, { description: 'Same view as the query.' })
  transcript(@Parent() conversation: Conversation): Promise<Transcript> {
    return this.service.transcript(conversation);
  }
}
