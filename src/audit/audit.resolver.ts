import { Args, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSON } from '../common/json.scalar.js';
import { RequireScopes } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';
import { OriginalEventArgs, VerifyAuditLogArgs } from './dto/audit.args.js';
import { AuditVerification } from './models/audit-verification.model.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => GraphQLJSON, {
    nullable: true,
    description:
      'The event exactly as received (equal JSON), or null when unknown. Scope audit:read.',
  })
  @RequireScopes('audit:read')
  originalEvent(@Args() { id }: OriginalEventArgs): Promise<unknown> {
    return this.audit.originalEvent(id);
  }

  @Query(() => AuditVerification, {
    description:
      "Recomputes the conversation's hash chain over its stored events. Scope audit:read.",
  })
  @RequireScopes('audit:read')
  verifyAuditLog(@Args() { conversationId }: VerifyAuditLogArgs): Promise<AuditVerification> {
    return this.audit.verify(conversationId);
  }
}
