import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentReader, type Reader } from '../access-log/reader.decorator.js';
import { RequireViewScope } from '../auth/auth.decorators.js';
import {
  ConversationExportParams,
  ConversationExportQuery,
  TranscriptsExportQuery,
} from './dto/export.query.js';
import { ExportsService, type ExportSink } from './exports.service.js';

/** Streamed exports; the `view` query parameter decides the scope (transcripts:customer or :agent). */
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('conversations/:conversationId')
  @RequireViewScope()
  conversation(
    @Param() { conversationId }: ConversationExportParams,
    @Query() query: ConversationExportQuery,
    @CurrentReader() reader: Reader,
    @Res() res: Response,
  ): Promise<void> {
    return this.exports.exportConversation(conversationId, query, reader, sinkOf(res));
  }

  @Get('transcripts')
  @RequireViewScope()
  transcripts(
    @Query() query: TranscriptsExportQuery,
    @CurrentReader() reader: Reader,
    @Res() res: Response,
  ): Promise<void> {
    return this.exports.exportTranscripts(query, reader, sinkOf(res));
  }
}

function sinkOf(res: Response): ExportSink {
  return {
    writable: res,
    start(contentType, filename, requestId) {
      res.status(200);
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
