import type { Writable } from 'node:stream';
import type { VerifiedChainHead } from '../../storage/audit.repository.js';
import type { StoredMessage } from '../../storage/transcript.repository.js';
import { TranscriptView } from '../../transcripts/models/enums.js';
import { toMessageContent } from '../../transcripts/message-content.mapper.js';
import type { Attachment } from '../../transcripts/models/message-content.model.js';
import { headerLines, senderLabel, type ExportHeader } from '../export-formats.js';
import { PdfPages } from './pdf-pages.js';

/** What the PDF states beyond the other formats' header: who asked, and the audit chain. */
export interface PdfExportHeader extends ExportHeader {
  exportedBy: string;
  requestId: string;
  chain: VerifiedChainHead;
}

/** The conversation as a PDF for people: header, then each message with its attachments. */
export async function writeTranscriptPdf(
  header: PdfExportHeader,
  messages: AsyncIterable<StoredMessage>,
  out: Writable,
): Promise<void> {
  const id = header.conversation.id;
  const pdf = await PdfPages.open(
    out,
    `Conversation ${id}`,
    (page) => `Page ${page} · Request ${header.requestId} · Conversation ${id}`,
  );
  pdf.text('Conversation transcript', { size: 15, font: 'latin-bold' });
  for (const line of [...headerLines(header), ...pdfHeaderLines(header)]) {
    pdf.text(line, { size: 9, before: 1 });
  }
  for await (const m of messages) {
    const whisper = m.visibility === 'AGENTS_ONLY';
    const color = whisper ? '#7a1fa2' : 'black';
    const mark = whisper ? ' · WHISPER (agents only)' : '';
    pdf.text(`${m.timestamp.toISOString()} · ${senderLabel(m.sender)}${mark}`, {
      size: 8,
      color: '#555555',
      before: 8,
    });
    pdf.text(m.erased ? `<${m.bodyType}, erased>` : (m.text ?? `<${m.bodyType}>`), {
      size: 10.5,
      font: whisper ? 'latin-italic' : 'latin',
      color,
      indent: 12,
    });
    for (const a of attachmentsOf(m)) {
      pdf.text(attachmentLine(a), { size: 8.5, color, indent: 12 });
    }
    await pdf.drain();
  }
  await pdf.end();
}

/**
 * Who exported, under which request, and the conversation's audit chain as verified now. The chain
 * covers every event, agent-only ones too: a customer view states the head and the verdict only,
 * never an event id or count (they would tell of whispers).
 */
export function pdfHeaderLines(h: PdfExportHeader): string[] {
  const { chain } = h;
  const v = chain.verification;
  const full = h.view === TranscriptView.AGENT;
  const verified = v.ok
    ? `intact${full ? ` (${v.checkedEvents} events recomputed)` : ''}`
    : `BROKEN${full ? ` (first broken event: ${v.firstBrokenEventId ?? 'the chain head'})` : ''}`;
  const detail = full
    ? ` (${chain.events} events, last ${chain.headEventId ?? 'none'})`
    : ' (covers every stored event of the conversation)';
  return [
    `Exported by: ${h.exportedBy} (API key)`,
    `Request id: ${h.requestId}`,
    chain.head === null
      ? 'Audit chain head: none (no audit chain for this conversation)'
      : `Audit chain head: ${chain.head}${detail}`,
    `Audit verification: ${verified}`,
  ];
}

function attachmentsOf(m: StoredMessage): Attachment[] {
  const content = toMessageContent(m.bodyType, m.body);
  return [
    ...(content.attachment ? [content.attachment] : []),
    ...(content.email?.attachments ?? []),
  ];
}

/** File name, type, size and URL, as far as the channel gave them. */
export function attachmentLine(a: Attachment): string {
  const size = a.size === null ? 'size unknown' : `${a.size} bytes`;
  return `Attachment: ${a.name ?? '(no name)'} · ${a.mimeType ?? 'type unknown'} · ${size} · ${a.mediaUrl ?? 'no URL'}`;
}
