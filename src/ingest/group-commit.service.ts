import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { EventStoreRepository, type CommitStatus } from '../storage/event-store.repository.js';
import { StorageUnavailableError } from '../storage/storage-errors.js';
import { CommitQueue } from './commit-queue.js';
import type { NormalisedEvent } from './normalised-event.js';

type Outcome = CommitStatus | { error: unknown };

/**
 * Commits single events through a group-commit queue: concurrent requests share one transaction,
 * and each still answers only after its own event is committed.
 */
@Injectable()
export class GroupCommitService implements OnModuleDestroy {
  private readonly queue: CommitQueue<NormalisedEvent, Outcome>;

  constructor(
    private readonly eventStore: EventStoreRepository,
    metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queue = new CommitQueue((batch) => this.commitIsolated(batch), {
      maxBatch: config.commitMaxBatch,
      maxConcurrent: config.commitConcurrency,
      onFlush: (size) => metrics.observeBatch('group', size),
    });
  }

  async commit(event: NormalisedEvent): Promise<CommitStatus> {
    const outcome = await this.queue.push(event);
    if (typeof outcome === 'object') throw outcome.error;
    return outcome;
  }

  /**
   * The events of one batch request, through the same queue: at most COMMIT_CONCURRENCY
   * transactions run at once whatever the number of clients, because concurrent transactions
   * touching the same shared rows (channel, customer) only wait on each other's locks.
   */
  async commitMany(events: readonly NormalisedEvent[]): Promise<CommitStatus[]> {
    const outcomes = await Promise.all(events.map((e) => this.queue.push(e)));
    return outcomes.map((outcome) => {
      if (typeof outcome === 'object') throw outcome.error;
      return outcome;
    });
  }

  /** Graceful shutdown: the HTTP server has stopped accepting; commit what is queued before the pool closes. */
  onModuleDestroy(): Promise<void> {
    return this.queue.drain();
  }

  /**
   * One transaction for the whole batch. When it fails for a reason other than the database being
   * unavailable, the events are retried one by one, so a single bad event fails only its own request.
   */
  private async commitIsolated(batch: NormalisedEvent[]): Promise<Outcome[]> {
    try {
      return await this.eventStore.commit(batch);
    } catch (error) {
      if (batch.length === 1 || error instanceof StorageUnavailableError) throw error;
      const outcomes: Outcome[] = [];
      for (const event of batch) {
        try {
          outcomes.push((await this.eventStore.commit([event]))[0]);
        } catch (single) {
          outcomes.push({ error: single });
        }
      }
      return outcomes;
    }
  }
}
