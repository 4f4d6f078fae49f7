import type { Prisma, PrismaClient } from './generated/prisma/client.js';
import { guardAvailability } from './storage-errors.js';

/**
 * Runs one aggregate query with JIT off. The planner's row estimates for these CTE-heavy reports
 * are pessimistic, which switches JIT on; on 1M messages it spent 2 of 3.8 seconds compiling.
 */
export async function analyticsQuery<T>(prisma: PrismaClient, sql: Prisma.Sql): Promise<T[]> {
  const [, rows] = await guardAvailability(() =>
    prisma.$transaction([prisma.$executeRaw`SET LOCAL jit = off`, prisma.$queryRaw<T[]>(sql)]),
  );
  return rows;
}
