import { Module } from '@nestjs/common';
import { ErasureResolver } from './erasure.resolver.js';
import { ErasureService } from './erasure.service.js';
import { RetentionService } from './retention.service.js';

/** Erasure, legal hold, the erasure ledger and retention (the storage side: ErasureRepository). */
@Module({
  providers: [ErasureResolver, ErasureService, RetentionService],
  exports: [RetentionService],
})
export class ErasureModule {}
