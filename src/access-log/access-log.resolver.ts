import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireScopes } from '../auth/auth.decorators.js';
import { firstAsGiven } from '../common/connection.js';
import { AccessLogService } from './access-log.service.js';
import { AccessLogArgs } from './dto/access-log.args.js';
import { AccessLogConnection } from './models/access-log.model.js';

@Resolver()
export class AccessLogResolver {
  constructor(private readonly service: AccessLogService) {}

  @Query(() => AccessLogConnection, {
    description:
      'Recorded full-agent reads and exports, newest first (a Relay connection). Scope audit:read.',
  })
  @RequireScopes('audit:read')
  accessLog(
    @Args() args: AccessLogArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AccessLogConnection> {
    return this.service.list({ ...args, first: firstAsGiven(args.first, info) });
  }
}
