import type { Readable } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { HttpException, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestIdOf } from './common/request-id.js';
import { serveConsole } from './console/console.static.js';
import { serveApiDescription } from './openapi/openapi.document.js';
import type { AppConfig } from './config/app-config.js';

export const MAX_BATCH_BODY_BYTES = 64 * 1024 * 1024;
/** GraphQL and every other JSON body. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The HTTP platform, shared by main.ts and the test app so both behave the same. */
export function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: DEFAULT_BODY_LIMIT,
    genReqId: requestIdOf,
    // On shutdown, keep-alive connections with no request in flight close at once, and a request
    // that still arrives on a busy one is served (not answered 503): nothing is refused half-way.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
  });
}

/**
 * Body parsing, per-route limits and their errors. Must run before `app.init()`, which registers the
 * routes (the limits are applied as each route is added).
 */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const batchLimit = Math.min(config.maxEventBytes * config.maxBatchEvents, MAX_BATCH_BODY_BYTES);
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/events') route.bodyLimit = config.maxEventBytes;
    if (route.url === '/events/batch') route.bodyLimit = batchLimit;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  admitBatches(fastify, config.commitConcurrency + 1);
  fastify.addHook('onSend', drainRefusedBody);
  serveApiDescription(app);
  serveConsole(fastify, config.consoleDir);
  fastify.addHook('preParsing', inflate);
  fastify.removeAllContentTypeParsers();
  // One parser for every JSON media type; what the body must be is the route's to say (a 400 that
  // names it), so a scalar or `null` is parsed as what it is rather than refused as "not JSON".
  fastify.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json$/,
    { parseAs: 'string' },
    (_request: FastifyRequest, body: string | Buffer, done) => {
      const text = body as string;
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(badRequest(`Body is not valid JSON: ${(error as Error).message}`), undefined);
      }
    },
  );
}

/**
 * At most `limit` batch requests are read and processed at once; the others wait before their body
 * is read (TCP backpressure holds it), so memory stays bounded by `limit` batches, not by clients.
 * The group-commit queue commits no faster anyway.
 */
function admitBatches(fastify: FastifyInstance, limit: number): void {
  let active = 0;
  const waiting: (() => void)[] = [];
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url !== '/events/batch') return done();
    const start = () => {
      active++;
      reply.raw.once('close', () => {
        active--;
        waiting.shift()?.();
      });
      done();
    };
    if (active < limit) start();
    else waiting.push(start);
  });
}

/** How much of a refused body is read and discarded so that its sender gets the answer. */
const DRAIN_BYTES = 4 * MAX_BATCH_BODY_BYTES;
const DRAIN_MS = 10_000;

/**
 * A body refused before it was read (too large, a bad encoding) is still arriving when the answer
 * goes out with `Connection: close`. Closing at once resets the socket under a client that is still
 * writing, and it sees EPIPE instead of the 4xx; so the rest is read and dropped first, within a
 * bound (a lingering close, as nginx does), then the answer is sent.
 */
function drainRefusedBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: Error | null, payload?: unknown) => void,
): void {
  const raw = request.raw;
  if (reply.statusCode < 400 || raw.complete || raw.destroyed) return done(null, payload);
  let drained = 0;
  const finish = () => {
    clearTimeout(timer);
    raw.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
    done(null, payload);
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) finish();
  };
  const timer = setTimeout(finish, DRAIN_MS);
  raw.unpipe();
  raw.on('data', onData).once('end', finish).once('error', finish).once('close', finish);
  raw.resume();
}

/** gzip and deflate request bodies are inflated; the route's body limit counts the inflated bytes. */
function inflate(
  request: FastifyRequest,
  _reply: FastifyReply,
  payload: Readable,
  done: (error: Error | null, stream?: Readable) => void,
): void {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return done(null, payload);
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    return done(
      Object.assign(new Error(`Content-Encoding ${encoding} is not supported (gzip, deflate)`), {
        statusCode: 415,
      }),
    );
  }
  const inflated: (Gunzip | Inflate) & { receivedEncodedLength?: number } =
    encoding === 'gzip' ? createGunzip() : createInflate();
  // Fastify checks Content-Length against the bytes received, which are the compressed ones.
  inflated.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    inflated.receivedEncodedLength = (inflated.receivedEncodedLength ?? 0) + chunk.length;
  });
  payload.on('error', (error) => inflated.emit('error', error));
  payload.pipe(inflated);
  done(null, inflated);
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/**
 * What to answer for an error raised before a route's handler (body parsing, limits, encodings): a
 * clear 4xx. Null for any other error. Nest hands these to the exception filter too.
 */
export function requestError(
  error: unknown,
  request: FastifyRequest,
): { status: number; message: string } | null {
  // Nest wraps Fastify's own 4xx errors in an HttpException, keeping the original as its cause.
  const e = (
    error instanceof HttpException && error.cause ? error.cause : error
  ) as Partial<FastifyError>;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        message: `Body is larger than the limit of ${request.routeOptions.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        message: `Content-Type must be application/json (got ${request.headers['content-type'] ?? 'none'})`,
      };
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
      return { status: 400, message: `Body could not be inflated: ${e.message}` };
  }
  const status = e.statusCode;
  const fromFastify = typeof e.code === 'string' && e.code.startsWith('FST_');
  const ours = e instanceof Error && !('code' in e);
  if (typeof status === 'number' && status >= 400 && status < 500 && (fromFastify || ours)) {
    return { status, message: e.message ?? 'Bad request' };
  }
  return null;
}
