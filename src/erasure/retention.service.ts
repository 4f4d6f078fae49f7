import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ErasureRepository } from '../storage/erasure.repository.js';

const DAY_MS = 86_400_000;

/**
 * RETENTION_DAYS: erases conversations whose last activity is older, at start and then every
 * RETENTION_INTERVAL_MINUTES, on one instance at a time (an advisory lock), in batches of
 * RETENTION_BATCH_SIZE conversations (a transaction and a ledger record each), skipping held ones.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ErasureRepository,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retentionDays === null) return;
    // Not awaited: the service starts serving while the first pass runs.
    this.running = this.pass();
    this.timer = setInterval(() => {
      this.running ??= this.pass();
    }, this.config.retentionIntervalMinutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass now; null when another instance holds it. Errors are logged, not thrown. */
  async pass(): Promise<{ conversations: number; events: number } | null> {
    const days = this.config.retentionDays;
    if (days === null) return { conversations: 0, events: 0 };
    const cutoff = new Date(Date.now() - days * DAY_MS);
    try {
      const done = await this.repository.retentionPass(
        cutoff,
        this.config.retentionBatchSize,
        (erasure) => {
          this.metrics.countErasure(
            'retention',
            erasure.conversations.length,
            erasure.erasedEvents,
          );
          this.logger.log(
            `Retention erased ${erasure.conversations.length} conversations (${erasure.erasedEvents} events) with last activity before ${cutoff.toISOString()}; erasure ${erasure.id}`,
          );
        },
        () => this.stopped,
      );
      if (done === null) this.logger.log('Retention: another instance is running a pass');
      else if (done.conversations > 0)
        this.logger.log(
          `Retention pass done: ${done.conversations} conversations, ${done.events} events`,
        );
      return done;
    } catch (error) {
      this.logger.error(`Retention pass failed: ${(error as Error).message}`);
      return null;
    } finally {
      this.running = null;
    }
  }
}
