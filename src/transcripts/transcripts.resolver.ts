import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireViewScope } from '../auth/auth.decorators.js';
import { TranscriptArgs } from './dto/transcript.args.js';
import { Transcript } from './models/transcript.model.js';
import { TranscriptsService } from './transcripts.service.js';

@Resolver(() => Transcript)
export class TranscriptsResolver {
  constructor(private readonly transcripts: TranscriptsService) {}

  @Query(() => Transcript, {
    nullable: true,
    description:
      "The conversation's messages as the view may see them; null when the conversation is unknown. Scope transcripts:customer or transcripts:agent, as the view.",
  })
  @RequireViewScope()
  transcript(
    @Args() { conversationId, view }: TranscriptArgs,
    @CurrentReader() reader: Reader,
  ): Promise<Transcript | null> {
    return this.transcripts.getTranscript(conversationId, view, reader);
  }
}
