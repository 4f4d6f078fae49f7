import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { EPOCH_MS_RULE, ID_RULE } from '../domain/limits.js';
import { IngestException } from '../ingest/ingest.exception.js';
import { BatchAnswer, IngestAnswer } from './answer-schemas.js';
import { errorAnswer, errorExample, keyAnswers, unavailableAnswer } from './common-answers.js';

const EVENT_ID = 'd86ba3a8-57fb-4512-871d-0c7ed0172f13';

/** A CIM event as the service reads it: the validated fields; every other field is kept as received. */
const CIM_EVENT = {
  type: 'object',
  description:
    'A CIM event. Only the fields below are validated; every other field is kept exactly as received.',
  required: ['id', 'name', 'conversationId', 'timestamp'],
  additionalProperties: true,
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'The event id: the idempotency key.',
    },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description:
        'CUSTOMER_MESSAGE, AGENT_MESSAGE, BOT_MESSAGE and WHISPER_MESSAGE, ...; unknown names are accepted. It decides visibility: only the first three are customer-visible.',
    },
    conversationId: { type: 'string', minLength: 1, maxLength: 200 },
    timestamp: {
      type: 'integer',
      minimum: 0,
      maximum: 253402300799999,
      description: 'Event time, epoch milliseconds.',
    },
    data: {
      type: 'object',
      additionalProperties: true,
      description:
        'When it has id, header and body it is a CIM message: data.id, data.header.sender { id, type } and data.body.type are then validated.',
    },
  },
};

/** The socket wrapper some publishers send instead of the bare event. */
const SOCKET_WRAPPER = {
  type: 'object',
  required: ['cimEvent'],
  additionalProperties: true,
  properties: {
    cimEvent: {
      description: 'The event, as an object or as a JSON string of it.',
      oneOf: [CIM_EVENT, { type: 'string' }],
    },
  },
};

const WHISPER = {
  id: EVENT_ID,
  name: 'WHISPER_MESSAGE',
  conversationId: '694135361fde7e4212be1824',
  timestamp: 1765881870120,
  data: {
    id: '7c1e5e9a-2b43-4d6f-9a1e-3f0c2d4b5a69',
    header: {
      sender: { id: '3c24d80a-4571-4df1-acdf-2be68a32ed85', type: 'AGENT', senderName: 'raza' },
      additionalData: { isEncoded: false },
    },
    body: { type: 'PLAIN', markdownText: 'hello' },
  },
};

/** The agent's answer to the customer, one second later. */
const REPLY = {
  ...WHISPER,
  id: '2f9d7c4e-8a1b-4c3d-9e5f-6a7b8c9d0e1f',
  name: 'AGENT_MESSAGE',
  timestamp: WHISPER.timestamp + 1000,
  data: {
    ...WHISPER.data,
    id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    body: { type: 'PLAIN', markdownText: 'Your order left the warehouse this morning.' },
  },
};

/** The problems of a message event whose sender id is a number and whose body has no type. */
const INVALID_MESSAGE_PROBLEMS = [
  `data.header.sender.id ${ID_RULE}`,
  'data.body.type must be a non-empty string',
];
/** The problems of `{ "id": 1 }`. */
const NOT_AN_EVENT_PROBLEMS = [
  `id ${ID_RULE}`,
  `name ${ID_RULE}`,
  `conversationId ${ID_RULE}`,
  `timestamp ${EPOCH_MS_RULE}`,
];

/** A 400 for a refused event, as IngestException words it. */
function refused(summary: string, problems: string[]) {
  return errorExample(summary, 400, IngestException.invalid(problems).message, problems);
}

