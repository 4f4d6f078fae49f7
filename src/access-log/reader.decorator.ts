import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';

/** Who is reading, for the access log: the key's name and the request id. */
export interface Reader {
  keyName: string;
  requestId: string;
}

/** `id` is set by the request logger (pino-http), the same id its log lines and X-Request-Id carry. */
type ReaderRequest = AuthenticatedRequest & { requestId?: string; id?: unknown };

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The request id: the client's X-Request-Id when it is sane, else a new UUID; stable for the request. */
export function readerOf(request: ReaderRequest): Reader {
  if (!request.requestId && typeof request.id === 'string') request.requestId = request.id;
  if (!request.requestId) {
    const header = request.headers['x-request-id'];
    request.requestId =
      typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  }
  return { keyName: request.apiKey?.name ?? 'unknown', requestId: request.requestId };
}

export const CurrentReader = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request =
    context.getType<GqlContextType>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ req: ReaderRequest }>().req
      : context.switchToHttp().getRequest<ReaderRequest>();
  return readerOf(request);
});
