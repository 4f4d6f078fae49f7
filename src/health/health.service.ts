import { Injectable } from '@nestjs/common';
import { HealthRepository } from '../storage/health.repository.js';

@Injectable()
export class HealthService {
  constructor(private readonly repository: HealthRepository) {}

  /** Ready when the database answers; StorageUnavailableError becomes a 503. */
  async ready(): Promise<{ status: 'ok' }> {
    await this.repository.ping();
    return { status: 'ok' };
  }
}
