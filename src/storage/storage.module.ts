import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { AccessLogRepository } from './access-log.repository.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { AuditRepository } from './audit.repository.js';
import { NormalisedTablesRepository } from './normalised-tables.repository.js';
import { TimelineRepository } from './timeline.repository.js';
import { CollaborationRepository } from './collaboration.repository.js';
import { ConversationRepository } from './conversation.repository.js';
import { ExportRepository } from './export.repository.js';
import { ReportRepository } from './report.repository.js';
import { openDatabase, openPostgres, type DatabaseConnection } from './database-connection.js';
import { EventReader } from './event-reader.js';
import { EventStoreRepository } from './event-store.repository.js';
import { ErasureRepository } from './erasure.repository.js';
import { HealthRepository } from './health.repository.js';
import { applyMigrations, readMigrations, type Migration } from './migrations.js';
import { PrismaService } from './prisma.service.js';
import { PrismaClient } from './generated/prisma/client.js';
import { ReadReplica } from './read-replica.js';
import {
  DATABASE_CONNECTION,
  READ_DATABASE_CONNECTION,
  READ_PRISMA,
  MIGRATIONS,
} from './storage.tokens.js';
import { TranscriptRepository } from './transcript.repository.js';

/** Opens the database and applies pending migrations before anything else can use it. */
async function connect(config: AppConfig, migrations: Migration[]): Promise<DatabaseConnection> {
  const connection = openDatabase(config);
  try {
    await connection.withSession((session) => applyMigrations(session, migrations));
    return connection;
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Every repository: the only classes outside src/storage that may reach the database. */
const REPOSITORIES = [
  EventStoreRepository,
  ErasureRepository,
  TranscriptRepository,
  ApiKeyRepository,
  HealthRepository,
  AuditRepository,
  NormalisedTablesRepository,
  TimelineRepository,
  ConversationRepository,
  AccessLogRepository,
  CollaborationRepository,
  ReportRepository,
  ExportRepository,
];

/**
 * Reads (transcripts, browsing, collaboration, reports, exports, timelines) go to READ_DATABASE_URL
 * when it is set: a read replica. Writes, the access log, API keys and the audit log stay on the
 * primary. Without a replica both names are the primary's connection and client.
 */
const READ_SIDE = [
  {
    provide: READ_DATABASE_CONNECTION,
    inject: [APP_CONFIG, DATABASE_CONNECTION],
    useFactory: (config: AppConfig, primary: DatabaseConnection): DatabaseConnection =>
      config.readDatabaseUrl
        ? openPostgres(config.readDatabaseUrl, config.databasePoolSize)
        : primary,
  },
  {
    provide: READ_PRISMA,
    inject: [READ_DATABASE_CONNECTION, DATABASE_CONNECTION, PrismaService],
    useFactory: (read: DatabaseConnection, primary: DatabaseConnection, prisma: PrismaService) =>
      read === primary ? prisma : new PrismaClient({ adapter: read.adapter }),
  },
  ReadReplica,
];

@Global()
@Module({
  providers: [
    {
      provide: MIGRATIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => readMigrations(config.migrationsDir),
    },
    { provide: DATABASE_CONNECTION, inject: [APP_CONFIG, MIGRATIONS], useFactory: connect },
    PrismaService,
    ...READ_SIDE,
    EventReader,
    ...REPOSITORIES,
  ],
  exports: REPOSITORIES,
})
export class StorageModule {}
