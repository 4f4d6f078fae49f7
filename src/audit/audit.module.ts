import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';
import { RebuildService } from './rebuild.service.js';

@Module({
  providers: [AuditResolver, AuditService, RebuildService],
  exports: [AuditService, RebuildService],
})
export class AuditModule {}
