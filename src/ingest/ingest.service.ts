import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PartMemo } from '../domain/audit/event-pieces.js';
import { StorageUnavailableError } from '../storage/storage-errors.js';
import { isObject } from './cim-event.js';
import { GroupCommitService } from './group-commit.service.js';
import { IngestException } from './ingest.exception.js';
import { prepareEvent, type Prepared } from './prepare-event.js';
import { unwrapEvent } from './unwrap-event.js';
import { validateEvent } from './validate-event.js';

/** What `POST /events` says about a body that is not an object (an import says it of a line). */
export const NOT_AN_OBJECT =
  'the body must be a JSON object: one CIM event, or the socket wrapper { "cimEvent": ... }';

export interface IngestResult {
  eventId: string;
  status: 'created' | 'duplicate';
}

export interface BatchItemResult {
  index: number;
  /** The item's `id` when it has a string one, else null. */
  eventId: string | null;
  status: 'created' | 'duplicate' | 'conflict' | 'invalid';
  /** Why an item is invalid or in conflict; null otherwise. */
  error: string | null;
}

export interface BatchResult {
  results: BatchItemResult[];
}

@Injectable()
export class IngestService {
  /** Parts recently split: a conversation's events repeat them (src/domain/audit/event-pieces.ts). */
  private readonly parts = new PartMemo();

  constructor(
    private readonly groupCommit: GroupCommitService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates, normalises and commits one event; resolves only once it is durably stored. */
  async ingest(body: unknown): Promise<IngestResult> {
    if (!isObject(body)) {
      this.metrics.countEvent(null, 'invalid');
      throw IngestException.invalid([NOT_AN_OBJECT]);
    }
    const prepared = this.prepare(body);
    if (!prepared.ok) {
      this.metrics.countEvent(identify(body).name, 'invalid');
      throw IngestException.invalid(prepared.problems);
    }
    const event = prepared.normalised.event;
    const started = performance.now();
    const status = await this.counted(event.name, () =>
      this.groupCommit.commit(prepared.normalised),
    );
    this.metrics.observeLatency('single', (performance.now() - started) / 1000);
    this.metrics.countEvent(event.name, status);
    if (status === 'conflict') throw IngestException.conflict(event.id);
    return { eventId: event.id, status };
  }

  /**
   * Each item judged on its own: invalid ones are reported, the others go through the group commit
   * (one or more commits) and are all committed before the answer.
   */
  async ingestBatch(body: unknown): Promise<BatchResult> {
    if (!Array.isArray(body)) throw IngestException.invalid(['the body must be a JSON array']);
    if (body.length === 0) throw IngestException.invalid(['the batch must not be empty']);
    if (body.length > this.config.maxBatchEvents) {
      throw IngestException.invalid([
        `the batch has ${body.length} events; at most ${this.config.maxBatchEvents} are accepted`,
      ]);
    }
    return { results: await this.ingestItems(body) };
  }

  /**
   * The items of a batch request or of an import, each judged on its own: invalid ones are
   * reported, the others go through the group commit and are all committed before this resolves.
   * Each item is held to MAX_EVENT_BYTES, by the size of what it would store.
   */
  async ingestItems(items: readonly unknown[]): Promise<BatchItemResult[]> {
    const prepared = items.map((item) => this.prepare(item, this.config.maxEventBytes));
    const valid = prepared.flatMap((p) => (p.ok ? [p.normalised] : []));
    const started = performance.now();
    const statuses = await this.counted(null, () => this.groupCommit.commitMany(valid));
    this.metrics.observeLatency('batch', (performance.now() - started) / 1000);
    this.metrics.observeBatch('request', valid.length);
    let next = 0;
    return prepared.map((p, index): BatchItemResult => {
      if (!p.ok) {
        const { id, name } = identify(items[index]);
        this.metrics.countEvent(name, 'invalid');
        return { index, eventId: id, status: 'invalid', error: p.problems.join('; ') };
      }
      const status = statuses[next++];
      const { id, name } = p.normalised.event;
      this.metrics.countEvent(name, status);
      const error = status === 'conflict' ? IngestException.conflict(id).message : null;
      return { index, eventId: id, status, error };
    });
  }

  private prepare(body: unknown, maxBytes?: number): Prepared {
    const unwrapped = unwrapEvent(body);
    if (!unwrapped.ok) return unwrapped;
    const validated = validateEvent(unwrapped.event);
    if (!validated.ok) return validated;
    const prepared = prepareEvent(validated.event, this.parts);
    if (prepared.ok && maxBytes !== undefined && prepared.normalised.pieces.size > maxBytes) {
      const size = prepared.normalised.pieces.size;
      return {
        ok: false,
        problems: [`the event stores ${size} characters of JSON; at most ${maxBytes} are accepted`],
      };
    }
    return prepared;
  }

  private async counted<T>(name: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StorageUnavailableError) this.metrics.countEvent(name, 'unavailable');
      throw error;
    }
  }
}

/** The string `id` and `name` of an event that failed validation, where it has them. */
function identify(item: unknown): { id: string | null; name: string | null } {
  const unwrapped = unwrapEvent(item);
  const event = unwrapped.ok && isObject(unwrapped.event) ? unwrapped.event : {};
  return {
    id: typeof event.id === 'string' ? event.id : null,
    name: typeof event.name === 'string' ? event.name : null,
  };
}
