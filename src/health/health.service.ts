import { Injectable } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';

@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  /** The process is up (no dependency checked: a dead database must not get the process restarted). */
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready when the database answers; terminus answers 503 otherwise. */
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.isHealthy('database')]);
  }
}
