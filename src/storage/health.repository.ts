import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseConnection, PoolStats } from './database-connection.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';

@Injectable()
export class HealthRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
  ) {}

  async ping(): Promise<void> {
    await guardAvailability(() => this.prisma.$queryRawUnsafe('SELECT 1'));
  }

  /** Connection pool occupancy for metrics; null for the embedded database. */
  poolStats(): PoolStats | null {
    return this.connection.poolStats();
  }
}
