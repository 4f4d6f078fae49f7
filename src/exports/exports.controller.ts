import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireViewScope } from '../auth/auth.decorators.js';
import { ConversationExportDocs, TranscriptsExportDocs } from '../openapi/exports.docs.js';
import {
  ConversationExportParams,
  ConversationExportQuery,
  TranscriptsExportQuery,
} from './dto/export.query.js';
import { ExportsService, type ExportSink } from './exports.service.js';

/** Streamed exports; the `view` query parameter decides the scope (transcripts:customer or :agent). */
@ApiTags('exports')
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('conversations/:conversationId')
  @RequireViewScope()
  @ConversationExportDocs()
  conversation(
    @Param() { conversationId }: ConversationExportParams,
    @Query() query: ConversationExportQuery,
    @CurrentReader() reader: Reader,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.exportConversation(conversationId, query, reader, sinkOf(reply));
  }

  @Get('transcripts')
  @RequireViewScope()
  @TranscriptsExportDocs()
  transcripts(
    @Query() query: TranscriptsExportQuery,
    @CurrentReader() reader: Reader,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.exports.exportTranscripts(query, reader, sinkOf(reply));
  }
}

/** The export writes to the raw response itself, with backpressure (Fastify steps aside). */
function sinkOf(reply: FastifyReply): ExportSink {
  const res = reply.raw;
  return {
    writable: res,
    start(contentType, filename, requestId) {
      reply.hijack();
      res.statusCode = 200;
      res.setHeader('Content-Type', contentType);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      );
      res.setHeader('X-Request-Id', requestId);
      res.setHeader('Cache-Control', 'no-store');
    },
    get headersSent() {
      return res.headersSent;
    },
  };
}
