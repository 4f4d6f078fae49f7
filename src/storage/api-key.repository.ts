import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isScope, type Scope } from '../auth/scopes.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';

export type ApiKeySource = 'env' | 'generated';

export interface StoredApiKey {
  name: string;
  secretHash: string;
  scopes: Scope[];
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findAll(): Promise<StoredApiKey[]> {
    const rows = await guardAvailability(() =>
      this.prisma.apiKey.findMany({ orderBy: { name: 'asc' } }),
    );
    return rows.map((r) => ({
      name: r.name,
      secretHash: r.secretHash,
      scopes: r.scopes.filter(isScope),
    }));
  }

  /**
   * Makes the stored env keys exactly those of API_KEYS: a key removed from the environment stops
   * working at the next boot. Generated keys are left alone.
   */
  async syncEnvKeys(keys: StoredApiKey[]): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.apiKey.deleteMany({
        where: {
          OR: [
            { source: 'env', name: { notIn: keys.map((k) => k.name) } },
            // A secret re-used under another name must not collide on the unique hash.
            ...keys.map((k) => ({ secretHash: k.secretHash, NOT: { name: k.name } })),
          ],
        },
      });
      for (const key of keys) {
        await tx.apiKey.upsert({
          where: { name: key.name },
          create: { id: randomUUID(), source: 'env', ...key },
          update: { secretHash: key.secretHash, scopes: key.scopes, source: 'env' },
        });
      }
    });
  }

  /** Inserts the key only if no key exists at all; false when one does (another instance won the race). */
  async createIfNoneExist(key: StoredApiKey): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO api_keys (id, name, secret_hash, scopes, source)
      SELECT ${randomUUID()}, ${key.name}, ${key.secretHash}, ${key.scopes}::text[], 'generated'
      WHERE NOT EXISTS (SELECT 1 FROM api_keys)
      ON CONFLICT DO NOTHING`;
    return inserted > 0;
  }
}
