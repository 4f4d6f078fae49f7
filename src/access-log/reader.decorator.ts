import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { AuthenticatedRequest } from '../auth/api-key.guard.js';

/** Who is reading, for the access log: the key's name and the request id. */
export interface Reader {
  keyName: string;
  requestId: string;
}

/**
 * The request id (src/common/request-id.ts): the one its log lines and `X-Request-Id` carry, from a
 * well-formed client header or generated.
 */
export function readerOf(request: AuthenticatedRequest): Reader {
  return { keyName: request.apiKey?.name ?? 'unknown', requestId: request.id };
}

export const CurrentReader = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const request =
    context.getType<GqlContextType>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req
      : context.switchToHttp().getRequest<AuthenticatedRequest>();
  return readerOf(request);
});
