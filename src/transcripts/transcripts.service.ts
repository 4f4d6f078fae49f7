import { Injectable } from '@nestjs/common';
import { TranscriptRepository } from '../storage/transcript.repository.js';
import type { TranscriptView } from './models/enums.js';
import type { Transcript } from './models/transcript.model.js';
import { toTranscriptMessage } from './transcript.mapper.js';

/** Assembles transcripts. What a view may contain is decided in storage (visibilitiesFor), not here. */
@Injectable()
export class TranscriptsService {
  constructor(private readonly repository: TranscriptRepository) {}

  async getTranscript(conversationId: string, view: TranscriptView): Promise<Transcript | null> {
    if (!(await this.repository.conversationExists(conversationId))) return null;
    const messages = await this.repository.findMessages(conversationId, view);
    return { conversationId, view, messages: messages.map(toTranscriptMessage) };
  }
}
