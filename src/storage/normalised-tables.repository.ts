import { Inject, Injectable } from '@nestjs/common';
import { encodeId } from '../domain/compact-id.js';
import type { NormalisedEvent } from '../ingest/normalised-event.js';
import type { DatabaseConnection } from './database-connection.js';
import { upsertRowsParam } from './normalised-upserts.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';

/** Every table derived from the audit log (and so rebuildable from it). */
export const NORMALISED_TABLES = [
  'conversations',
  'channels',
  'customers',
  'channel_sessions',
  'participants',
  'messages',
  'message_statuses',
  'activities',
] as const;

/** The derived tables holding one conversation's rows; channels and customers are shared. */
const CONVERSATION_TABLES: Record<string, string> = {
  conversations: 'id',
  channel_sessions: 'conversation_id',
  participants: 'conversation_id',
  messages: 'conversation_id',
  message_statuses: 'conversation_id',
  activities: 'conversation_id',
};

@Injectable()
export class NormalisedTablesRepository {
  constructor(@Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection) {}

  /** Empties the shared derived tables (channels, customers); conversations are rebuilt one by one. */
  async truncateShared(): Promise<void> {
    await guardAvailability(() => this.database.query('TRUNCATE channels, customers', []));
  }

  /** Whether the conversation's personal content was erased. */
  async isErased(conversationId: string): Promise<boolean> {
    const rows = await guardAvailability(() =>
      this.database.query('SELECT 1 FROM conversations WHERE id = $1 AND erased_at IS NOT NULL', [
        encodeId(conversationId),
      ]),
    );
    return rows.length > 0;
  }

  /**
   * Replaces one conversation's derived rows with those of `events` (all of its events, put back
   * together from the audit log), in one transaction: the message rows also hold the events'
   * message pieces, so they are never absent at a commit. An erased conversation is left as its
   * erasure left it (false): its audit log no longer holds what its rows were made of, and its
   * message rows hold the erased pieces' hashes.
   */
  async rebuildConversation(
    conversationId: string,
    events: readonly NormalisedEvent[],
  ): Promise<boolean> {
    const id = encodeId(conversationId);
    return guardAvailability(() =>
      this.database.transaction(async (session) => {
        const [erased] = await session.query(
          'SELECT 1 FROM conversations WHERE id = $1 AND erased_at IS NOT NULL FOR UPDATE',
          [id],
        );
        if (erased) return false;
        for (const [table, column] of Object.entries(CONVERSATION_TABLES)) {
          await session.query(`DELETE FROM ${table} WHERE ${column} = $1`, [id]);
        }
        await session.query('SELECT cim_upsert_normalised($1::jsonb)', [upsertRowsParam(events)]);
        return true;
      }),
    );
  }
}
