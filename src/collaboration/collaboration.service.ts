import { Injectable } from '@nestjs/common';
import { AccessLogService } from '../access-log/access-log.service.js';
import type { Reader } from '../access-log/reader.decorator.js';
import { ReadException, ReadExceptionCode } from '../common/read.exception.js';
import { CollaborationRepository } from '../storage/collaboration.repository.js';
import { ConversationRepository } from '../storage/conversation.repository.js';
import { TranscriptView } from '../transcripts/models/enums.js';
import { toParticipant, toTranscriptMessage } from '../transcripts/transcript.mapper.js';
import type {
  AgentCollaborationArgs,
  ConversationCollaborationArgs,
} from './dto/collaboration.args.js';
import type {
  AgentCollaboration,
  ConversationCollaboration,
} from './models/collaboration.model.js';
import { whisperThreads } from './whisper-threads.js';

/** Supervisor views of agent collaboration. Everything here is agent-only (transcripts:agent). */
@Injectable()
export class CollaborationService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly repository: CollaborationRepository,
    private readonly accessLog: AccessLogService,
  ) {}

  async forConversation(
    { conversationId }: ConversationCollaborationArgs,
    reader: Reader,
  ): Promise<ConversationCollaboration | null> {
    const [found] = await this.conversations.findByIds([conversationId], TranscriptView.AGENT);
    if (!found) return null;
    const ids = [conversationId];
    const [messages, participants, roles] = await Promise.all([
      this.conversations.findMessages(ids, TranscriptView.AGENT),
      this.conversations.findParticipants(ids, TranscriptView.AGENT),
      this.repository.findRoles(conversationId),
    ]);
    await this.accessLog.record({
      ...reader,
      operation: 'graphql:conversationCollaboration',
      view: TranscriptView.AGENT,
      conversationIds: ids,
    });
    const transcript = messages.get(conversationId) ?? [];
    // Oldest first, so the last role set for an agent is the current one.
    const roleOf = new Map(roles.map((r) => [r.agentId, r.role]));
    const rolesOf = new Map<string, string[]>();
    for (const r of roles) {
      const list = rolesOf.get(r.agentId) ?? [];
      if (r.role && !list.includes(r.role)) list.push(r.role);
      rolesOf.set(r.agentId, list);
    }
    const agents = (participants.get(conversationId) ?? [])
      .filter((p) => p.type === 'AGENT')
      .map((p) => {
        const sent = transcript.filter((m) => m.sender.id === p.id);
        const whispers = sent.filter((m) => m.eventName === 'WHISPER_MESSAGE').length;
        const visible = sent.filter((m) => m.visibility === 'CUSTOMER_VISIBLE').length;
        return {
          agent: toParticipant(p),
          role: roleOf.get(p.id) ?? null,
          roles: rolesOf.get(p.id) ?? [],
          messagesSent: visible,
          whispersSent: whispers,
        };
      });
    return {
      conversationId,
      agents,
      whisperThreads: whisperThreads(transcript).map((t) => ({
        startedAt: t.messages[0].timestamp,
        endedAt: t.messages[t.messages.length - 1].timestamp,
        agents: t.agents.map(toParticipant),
        messages: t.messages.map(toTranscriptMessage),
      })),
    };
  }

  async acrossRange(args: AgentCollaborationArgs): Promise<AgentCollaboration[]> {
    if (args.from >= args.to) {
      throw new ReadException(ReadExceptionCode.INVALID_ARGUMENT, 'from must be before to');
    }
    const rows = await this.repository.agentCollaboration(args);
    const agent = (id: string, name: string | null) => toParticipant({ id, name, type: 'AGENT' });
    return rows.map((r) => ({
      agent: agent(r.agentId, r.agentName),
      whispersSent: r.whispersSent,
      conversationsWithWhispers: r.conversationsWithWhispers,
      consulted: r.consulted.map((c) => ({
        agent: agent(c.agentId, c.agentName),
        conversations: c.conversations,
      })),
      firstWhisperMedianSeconds: r.firstWhisperSeconds?.[0] ?? null,
      firstWhisperP90Seconds: r.firstWhisperSeconds?.[1] ?? null,
    }));
  }
}
