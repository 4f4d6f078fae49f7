import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { TranscriptView } from '../storage/transcript-view.js';
import { PUBLIC_KEY, SCOPES_KEY, VIEW_SCOPE_KEY } from './auth.decorators.js';
import { AuthException, AuthExceptionCode } from './auth.exception.js';
import { ApiKeyService, type AuthenticatedKey } from './api-key.service.js';
import { grants, type Scope } from './scopes.js';

export type AuthenticatedRequest = FastifyRequest & { apiKey?: AuthenticatedKey };

/** Global guard: every route and resolver needs a valid key unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const isGraphql = context.getType<GqlContextType>() === 'graphql';
    const gql = isGraphql ? GqlExecutionContext.create(context) : null;
    const request: AuthenticatedRequest = gql
      ? gql.getContext<{ req: AuthenticatedRequest }>().req
      : context.switchToHttp().getRequest<AuthenticatedRequest>();

    const key = request.apiKey ?? this.authenticate(request);
    request.apiKey = key;

    const required = [...(this.reflector.getAllAndOverride<Scope[]>(SCOPES_KEY, targets) ?? [])];
    if (this.reflector.getAllAndOverride<boolean>(VIEW_SCOPE_KEY, targets)) {
      // GraphQL: the `view` argument; HTTP (exports): the `view` query parameter, agent|customer.
      const view = gql
        ? gql.getArgs<{ view?: TranscriptView }>().view
        : viewParameter(request.query);
      required.push(view === TranscriptView.AGENT ? 'transcripts:agent' : 'transcripts:customer');
    }
    const missing = required.filter((scope) => !grants(key.scopes, scope));
    if (missing.length > 0) {
      throw new AuthException(
        AuthExceptionCode.FORBIDDEN,
        `This API key lacks the scope ${missing.join(', ')}`,
      );
    }
    return true;
  }

  private authenticate(request: FastifyRequest): AuthenticatedKey {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) {
      throw new AuthException(
        AuthExceptionCode.UNAUTHENTICATED,
        'Missing API key: send Authorization: Bearer <secret>',
      );
    }
    const key = this.keys.authenticate(match[1]);
    if (!key) throw new AuthException(AuthExceptionCode.UNAUTHENTICATED, 'Unknown API key');
    return key;
  }
}

function viewParameter(query: unknown): string | undefined {
  const view = (query as { view?: unknown } | undefined)?.view;
  return typeof view === 'string' ? view.toUpperCase() : undefined;
}
