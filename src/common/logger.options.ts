import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { requestIdOf } from './request-id.js';

/**
 * Structured JSON logs (pino), one line per request with its id. The id comes from a well-formed
 * `X-Request-Id` header or is generated, and is echoed in the answer. Credentials are redacted.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    // nestjs-pino's default route pattern ({/*splat}) matches nothing under Nest 12's Fastify
    // adapter: every request would go unlogged and without its X-Request-Id.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
        censor: '[redacted]',
      },
      // The id Fastify gave the request (src/http-setup.ts echoes it as X-Request-Id).
      genReqId: (req: IncomingMessage) => requestIdOf(req),
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug',
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
      },
    },
  };
}
