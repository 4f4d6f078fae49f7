import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { AccessLogService } from '../access-log/access-log.service.js';
import type { Reader } from '../access-log/reader.decorator.js';
import { ReadException, ReadExceptionCode } from '../common/read.exception.js';
import { ConversationRepository } from '../storage/conversation.repository.js';
import { AuditRepository } from '../storage/audit.repository.js';
import { ExportRepository, type MessagePosition } from '../storage/export.repository.js';
import type { StoredMessage } from '../storage/transcript.repository.js';
import { TranscriptView } from '../transcripts/models/enums.js';
import type { ConversationExportQuery, TranscriptsExportQuery } from './dto/export.query.js';
import {
  CONTENT_TYPES,
  CSV_COLUMNS,
  headerJson,
  headerLines,
  messageRecord,
  transcriptLine,
  type ExportHeader,
} from './export-formats.js';

/** Rows per database round trip: the most an export ever holds in memory. */
const PAGE_SIZE = 500;

/** What the controller hands over: where to write, and how to set headers first. */
export interface ExportSink {
  writable: Writable;
  start(contentType: string, filename: string, requestId: string): void;
  readonly headersSent: boolean;
}

/** Streamed exports: bounded keyset pages from PostgreSQL, written with backpressure. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly exports: ExportRepository,
    private readonly audit: AuditRepository,
    private readonly accessLog: AccessLogService,
  ) {}

  async exportConversation(
    conversationId: string,
    query: ConversationExportQuery,
    reader: Reader,
    sink: ExportSink,
  ): Promise<void> {
    const view = viewOf(query.view);
    const [conversation] = await this.conversations.findByIds([conversationId], view);
    if (!conversation) {
      throw new ReadException(
        ReadExceptionCode.NOT_FOUND,
        `Unknown conversation ${conversationId}`,
      );
    }
    const participants =
      (await this.conversations.findParticipants([conversationId], view)).get(conversationId) ?? [];
    const header: ExportHeader = { conversation, participants, view, exportedAt: new Date() };
    await this.accessLog.record({
      ...reader,
      operation: 'export:conversation',
      view,
      conversationIds: [conversationId],
      details: { format: query.format },
    });
    sink.start(
      CONTENT_TYPES[query.format],
      `conversation-${conversationId}.${query.format}`,
      reader.requestId,
    );
    const messages = this.messages(conversationId, view);
    await this.guard(sink, async () => {
      switch (query.format) {
        case 'json':
          return pipeline(Readable.from(jsonDocument(header, messages)), sink.writable);
        case 'csv':
          return pipeline(Readable.from(records(conversationId, messages)), csv(), sink.writable);
        case 'txt':
          return pipeline(Readable.from(textDocument(header, messages)), sink.writable);
        case 'pdf':
          return this.writePdf(header, reader, messages, sink.writable);
      }
    });
  }

  async exportTranscripts(
    query: TranscriptsExportQuery,
    reader: Reader,
    sink: ExportSink,
  ): Promise<void> {
    const view = viewOf(query.view);
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(from < to))
      throw new ReadException(ReadExceptionCode.INVALID_ARGUMENT, 'from must be before to');
    const exported: string[] = [];
    sink.start(CONTENT_TYPES[query.format], `transcripts.${query.format}`, reader.requestId);
    const all = this.rangeMessages(from, to, view, exported);
    try {
      await this.guard(sink, () =>
        query.format === 'csv'
          ? pipeline(Readable.from(rangeRecords(all)), csv(), sink.writable)
          : pipeline(Readable.from(ndjson(all)), sink.writable),
      );
    } finally {
      // Logged when done (or cut short): the ids of every conversation that was (partly) sent.
      await this.accessLog.record({
        ...reader,
        operation: 'export:transcripts',
        view,
        conversationIds: exported,
        details: { format: query.format, from: from.toISOString(), to: to.toISOString() },
      });
    }
  }

  /** The PDF also states the audit chain as verified now (reading the conversation's events once more). */
  private async writePdf(
    header: ExportHeader,
    reader: Reader,
    messages: AsyncIterable<StoredMessage>,
    out: Writable,
  ): Promise<void> {
    const chain = await this.audit.findVerifiedChainHead(header.conversation.id);
    // Loaded on the first PDF export: pdfkit, fontkit and the layout add ~25 MB to every process otherwise.
    const { writeTranscriptPdf } = await import('./pdf/transcript-pdf.js');
    const pdfHeader = { ...header, exportedBy: reader.keyName, requestId: reader.requestId, chain };
    await writeTranscriptPdf(pdfHeader, messages, out);
  }

  /** One conversation's messages the view may see, page by page. */
  private async *messages(
    conversationId: string,
    view: TranscriptView,
  ): AsyncGenerator<StoredMessage> {
    let after: MessagePosition | null = null;
    for (;;) {
      const page = await this.exports.findMessagePage(conversationId, view, after, PAGE_SIZE);
      yield* page;
      if (page.length < PAGE_SIZE) return;
      const last = page[page.length - 1];
      after = { timestamp: last.timestamp, eventId: last.eventId, id: last.id };
    }
  }

  private async *rangeMessages(
    from: Date,
    to: Date,
    view: TranscriptView,
    exported: string[],
  ): AsyncGenerator<[string, StoredMessage]> {
    let afterId: string | null = null;
    for (;;) {
      const ids = await this.exports.findConversationIdsInRange(view, from, to, afterId, PAGE_SIZE);
      for (const id of ids) {
        exported.push(id);
        for await (const m of this.messages(id, view)) yield [id, m];
      }
      if (ids.length < PAGE_SIZE) return;
      afterId = ids[ids.length - 1];
    }
  }

  /** Once bytes are out, a failure can only cut the stream; before that it is an ordinary error. */
  private async guard(sink: ExportSink, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!sink.headersSent) throw error;
      sink.writable.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function viewOf(view: 'customer' | 'agent'): TranscriptView {
  return view === 'agent' ? TranscriptView.AGENT : TranscriptView.CUSTOMER;
}

function csv() {
  return stringify({ header: true, columns: [...CSV_COLUMNS] });
}

async function* records(conversationId: string, messages: AsyncIterable<StoredMessage>) {
  for await (const m of messages) yield messageRecord(conversationId, m);
}

async function* rangeRecords(all: AsyncIterable<[string, StoredMessage]>) {
  for await (const [id, m] of all) yield messageRecord(id, m);
}

async function* ndjson(all: AsyncIterable<[string, StoredMessage]>) {
  for await (const [id, m] of all) yield JSON.stringify(messageRecord(id, m)) + '\n';
}

async function* jsonDocument(header: ExportHeader, messages: AsyncIterable<StoredMessage>) {
  yield `{"conversation":${JSON.stringify(headerJson(header))},"messages":[`;
  let first = true;
  for await (const m of messages) {
    yield (first ? '\n' : ',\n') + JSON.stringify(messageRecord(header.conversation.id, m));
    first = false;
  }
  yield '\n]}\n';
}

async function* textDocument(header: ExportHeader, messages: AsyncIterable<StoredMessage>) {
  yield headerLines(header).join('\n') + '\n\n';
  for await (const m of messages) yield transcriptLine(m) + '\n';
}
