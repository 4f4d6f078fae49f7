import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { DatabaseConnection } from './database-connection.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { DATABASE_CONNECTION, READ_DATABASE_CONNECTION, READ_PRISMA } from './storage.tokens.js';

/** Closes the read replica's client and pool at shutdown (nothing to do when reads use the primary). */
@Injectable()
export class ReadReplica implements OnModuleDestroy {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly primary: DatabaseConnection,
    @Inject(READ_DATABASE_CONNECTION) private readonly read: DatabaseConnection,
    @Inject(READ_PRISMA) private readonly prisma: PrismaClient,
  ) {}

  async onModuleDestroy(): Promise<void> {
    if (this.read === this.primary) return;
    await this.prisma.$disconnect();
    await this.read.close();
  }
}
