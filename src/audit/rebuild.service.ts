import { Injectable, Logger } from '@nestjs/common';
import type { NormalisedEvent } from '../ingest/normalised-event.js';
import { prepareEvent } from '../ingest/prepare-event.js';
import { validateEvent } from '../ingest/validate-event.js';
import { AuditRepository } from '../storage/audit.repository.js';
import { NormalisedTablesRepository } from '../storage/normalised-tables.repository.js';

/**
 * Rebuilds every normalised table from the audit log: each conversation's events are put back
 * together and normalised again with the current normaliser, and its rows replaced in one
 * transaction. Run it with ingestion stopped (`npm run db:rebuild`).
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly tables: NormalisedTablesRepository,
  ) {}

  async rebuild(): Promise<{ conversations: number; events: number }> {
    await this.tables.truncateShared();
    let conversations = 0;
    let events = 0;
    for await (const ids of this.audit.conversationIds()) {
      for (const id of ids) {
        // Its audit log no longer holds what its rows were made of: they stay as erasure left them.
        if (await this.tables.isErased(id)) continue;
        const prepared: NormalisedEvent[] = [];
        for await (const page of this.audit.conversationPages(id)) {
          for (const record of page) {
            // Stored events passed ingest's checks then; one today's checks refuse is left out, and
            // an event that cannot be put back together (a missing part) adds no rows.
            const validated = record.event === null ? null : validateEvent(record.event);
            const result = validated?.ok ? prepareEvent(validated.event) : null;
            if (result?.ok) prepared.push(result.normalised);
          }
          events += page.length;
        }
        await this.tables.rebuildConversation(id, prepared);
        conversations += 1;
      }
      this.logger.log(`Rebuilt ${conversations} conversations, ${events} events`);
    }
    return { conversations, events };
  }
}
