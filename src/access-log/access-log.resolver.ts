import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequireScopes } from '../auth/auth.decorators.js';
import { AccessLogService } from './access-log.service.js';
import { AccessLogArgs } from './dto/access-log.args.js';
import { AccessLogConnection } from './models/access-log.model.js';

@Resolver()
export class AccessLogResolver {
  constructor(private readonly service: AccessLogService) {}

  @Query(() => AccessLogConnection, {
    description: 'Recorded full-agent reads and exports, newest first. Read-only.',
  })
  @RequireScopes('audit:read')
  accessLog(@Args() args: AccessLogArgs): Promise<AccessLogConnection> {
    return this.service.list(args);
  }
}
