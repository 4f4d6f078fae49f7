import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseConnection, PoolStats } from './database-connection.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability, isMissingSchemaError } from './storage-errors.js';
import type { Migration } from './migrations.js';
import { DATABASE_CONNECTION, MIGRATIONS } from './storage.tokens.js';

@Injectable()
export class HealthRepository {
  /** The newest migration this build applies. */
  private readonly migration: string | null;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    @Inject(MIGRATIONS) migrations: Migration[],
  ) {
    this.migration = migrations.at(-1)?.name ?? null;
  }

  /**
   * Resolves when the database answers and still holds the schema this build migrated to (a
   * database dropped or restored under the running service fails here, not only at the next write).
   */
  async ping(): Promise<void> {
    const applied = () => this.prisma.$queryRaw<{ applied: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM "_prisma_migrations"
                     WHERE migration_name = ${this.migration} AND finished_at IS NOT NULL) AS applied`;
    const rows = await guardAvailability(applied).catch((error: unknown) => {
      throw isMissingSchemaError(error) ? new SchemaMissingError(this.migration) : error;
    });
    if (!rows[0]?.applied) throw new SchemaMissingError(this.migration);
  }

  /** Connection pool occupancy for metrics; null for the embedded database. */
  poolStats(): PoolStats | null {
    return this.connection.poolStats();
  }
}

export class SchemaMissingError extends Error {
  override name = 'SchemaMissingError';
  constructor(migration: string | null) {
    super(`The database does not hold migration ${migration}`);
  }
}
