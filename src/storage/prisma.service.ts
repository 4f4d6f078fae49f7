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

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.connection.close();
  }
}
