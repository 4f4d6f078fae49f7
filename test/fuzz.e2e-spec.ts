import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadFixture } from './utils/fixtures.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

const ALLOWED = [200, 201, 400, 409, 413];

/** Any JSON, including strings with NUL, lone surrogates and odd keys. */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const wildString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant('\u0000'));
const wildValue = fc.oneof(anyJson, wildString, fc.integer(), fc.double(), fc.constant(null));

/** A real event with one field (at any of these paths) replaced or removed. */
const PATHS = [
  ['id'],
  ['name'],
  ['conversationId'],
  ['timestamp'],
  ['data'],
  ['data', 'id'],
  ['data', 'header'],
  ['data', 'header', 'sender'],
  ['data', 'header', 'sender', 'id'],
  ['data', 'header', 'sender', 'type'],
  ['data', 'header', 'additionalData', 'isEncoded'],
  ['data', 'body'],
  ['data', 'body', 'type'],
  ['data', 'body', 'markdownText'],
  ['channelSession'],
];
const FIXTURES = [
  'CUSTOMER_MESSAGE',
  'WHISPER_MESSAGE',
  'AGENT_MESSAGE',
  'CHANNEL_SESSION_STARTED',
];

const mutatedEvent = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    changes: fc.array(
      fc.record({ path: fc.constantFrom(...PATHS), value: fc.option(wildValue), id: fc.uuid() }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ fixture, changes }) => {
    const event = loadFixture(fixture) as Record<string, unknown>;
    event.id = changes[0].id;
    for (const { path, value } of changes) {
      let at: Record<string, unknown> | undefined = event;
      for (const key of path.slice(0, -1)) {
        const next: unknown = at?.[key];
        at =
          typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
      }
      if (at && value === null) delete at[path[path.length - 1]];
      else if (at) at[path[path.length - 1]] = value;
    }
    return event;
  });

const wrapped = fc
  .tuple(fc.oneof(mutatedEvent, anyJson), fc.boolean(), fc.dictionary(fc.string(), anyJson))
  .map(([event, asString, extra]) => ({
    ...extra,
    cimEvent: asString ? JSON.stringify(event) : event,
  }));

const body = fc.oneof(anyJson, mutatedEvent, wrapped);

describe('fuzzing the ingest endpoints', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url, MAX_BATCH_EVENTS: '20' });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const post = (path: string, payload: unknown) =>
    sut
      .http()
      .post(path)
      .set('Authorization', `Bearer ${KEYS.writer.secret}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(payload) ?? 'null');

  it('should never answer 5xx to POST /events, and keep serving, when given arbitrary bodies and wrappers', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await post('/events', payload);
        expect(ALLOWED).toContain(res.status);
      }),
      { numRuns: 300, seed: 4242 },
    );

    await sut.postEvent(loadFixture('BOT_MESSAGE')).expect(201);
  });

  it('should never answer 5xx to POST /events/batch, and give one result per item, when given arbitrary arrays', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 8 }), async (items) => {
        const res = await post('/events/batch', items);
        expect([200, 400, 413]).toContain(res.status);
        if (res.status === 200) expect(res.body.results).toHaveLength(items.length);
      }),
      { numRuns: 120, seed: 4243 },
    );

    await sut.postEvent(loadFixture('AGENT_MESSAGE')).expect(201);
  });
});
