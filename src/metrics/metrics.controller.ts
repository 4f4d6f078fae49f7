import { Controller, Get, Header } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { MetricsDocs } from '../openapi/operations.docs.js';
import { MetricsService } from './metrics.service.js';

/** Registered only when METRICS_ENABLED; open like /health (the contract exempts it from auth). */
@ApiTags('operations')
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @MetricsDocs()
  render(): Promise<string> {
    return this.metrics.render();
  }
}
