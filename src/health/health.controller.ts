import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { LivenessDocs, ReadinessDocs } from '../openapi/operations.docs.js';
import { HealthService } from './health.service.js';

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @HealthCheck()
  @LivenessDocs()
  live(): Promise<HealthCheckResult> {
    return this.health.live();
  }

  @Get('ready')
  @HealthCheck()
  @ReadinessDocs()
  ready(): Promise<HealthCheckResult> {
    return this.health.ready();
  }
}
