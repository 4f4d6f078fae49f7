import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireScopes } from '../auth/auth.decorators.js';
import { TimelineArgs } from './dto/timeline.args.js';
import { Timeline } from './models/timeline.model.js';
import { TimelineService } from './timeline.service.js';

@Resolver(() => Timeline)
export class TimelineResolver {
  constructor(private readonly timelines: TimelineService) {}

  @Query(() => Timeline, {
    nullable: true,
    description:
      'What happened in a conversation, for agents: messages and activities interleaved. Null when unknown. Scope transcripts:agent.',
  })
  @RequireScopes('transcripts:agent')
  timeline(
    @Args() { conversationId }: TimelineArgs,
    @CurrentReader() reader: Reader,
  ): Promise<Timeline | null> {
    return this.timelines.getTimeline(conversationId, reader);
  }
}
