import { Injectable } from '@nestjs/common';
import { EventStoreRepository } from '../storage/event-store.repository.js';
import { contentHash } from './canonical-json.js';
import { IngestException } from './ingest.exception.js';
import { normaliseEvent } from './normalise-event.js';
import { unwrapEvent } from './unwrap-event.js';
import { validateEvent } from './validate-event.js';

export interface IngestResult {
  eventId: string;
  status: 'created' | 'duplicate';
}

@Injectable()
export class IngestService {
  constructor(private readonly eventStore: EventStoreRepository) {}

  /** Validates, normalises and commits one event; resolves only once it is durably stored. */
  async ingest(body: unknown): Promise<IngestResult> {
    const unwrapped = unwrapEvent(body);
    if (!unwrapped.ok) throw IngestException.invalid(unwrapped.problems);
    const validated = validateEvent(unwrapped.event);
    if (!validated.ok) throw IngestException.invalid(validated.problems);
    const event = validated.event;
    const [status] = await this.eventStore.commit([normaliseEvent(event, contentHash(event))]);
    if (status === 'conflict') throw IngestException.conflict(event.id);
    return { eventId: event.id, status };
  }
}
