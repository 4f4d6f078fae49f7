import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { requestError } from '../http-setup.js';
import { mapError, RETRY_AFTER_SECONDS } from './error-mapping.js';

/** Turns exceptions into HTTP error bodies or GraphQL errors; never leaks an unexpected error's text. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): GraphQLError | void {
    if (host.getType<GqlContextType>() !== 'graphql') {
      const http = host.switchToHttp();
      const early = requestError(error, http.getRequest<FastifyRequest>());
      if (early) return sendError(http.getResponse<FastifyReply>(), early.status, early.message);
    }
    const mapped = mapError(error);
    if (mapped.internal)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (error instanceof GraphQLError) return error;
    if (host.getType<GqlContextType>() === 'graphql') {
      // The HTTP status of a GraphQL answer is set by httpStatusPlugin from these codes.
      return new GraphQLError(mapped.message, { extensions: { code: mapped.code } });
    }
    sendError(
      host.switchToHttp().getResponse<FastifyReply>(),
      mapped.status,
      mapped.message,
      mapped.problems,
    );
  }
}

/**
 * The error body every route answers with. A streamed export takes over the raw response
 * (`reply.hijack()`): before its first byte an error is still answered there; after it, the stream
 * is cut, the only signal left to the client.
 */
export function sendError(
  reply: FastifyReply,
  status: number,
  message: string,
  problems?: string[],
): void {
  const body = JSON.stringify({ statusCode: status, message, ...(problems ? { problems } : {}) });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  if (!reply.sent) {
    void reply.code(status).headers(headers).send(body);
    return;
  }
  const raw = reply.raw;
  if (raw.headersSent) {
    raw.destroy();
    return;
  }
  raw.writeHead(status, headers).end(body);
}
