import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HealthRepository } from '../storage/health.repository.js';

/** Up when the database answers `SELECT 1`. */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly repository: HealthRepository,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await this.repository.ping();
      return indicator.up();
    } catch {
      // The reason stays in the server log of the caller; the probe only needs up or down.
      return indicator.down({ message: 'the database is unavailable' });
    }
  }
}
