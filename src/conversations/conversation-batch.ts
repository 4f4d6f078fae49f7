import type { ConversationRepository } from '../storage/conversation.repository.js';
import type { StoredMessage, StoredParticipant } from '../storage/transcript.repository.js';
import { TranscriptView } from '../transcripts/models/enums.js';

/**
 * The batched loads for one page of conversations (one query per field for the whole page, never
 * one per conversation), each made only when a field asks for it, all with the page's view.
 */
export class ConversationBatch {
  private counts?: Promise<Map<string, number>>;
  private agentOnly?: Promise<Map<string, number>>;
  private lasts?: Promise<Map<string, StoredMessage>>;
  private participants?: Promise<Map<string, StoredParticipant[]>>;
  private messages?: Promise<Map<string, StoredMessage[]>>;

  constructor(
    private readonly repository: ConversationRepository,
    private readonly ids: readonly string[],
    readonly view: TranscriptView,
  ) {}

  async messageCount(id: string): Promise<number> {
    this.counts ??= this.repository.countMessages(this.ids, this.view);
    return (await this.counts).get(id) ?? 0;
  }

  /** Agent-only messages; null for the customer view, which must not learn they exist. */
  async whisperCount(id: string): Promise<number | null> {
    if (this.view !== TranscriptView.AGENT) return null;
    this.agentOnly ??= this.repository.countAgentOnlyMessages(this.ids);
    return (await this.agentOnly).get(id) ?? 0;
  }

  async lastMessage(id: string): Promise<StoredMessage | null> {
    this.lasts ??= this.repository.findLastMessages(this.ids, this.view);
    return (await this.lasts).get(id) ?? null;
  }

  async participantsOf(id: string): Promise<StoredParticipant[]> {
    this.participants ??= this.repository.findParticipants(this.ids, this.view);
    return (await this.participants).get(id) ?? [];
  }

  async messagesOf(id: string): Promise<StoredMessage[]> {
    this.messages ??= this.repository.findMessages(this.ids, this.view);
    return (await this.messages).get(id) ?? [];
  }
}
