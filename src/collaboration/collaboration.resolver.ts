import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireScopes } from '../auth/auth.decorators.js';
import { CollaborationService } from './collaboration.service.js';
import { AgentCollaborationArgs, ConversationCollaborationArgs } from './dto/collaboration.args.js';
import { AgentCollaboration, ConversationCollaboration } from './models/collaboration.model.js';

@Resolver()
export class CollaborationResolver {
  constructor(private readonly collaboration: CollaborationService) {}

  @Query(() => ConversationCollaboration, {
    nullable: true,
    description:
      'Whisper threads and the agents of one conversation; null when unknown. Scope transcripts:agent.',
  })
  @RequireScopes('transcripts:agent')
  conversationCollaboration(
    @Args() args: ConversationCollaborationArgs,
    @CurrentReader() reader: Reader,
  ): Promise<ConversationCollaboration | null> {
    return this.collaboration.forConversation(args, reader);
  }

  @Query(() => [AgentCollaboration], {
    description: 'Per agent: whispering over a time range. Scope transcripts:agent.',
  })
  @RequireScopes('transcripts:agent')
  agentCollaboration(@Args() args: AgentCollaborationArgs): Promise<AgentCollaboration[]> {
    return this.collaboration.acrossRange(args);
  }
}
