import { Module } from '@nestjs/common';
import { TranscriptsResolver } from './transcripts.resolver.js';
import { TranscriptsService } from './transcripts.service.js';

@Module({
  providers: [TranscriptsResolver, TranscriptsService],
  exports: [TranscriptsService],
})
export class TranscriptsModule {}
