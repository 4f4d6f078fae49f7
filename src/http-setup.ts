import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { sendError } from './common/all-exceptions.filter.js';
import type { AppConfig } from './config/app-config.js';

export const MAX_BATCH_BODY_BYTES = 64 * 1024 * 1024;

/** Body parsing and its errors, shared by main.ts and the test app so both behave the same. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const instance = app.getHttpAdapter().getInstance() as express.Express;
  instance.disable('x-powered-by');
  // Answers are per request (GraphQL, ingest results): hashing each body for an ETag is wasted work.
  instance.disable('etag');
  // Registered first: express.json skips a body that is already parsed, so /events' limit does not apply.
  const batchLimit = Math.min(config.maxEventBytes * config.maxBatchEvents, MAX_BATCH_BODY_BYTES);
  app.use(
    '/events/batch',
    admit(config.commitConcurrency + 1),
    requireJson,
    express.json({ limit: batchLimit, type: isJson }),
  );
  app.use('/events', requireJson, express.json({ limit: config.maxEventBytes, type: isJson }));
  app.use(express.json({ limit: '1mb', type: isJson }));
  app.use(bodyErrors);
}

/**
 * At most `limit` batch requests are read and processed at once; the others wait before their body
 * is read (TCP backpressure holds it), so memory stays bounded by `limit` batches, not by clients.
 * The group-commit queue commits no faster anyway.
 */
function admit(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return (_req: Request, res: Response, next: NextFunction): void => {
    const start = () => {
      active++;
      res.once('close', () => {
        active--;
        waiting.shift()?.();
      });
      next();
    };
    if (active < limit) start();
    else waiting.push(start);
  };
}

function isJson(req: { headers: { 'content-type'?: string } }): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'POST' && !isJson(req)) {
    sendError(
      res,
      415,
      `Content-Type must be application/json (got ${req.headers['content-type'] ?? 'none'})`,
    );
    return;
  }
  next();
}

/** body-parser failures carry a `type`; answer them as clear 4xx instead of Express's HTML page. */
function bodyErrors(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = error as { type?: string; status?: number; message?: string; limit?: number };
  switch (e.type) {
    case 'entity.too.large':
      return sendError(res, 413, `Body is larger than the limit of ${e.limit} bytes`);
    case 'entity.parse.failed':
      return sendError(res, 400, `Body is not valid JSON: ${e.message}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return sendError(res, 415, e.message ?? 'Unsupported encoding');
    default:
      if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
        return sendError(res, e.status, e.message ?? 'Bad request');
      }
      next(error);
  }
}
