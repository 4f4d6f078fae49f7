import { Module } from '@nestjs/common';
import { TranscriptsModule } from '../transcripts/transcripts.module.js';
import { TimelineResolver } from './timeline.resolver.js';
import { TimelineService } from './timeline.service.js';

@Module({
  imports: [TranscriptsModule],
  providers: [TimelineResolver, TimelineService],
})
export class TimelineModule {}
