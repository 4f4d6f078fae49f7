import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HealthRepository, SchemaMissingError } from '../storage/health.repository.js';

/** Up when the database answers and holds the schema this build migrated to. */
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
    } catch (error) {
      // The probe only needs up or down, and which of the two reasons.
      return indicator.down({
        message:
          error instanceof SchemaMissingError
            ? "the database does not hold this build's schema; restart to migrate"
            : 'the database is unavailable',
      });
    }
  }
}
