import { Injectable } from '@nestjs/common';
import type { Reader } from '../access-log/reader.decorator.js';
import { AccessLogService } from '../access-log/access-log.service.js';
import { loadPage, type CursorCodec } from '../common/connection.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { ReadException, ReadExceptionCode } from '../common/read.exception.js';
import {
  ConversationRepository,
  type ConversationPosition,
  type StoredConversation,
} from '../storage/conversation.repository.js';
import { TranscriptView } from '../transcripts/models/enums.js';
import type { Participant } from '../transcripts/models/participant.model.js';
import type { TranscriptMessage } from '../transcripts/models/transcript-message.model.js';
import type { Transcript } from '../transcripts/models/transcript.model.js';
import { toParticipant, toTranscriptMessage } from '../transcripts/transcript.mapper.js';
import { ConversationBatch } from './conversation-batch.js';
import {
  DEFAULT_PAGE_SIZE,
  type ConversationArgs,
  type ConversationsArgs,
} from './dto/conversations.args.js';
import type { Conversation, ConversationConnection } from './models/conversation.model.js';

/** Browsing. What a view may see is decided in storage (visibleToView); full-agent reads are logged. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repository: ConversationRepository,
    private readonly accessLog: AccessLogService,
  ) {}

  async getConversation(
    { id, view }: ConversationArgs,
    reader: Reader,
  ): Promise<Conversation | null> {
    const [found] = await this.repository.findByIds([id], view);
    if (!found) return null;
    await this.logAgentRead(reader, 'graphql:conversation', view, [id]);
    return this.toNode(found, view, new ConversationBatch(this.repository, [id], view));
  }

  async listConversations(
    args: ConversationsArgs,
    reader: Reader,
  ): Promise<ConversationConnection> {
    const filter = args.filter ?? {};
    if (typeof filter.hasWhispers === 'boolean' && args.view !== TranscriptView.AGENT) {
      throw new ReadException(
        ReadExceptionCode.INVALID_ARGUMENT,
        'filter.hasWhispers is only allowed with view AGENT',
      );
    }
    const [page, totalCount] = await Promise.all([
      loadPage(args, DEFAULT_PAGE_SIZE, CONVERSATION_CURSOR, {
        rows: (window) => this.repository.findPage(filter, args.view, window),
        exists: (position, side) => this.repository.existsBeside(filter, args.view, position, side),
        positionOf: (c) => ({ createdAt: c.createdAt, id: c.id }),
      }),
      this.repository.count(filter, args.view),
    ]);
    const ids = page.rows.map((c) => c.id);
    await this.logAgentRead(reader, 'graphql:conversations', args.view, ids, {
      filter,
      after: args.after ?? null,
      ...(args.before ? { before: args.before } : {}),
    });
    const batch = new ConversationBatch(this.repository, ids, args.view);
    const edges = page.rows.map((c, i) => ({
      cursor: page.cursors[i],
      node: this.toNode(c, args.view, batch),
    }));
    return { edges, totalCount, pageInfo: page.pageInfo };
  }

  messageCount(c: Conversation): Promise<number> {
    return c.batch.messageCount(c.id);
  }

  whisperCount(c: Conversation): Promise<number | null> {
    return c.batch.whisperCount(c.id);
  }

  async participants(c: Conversation): Promise<Participant[]> {
    return (await c.batch.participantsOf(c.id)).map(toParticipant);
  }

  async lastMessage(c: Conversation): Promise<TranscriptMessage | null> {
    const last = await c.batch.lastMessage(c.id);
    return last ? toTranscriptMessage(last) : null;
  }

  async transcript(c: Conversation): Promise<Transcript> {
    const messages = await c.batch.messagesOf(c.id);
    return { conversationId: c.id, view: c.view, messages: messages.map(toTranscriptMessage) };
  }

  private toNode(
    c: StoredConversation,
    view: TranscriptView,
    batch: ConversationBatch,
  ): Conversation {
    return {
      id: c.id,
      firstEventAt: c.firstEventAt,
      lastEventAt: c.lastEventAt,
      channel: c.channel,
      customer: c.customer ? toParticipant(c.customer) : null,
      erasedAt: c.erasedAt,
      view,
      batch,
    };
  }

  private async logAgentRead(
    reader: Reader,
    operation: string,
    view: TranscriptView,
    conversationIds: string[],
    details?: Record<string, unknown>,
  ): Promise<void> {
    if (view !== TranscriptView.AGENT) return;
    await this.accessLog.record({ ...reader, operation, view, conversationIds, details });
  }
}

/** Browsing position: when the store first saw the conversation, then its id. */
const CONVERSATION_CURSOR: CursorCodec<ConversationPosition> = {
  encode: (p) => encodeCursor([p.createdAt.toISOString(), p.id]),
  decode: (cursor) => {
    const parts = decodeCursor(cursor, ['string', 'string']);
    const createdAt = parts ? new Date(parts[0] as string) : null;
    if (!parts || !createdAt || Number.isNaN(createdAt.getTime())) return null;
    return { createdAt, id: parts[1] as string };
  },
};
