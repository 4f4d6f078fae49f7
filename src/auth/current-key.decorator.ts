import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { AuthenticatedRequest } from './api-key.guard.js';
import type { AuthenticatedKey } from './api-key.service.js';

/** The key the guard authenticated for this request. */
export const CurrentKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedKey => {
    const request =
      context.getType<GqlContextType>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req
        : context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The global guard runs first and sets it, or refuses the request.
    return request.apiKey ?? { name: 'unknown', scopes: [] };
  },
);
