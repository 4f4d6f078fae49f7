import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

type WithId = IncomingMessage & { id?: string };

/**
 * The request's id: a well-formed `X-Request-Id` from the client, or a new UUID. Fastify asks once per
 * request; it is kept on the raw request too, so the request logger (pino-http) and the access log
 * use the same id that is echoed in the `X-Request-Id` answer header.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const req = raw as WithId;
  if (req.id === undefined) {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  }
  return req.id;
}
