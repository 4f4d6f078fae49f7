import { Global, Module } from '@nestjs/common';
import { AccessLogResolver } from './access-log.resolver.js';
import { AccessLogService } from './access-log.service.js';

@Global()
@Module({
  providers: [AccessLogResolver, AccessLogService],
  exports: [AccessLogService],
})
export class AccessLogModule {}
