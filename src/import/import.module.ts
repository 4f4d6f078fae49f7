import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ImportService } from './import.service.js';

/** The importer on the ingest path; metrics are counted but not served (a CLI has no /metrics). */
@Module({
  imports: [IngestModule, MetricsModule.forRoot(false)],
  providers: [ImportService],
  exports: [ImportService],
})
export class ImportModule {}
