import { Module } from '@nestjs/common';
import { GroupCommitService } from './group-commit.service.js';
import { IngestController } from './ingest.controller.js';
import { IngestService } from './ingest.service.js';

@Module({
  controllers: [IngestController],
  providers: [IngestService, GroupCommitService],
  exports: [IngestService],
})
export class IngestModule {}
