import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';

/** Every table derived from the audit log (and so rebuildable from it). */
export const NORMALISED_TABLES = [
  'conversations',
  'channels',
  'customers',
  'channel_sessions',
  'participants',
  'messages',
  'message_statuses',
  'activities',
] as const;

@Injectable()
export class NormalisedTablesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async truncateAll(): Promise<void> {
    await guardAvailability(() =>
      this.prisma.$executeRawUnsafe(`TRUNCATE ${NORMALISED_TABLES.join(', ')}`),
    );
  }
}
