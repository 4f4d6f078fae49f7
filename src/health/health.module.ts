import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Module({
  // Terminus' own error log would repeat every failed probe; the answer says it all.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthService, DatabaseHealthIndicator],
})
export class HealthModule {}
