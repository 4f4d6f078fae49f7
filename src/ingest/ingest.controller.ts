import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScopes } from '../auth/auth.decorators.js';
import { IngestBatchDocs, IngestEventDocs } from '../openapi/ingest.docs.js';
import { IngestService, type BatchResult, type IngestResult } from './ingest.service.js';

@ApiTags('ingestion')
@Controller('events')
export class IngestController {
  constructor(private readonly ingestService: IngestService) {}

  /** 201 when stored now, 200 when the same event was already stored. */
  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @IngestEventDocs()
  async ingest(
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestResult> {
    const result = await this.ingestService.ingest(body);
    if (result.status === 'duplicate') void reply.code(200);
    return result;
  }

  /** 200 with one result per item, in input order; every created item is committed. */
  @Post('batch')
  @HttpCode(200)
  @RequireScopes('events:write')
  @IngestBatchDocs()
  ingestBatch(@Body() body: unknown): Promise<BatchResult> {
    return this.ingestService.ingestBatch(body);
  }
}
