import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { errorAnswer, errorExample, keyAnswers, unavailableAnswer } from './common-answers.js';

const CONVERSATION_ID = '694135361fde7e4212be1824';
const CSV_HEADER =
  'conversationId,messageId,eventId,timestamp,eventName,senderId,senderName,senderType,type,visibility,text';
const RECORD = {
  conversationId: CONVERSATION_ID,
  messageId: '8a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
  eventId: '0f6a1c2e-6b7e-4f51-9c1a-2d3e4f5a6b7c',
  timestamp: '2025-12-16T10:43:10.120Z',
  eventName: 'CUSTOMER_MESSAGE',
  senderId: '694130729b2330ed2d0a3ea0',
  senderName: 'Jane Doe',
  senderType: 'CUSTOMER',
  type: 'PLAIN',
  visibility: 'CUSTOMER_VISIBLE',
  text: 'Hi, I need help with my order',
};
const CSV_LINE = Object.values(RECORD)
  .map((v) => (v.includes(',') ? `"${v}"` : v))
  .join(',');

const RECORD_SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    Object.keys(RECORD).map((k) => [
      k,
      { type: 'string', nullable: k === 'senderName' || k === 'text' },
    ]),
  ),
};
const TEXT = { type: 'string' };
const BINARY = { type: 'string', format: 'binary' };

const VIEW = ApiQuery({
  name: 'view',
  enum: ['customer', 'agent'],
  description:
    'customer: only what the customer saw (scope transcripts:customer). agent: everything, whispers marked (scope transcripts:agent).',
});
const HEADERS = {
  'Content-Disposition': {
    description: 'attachment, with the file name.',
    schema: { type: 'string' },
  },
  'X-Request-Id': {
    description: 'The request id, also recorded in the access log.',
    schema: { type: 'string' },
  },
};

/** GET /exports/conversations/{conversationId}. */
export function ConversationExportDocs() {
  return applyDecorators(
    ApiOperation({
      summary: 'Export one conversation',
      description:
        'Streamed. Recorded in the access log. Scope transcripts:customer or transcripts:agent, as the view.',
    }),
    ApiParam({
      name: 'conversationId',
      description: 'The conversation.',
      example: CONVERSATION_ID,
    }),
    VIEW,
    ApiQuery({
      name: 'format',
      enum: ['json', 'csv', 'txt', 'pdf'],
      description: 'The file format.',
    }),
    ApiResponse({
      status: 200,
      description: 'The transcript as a file, in the format asked.',
      headers: HEADERS,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: {
              conversation: { type: 'object', description: 'The conversation header.' },
              messages: { type: 'array', items: RECORD_SCHEMA },
            },
          },
          example: {
            conversation: {
              id: CONVERSATION_ID,
              view: 'CUSTOMER',
              firstEventAt: '2025-12-16T10:43:05.000Z',
              lastEventAt: '2025-12-16T10:44:05.210Z',
              channel: { id: '6932b17e3f19753775b74490', name: 'Web', channelType: 'WEB' },
              customer: { id: '694130729b2330ed2d0a3ea0', type: 'CUSTOMER', name: 'Jane Doe' },
              participants: [
                { id: '694130729b2330ed2d0a3ea0', type: 'CUSTOMER', name: 'Jane Doe' },
              ],
              exportedAt: '2026-01-05T09:00:00.000Z',
            },
            messages: [RECORD],
          },
        },
        'text/csv': { schema: TEXT, example: `${CSV_HEADER}\n${CSV_LINE}\n` },
        'text/plain': {
          schema: TEXT,
          example: `Conversation: ${CONVERSATION_ID}\n...\n\n[2025-12-16T10:43:10.120Z] Jane Doe (CUSTOMER): Hi, I need help with my order\n`,
        },
        'application/pdf': { schema: BINARY },
      },
    }),
    errorAnswer(400, 'A query parameter is missing or not one of its values.', {
      format: errorExample(
        'Unknown format',
        400,
        'format must be one of the following values: json, csv, txt, pdf',
      ),
    }),
    keyAnswers('transcripts:customer'),
    errorAnswer(404, 'The conversation is unknown.', {
      unknown: errorExample('Unknown conversation', 404, `Unknown conversation ${CONVERSATION_ID}`),
    }),
    unavailableAnswer('nothing was read'),
  );
}

/** GET /exports/transcripts. */
export function TranscriptsExportDocs() {
  return applyDecorators(
    ApiOperation({
      summary: 'Export every conversation with activity in a time range',
      description:
        'Every message of every conversation with activity in [from, to), conversation by conversation, in transcript order. Streamed. Recorded in the access log. Scope as the view.',
    }),
    ApiQuery({
      name: 'from',
      description: 'Start of the range, ISO-8601, inclusive.',
      schema: { type: 'string', format: 'date-time', example: '2025-12-01T00:00:00Z' },
    }),
    ApiQuery({
      name: 'to',
      description: 'End of the range, ISO-8601, exclusive; after from.',
      schema: { type: 'string', format: 'date-time', example: '2026-01-01T00:00:00Z' },
    }),
    VIEW,
    ApiQuery({ name: 'format', enum: ['ndjson', 'csv'], description: 'The file format.' }),
    ApiResponse({
      status: 200,
      description: 'One record per message.',
      headers: HEADERS,
      content: {
        'application/x-ndjson': { schema: TEXT, example: `${JSON.stringify(RECORD)}\n` },
        'text/csv': { schema: TEXT, example: `${CSV_HEADER}\n${CSV_LINE}\n` },
      },
    }),
    errorAnswer(400, 'A query parameter is missing or wrong, or from is not before to.', {
      format: errorExample(
        'Unknown format',
        400,
        'format must be one of the following values: ndjson, csv',
      ),
      range: errorExample('An empty range', 400, 'from must be before to'),
    }),
    keyAnswers('transcripts:customer'),
    unavailableAnswer('nothing was read'),
  );
}
