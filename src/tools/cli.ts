import 'reflect-metadata';
import {
  Module,
  type DynamicModule,
  type INestApplicationContext,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditService } from '../audit/audit.service.js';
import { RebuildService } from '../audit/rebuild.service.js';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { StorageModule } from '../storage/storage.module.js';

@Module({})
class CliModule {
  /** Storage and the audit services (and what a command adds), without HTTP or GraphQL. */
  static forRoot(config: AppConfig, features: Type[]): DynamicModule {
    return {
      module: CliModule,
      imports: [
        {
          module: ConfigHolder,
          global: true,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
        },
        StorageModule,
        ...features,
      ],
      providers: [AuditService, RebuildService],
    };
  }
}

@Module({})
class ConfigHolder {}

/** Runs a command against the configured database (DATABASE_URL, or the embedded one) and exits. */
export async function runCli(
  command: (app: INestApplicationContext) => Promise<number>,
  features: Type[] = [],
): Promise<void> {
  let app: INestApplicationContext | undefined;
  try {
    const config = loadConfig(process.env);
    app = await NestFactory.createApplicationContext(CliModule.forRoot(config, features), {
      logger: ['error', 'warn'],
    });
    process.exitCode = await command(app);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  } finally {
    await app?.close();
  }
}

export { AuditService, RebuildService };
