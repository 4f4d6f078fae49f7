import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { configureHttp, httpAdapter } from './http-setup.js';

/** How long requests in flight may take to finish after SIGTERM before their connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    httpAdapter(),
    {
      bodyParser: false,
      bufferLogs: config.logLevel !== 'silent',
      logger: config.logLevel === 'silent' ? false : undefined,
    },
  );
  const logger = app.get(Logger);
  if (config.logLevel !== 'silent') app.useLogger(logger);
  configureHttp(app, config);
  await app.listen(config.port, config.host);
  const database = config.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded PGlite in ${config.dataDir}`;
  logger.log(`Listening on http://${config.host}:${config.port} with ${database}`, 'Bootstrap');

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.warn(`${signal}: no new connections; finishing requests in flight`, 'Shutdown');
    await stopAccepting(app);
    // Every acknowledged event is committed by now; the group-commit queue drains before the pool closes.
    await app.close();
    logger.log('Stopped', 'Shutdown');
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}

/**
 * Stops listening and lets requests in flight finish (Fastify closes idle keep-alive connections at
 * once and answers 503 to a new request on a busy one); after DRAIN_TIMEOUT_MS the rest are cut.
 * Nest's own close runs the modules' destroy hooks before it closes the server, hence this first.
 */
async function stopAccepting(app: NestFastifyApplication): Promise<void> {
  const server: Server = app.getHttpServer();
  const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
  // A keep-alive connection becomes idle once its answer is sent: close it then, not at its timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await app.getHttpAdapter().getInstance().close();
  } finally {
    clearTimeout(force);
    clearInterval(sweep);
  }
}

bootstrap().catch((error: unknown) => {
  // Configuration problems are the user's to fix: say what is wrong, without a stack trace.
  const message =
    error instanceof ConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  console.error(message);
  process.exit(1);
});
