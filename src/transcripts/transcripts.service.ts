import { Injectable } from '@nestjs/common';
import { AccessLogService } from '../access-log/access-log.service.js';
import type { Reader } from '../access-log/reader.decorator.js';
import { TranscriptRepository } from '../storage/transcript.repository.js';
import { TranscriptView } from './models/enums.js';
import type { Transcript } from './models/transcript.model.js';
import { toTranscriptMessage } from './transcript.mapper.js';

/** Assembles transcripts. What a view may contain is decided in storage (visibilitiesFor), not here. */
@Injectable()
export class TranscriptsService {
  constructor(
    private readonly repository: TranscriptRepository,
    private readonly accessLog: AccessLogService,
  ) {}

  async getTranscript(
    conversationId: string,
    view: TranscriptView,
    reader: Reader,
    operation = 'graphql:transcript',
  ): Promise<Transcript | null> {
    const messages = await this.repository.findMessages(conversationId, view);
    // Only an empty answer needs the second look: unknown conversation, or nothing this view may see.
    if (messages.length === 0 && !(await this.repository.conversationExists(conversationId))) {
      return null;
    }
    if (view === TranscriptView.AGENT) {
      // A full-agent read is recorded before anything is returned.
      await this.accessLog.record({
        ...reader,
        operation,
        view,
        conversationIds: [conversationId],
      });
    }
    return { conversationId, view, messages: messages.map(toTranscriptMessage) };
  }
}
