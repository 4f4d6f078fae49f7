import { Injectable } from '@nestjs/common';
import type { Reader } from '../access-log/reader.decorator.js';
import { TimelineRepository } from '../storage/timeline.repository.js';
import { TranscriptView } from '../storage/transcript-view.js';
import { TranscriptsService } from '../transcripts/transcripts.service.js';
import type { Timeline } from './models/timeline.model.js';
import { buildTimeline } from './timeline.builder.js';

@Injectable()
export class TimelineService {
  constructor(
    private readonly transcripts: TranscriptsService,
    private readonly repository: TimelineRepository,
  ) {}

  /** The full (agent) view: whispers and activities included. Callers need transcripts:agent. */
  async getTimeline(conversationId: string, reader: Reader): Promise<Timeline | null> {
    // A full-agent read: recorded in the access log as such.
    const transcript = await this.transcripts.getTranscript(
      conversationId,
      TranscriptView.AGENT,
      reader,
      'graphql:timeline',
    );
    if (!transcript) return null;
    const { activities, sessions } =
      await this.repository.findActivitiesAndSessions(conversationId);
    return buildTimeline(conversationId, transcript.messages, activities, sessions);
  }
}
