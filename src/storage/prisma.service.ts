import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import type { DatabaseConnection } from './database-connection.js';
import { PrismaClient } from './generated/prisma/client.js';

/** The Prisma client over whichever driver adapter the connection provides. Only src/storage uses it. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {
    super({ adapter: connection.adapter });
  }

  private closing?: Promise<void>;

  /** Once only: Nest calls this for PrismaService and again for READ_PRISMA when reads use the primary. */
  onModuleDestroy(): Promise<void> {
    this.closing ??= this.$disconnect().then(() => this.connection.close());
    return this.closing;
  }
}
