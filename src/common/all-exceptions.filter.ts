import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { mapError, RETRY_AFTER_SECONDS } from './error-mapping.js';

/** Turns exceptions into HTTP error bodies or GraphQL errors; never leaks an unexpected error's text. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): GraphQLError | void {
    const mapped = mapError(error);
    if (mapped.internal)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (error instanceof GraphQLError) return error;
    if (host.getType<GqlContextType>() === 'graphql') {
      // The HTTP status of a GraphQL answer is set by httpStatusPlugin from these codes.
      return new GraphQLError(mapped.message, { extensions: { code: mapped.code } });
    }
    const response = host.switchToHttp().getResponse<Response>();
    sendError(response, mapped.status, mapped.message, mapped.problems);
  }
}

export function sendError(
  response: Response,
  status: number,
  message: string,
  problems?: string[],
): void {
  if (status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  response.status(status).json({ statusCode: status, message, ...(problems ? { problems } : {}) });
}