/** POST /events: every answer the contract names, each with an example. */
export function IngestEventDocs() {
  return applyDecorators(
    ApiOperation({
      summary: 'Ingest one CIM event',
      description:
        'Stores the event durably and idempotently: a 2xx answer means it is committed. The body is one CIM event or the socket wrapper { "cimEvent": <event or JSON string> }. Scope events:write.',
    }),
    ApiBody({
      description: 'One CIM event, or the socket wrapper.',
      schema: { oneOf: [CIM_EVENT, SOCKET_WRAPPER] },
      examples: {
        event: { summary: 'A bare event (a whisper)', value: WHISPER },
        wrapper: { summary: 'The socket wrapper', value: { cimEvent: WHISPER } },
      },
    }),
    ApiResponse({
      status: 201,
      description: 'Stored for the first time, committed.',
      type: IngestAnswer,
      example: { eventId: EVENT_ID, status: 'created' },
    }),
    ApiResponse({
      status: 200,
      description:
        'The same id was already stored with the same content (key order does not matter). Nothing new is stored.',
      type: IngestAnswer,
      example: { eventId: EVENT_ID, status: 'duplicate' },
    }),
    errorAnswer(
      400,
      'Not valid JSON, not a JSON object, or a validated field is missing or wrong.',
      {
        invalidJson: errorExample(
          'The body is not JSON',
          400,
          'Body is not valid JSON: Unexpected end of JSON input',
        ),
        invalidFields: refused('Validated fields are wrong', INVALID_MESSAGE_PROBLEMS),
        notAnObject: refused('The body is null, a string or a number', [
          'the body must be a JSON object: one CIM event, or the socket wrapper { "cimEvent": ... }',
        ]),
      },
    ),
    keyAnswers('events:write'),
    errorAnswer(409, 'The same id was already stored with different content; nothing changes.', {
      conflict: errorExample(
        'Same id, other content',
        409,
        IngestException.conflict(EVENT_ID).message,
      ),
    }),
    errorAnswer(413, 'The body is larger than MAX_EVENT_BYTES.', {
      tooLarge: errorExample(
        'Over the default limit',
        413,
        'Body is larger than the limit of 1048576 bytes',
      ),
    }),
    errorAnswer(415, 'The Content-Type is not JSON.', {
      notJson: errorExample(
        'Sent as text/plain',
        415,
        'Content-Type must be application/json (got text/plain)',
      ),
    }),
    unavailableAnswer('nothing was stored'),
  );
}

/** POST /events/batch. */
export function IngestBatchDocs() {
  return applyDecorators(
    ApiOperation({
      summary: 'Ingest a batch of CIM events',
      description:
        'A JSON array of events (each bare or wrapped), at most MAX_BATCH_EVENTS. Each item is judged on its own; every created item is committed before the answer. Scope events:write.',
    }),
    ApiBody({
      description: 'An array of CIM events or socket wrappers.',
      schema: { type: 'array', minItems: 1, items: { oneOf: [CIM_EVENT, SOCKET_WRAPPER] } },
      examples: {
        batch: { summary: 'An event and something that is not one', value: [REPLY, { id: 1 }] },
      },
    }),
    ApiResponse({
      status: 200,
      description: 'One result per item, in input order.',
      type: BatchAnswer,
      example: {
        results: [
          { index: 0, eventId: REPLY.id, status: 'created', error: null },
          {
            index: 1,
            eventId: null,
            status: 'invalid',
            error: NOT_AN_EVENT_PROBLEMS.join('; '),
          },
        ],
      },
    }),
    errorAnswer(400, 'Not valid JSON, not an array, an empty array, or too many items.', {
      empty: refused('An empty array', ['the batch must not be empty']),
      notArray: refused('Not an array', ['the body must be a JSON array']),
    }),
    keyAnswers('events:write'),
    errorAnswer(413, 'The body is larger than min(MAX_EVENT_BYTES × MAX_BATCH_EVENTS, 64 MiB).', {
      tooLarge: errorExample(
        'Over the default limit',
        413,
        'Body is larger than the limit of 67108864 bytes',
      ),
    }),
    errorAnswer(415, 'The Content-Type is not JSON.', {
      notJson: errorExample(
        'Sent as text/plain',
        415,
        'Content-Type must be application/json (got text/plain)',
      ),
    }),
    unavailableAnswer('items committed before it stay committed (a retry reports them duplicate)'),
  );
}
