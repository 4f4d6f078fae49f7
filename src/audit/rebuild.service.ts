import { Injectable, Logger } from '@nestjs/common';
import type { CimEvent } from '../ingest/cim-event.js';
import { normaliseEvent } from '../ingest/normalise-event.js';
import { AuditRepository } from '../storage/audit.repository.js';
import { EventStoreRepository } from '../storage/event-store.repository.js';
import { NormalisedTablesRepository } from '../storage/normalised-tables.repository.js';

/**
 * Rebuilds every normalised table from the audit log: empties them, then normalises each stored
 * event again with the current normaliser. Run it with ingestion stopped (`npm run db:rebuild`).
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(
    private readonly audit: AuditRepository,
    private readonly eventStore: EventStoreRepository,
    private readonly tables: NormalisedTablesRepository,
  ) {}

  async rebuild(): Promise<{ conversations: number; events: number }> {
    await this.tables.truncateAll();
    let conversations = 0;
    let events = 0;
    for await (const ids of this.audit.conversationIds()) {
      for (const id of ids) {
        for await (const page of this.audit.conversationPages(id)) {
          await this.eventStore.applyNormalised(
            // Stored events passed ingest's limits then; a value today's limits refuse is left out.
            page.map((r) => normaliseEvent(r.event as CimEvent, r.contentHash).rows),
          );
          events += page.length;
        }
        conversations += 1;
      }
      this.logger.log(`Rebuilt ${conversations} conversations, ${events} events`);
    }
    return { conversations, events };
  }
}
