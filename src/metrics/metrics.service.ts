import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { HealthRepository } from '../storage/health.repository.js';

export type IngestOutcome = 'created' | 'duplicate' | 'conflict' | 'invalid' | 'unavailable';

/** Event names are open-ended: past this many distinct ones, the rest are counted as OTHER. */
const MAX_NAME_LABELS = 100;

/**
 * Prometheus metrics, in a registry of this application's own (several apps may share a process in
 * tests). Recording is always on and cheap; /metrics only exists when METRICS_ENABLED is set.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly names = new Set<string>();
  private readonly events = new Counter({
    name: 'cim_events_ingested_total',
    help: 'Events received, by event name and outcome',
    labelNames: ['name', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'cim_ingest_duration_seconds',
    help: 'Time from a validated request to its committed answer',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly batchSizes = new Histogram({
    name: 'cim_commit_batch_events',
    help: 'Events per database transaction: group commits of single events, and batch requests',
    labelNames: ['source'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [this.registry],
  });

  private readonly erased = new Counter({
    name: 'cim_erased_conversations_total',
    help: 'Conversations whose personal content was erased, by who asked (retention or a key)',
    labelNames: ['by'] as const,
    registers: [this.registry],
  });
  private readonly erasedEvents = new Counter({
    name: 'cim_erased_events_total',
    help: 'Events of erased conversations, by who asked (retention or a key)',
    labelNames: ['by'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(APP_CONFIG) config: AppConfig, health: HealthRepository) {
    new Gauge({
      name: 'cim_db_pool_connections',
      help: 'Database pool connections by state (PostgreSQL only)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const stats = health.poolStats();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
    if (config.metricsEnabled) collectDefaultMetrics({ register: this.registry });
  }

  countErasure(by: 'retention' | 'key', conversations: number, events: number): void {
    this.erased.inc({ by }, conversations);
    this.erasedEvents.inc({ by }, events);
  }

  countEvent(name: string | null, status: IngestOutcome): void {
    this.events.inc({ name: this.nameLabel(name), status });
  }

  observeLatency(route: 'single' | 'batch', seconds: number): void {
    this.latency.observe({ route }, seconds);
  }

  observeBatch(source: 'group' | 'request', size: number): void {
    this.batchSizes.observe({ source }, size);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private nameLabel(name: string | null): string {
    if (name === null || !/^[A-Za-z0-9_.:-]{1,64}$/.test(name)) return 'OTHER';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_NAME_LABELS) return 'OTHER';
    this.names.add(name);
    return name;
  }
}
