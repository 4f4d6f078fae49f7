import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuditModule } from './audit/audit.module.js';
import { AccessLogModule } from './access-log/access-log.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CollaborationModule } from './collaboration/collaboration.module.js';
import { graphqlLimitsPlugin } from './common/graphql-limits.plugin.js';
import { describeRootTypes } from './common/root-types.js';
import { ConsoleModule } from './console/console.module.js';
import { ConversationsModule } from './conversations/conversations.module.js';
import { ErasureModule } from './erasure/erasure.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.tokens.js';
import { httpStatusPlugin } from './common/http-status.plugin.js';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from './common/logger.options.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { StorageModule } from './storage/storage.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { TranscriptsModule } from './transcripts/transcripts.module.js';

@Module({})
export class AppModule {
  /** The whole application for a validated configuration (main.ts and the tests both come through here). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        {
          module: ConfigHolder,
          global: true,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
        },
        LoggerModule.forRoot(loggerOptions(config)),
        StorageModule,
        MetricsModule.forRoot(config.metricsEnabled),
        AuthModule,
        HealthModule,
        IngestModule,
        TranscriptsModule,
        AuditModule,
        ErasureModule,
        TimelineModule,
        AccessLogModule,
        ConversationsModule,
        CollaborationModule,
        ReportsModule,
        ExportsModule,
        ConsoleModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          transformSchema: describeRootTypes,
          graphiql: false,
          introspection: config.graphqlIntrospection,
          includeStacktraceInErrorResponses: false,
          // No cache hints are used: without this, Apollo wraps every field resolver to collect them.
          plugins: [
            httpStatusPlugin,
            graphqlLimitsPlugin(config),
            ApolloServerPluginCacheControlDisabled(),
          ],
          // Nest would reset every execution error to HTTP 200; the contract wants 401 (and 503) kept.
          preserveHttpStatusForExecutionErrors: false,
        }),
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
          }),
        },
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
