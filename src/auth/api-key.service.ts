import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ApiKeyRepository } from '../storage/api-key.repository.js';
import { SCOPES, type Scope } from './scopes.js';

export interface AuthenticatedKey {
  name: string;
  scopes: readonly Scope[];
}

interface LoadedKey extends AuthenticatedKey {
  hash: Buffer;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

@Injectable()
export class ApiKeyService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeyService.name);
  private keys: LoadedKey[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ApiKeyRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.syncEnvKeys(
      this.config.apiKeys.map((k) => ({
        name: k.name,
        secretHash: hashSecret(k.secret),
        scopes: k.scopes,
      })),
    );
    await this.createAdminKeyIfNone();
    await this.reload();
  }

  /**
   * Finds the key for a presented secret. The secret is hashed, then compared with every stored hash
   * in constant time (no early exit), so timing reveals neither which key matched nor how closely.
   */
  authenticate(secret: string): AuthenticatedKey | null {
    const presented = Buffer.from(hashSecret(secret), 'hex');
    let match: LoadedKey | null = null;
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.hash) && match === null) match = key;
    }
    return match ? { name: match.name, scopes: match.scopes } : null;
  }

  private async reload(): Promise<void> {
    const stored = await this.repository.findAll();
    this.keys = stored.map((k) => ({
      name: k.name,
      scopes: k.scopes,
      hash: Buffer.from(k.secretHash, 'hex'),
    }));
  }

  /** The service never runs without authentication: with no key at all, it makes one and shows it once. */
  private async createAdminKeyIfNone(): Promise<void> {
    const secret = randomBytes(24).toString('base64url');
    const created = await this.repository.createIfNoneExist({
      name: 'admin',
      secretHash: hashSecret(secret),
      scopes: [...SCOPES],
    });
    if (created) {
      this.logger.warn(
        `No API key existed, so one was created with every scope. Its secret is shown only this once:\n\n` +
          `    Authorization: Bearer ${secret}\n\nStore it now; configure your own keys with API_KEYS.`,
      );
    }
  }
}
