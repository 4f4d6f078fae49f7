import { Injectable, ServiceUnavailableException } from '@nestjs/common';
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

  /** Ready when the database answers and holds this build's schema; 503 naming what is down otherwise. */
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.isHealthy('database')]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // terminus lists what is down in its response; the error body we send carries only a message.
      const down = (error.getResponse() as HealthCheckResult).error ?? {};
      const reasons = Object.entries(down).map(([name, d]) => `${name}: ${String(d?.message)}`);
      throw new ServiceUnavailableException(`Not ready: ${reasons.join('; ')}`);
    }
  }
}
