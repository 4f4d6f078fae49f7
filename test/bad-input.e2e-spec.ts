import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventFrom, loadFixture } from './utils/fixtures.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

const MAX_EVENT_BYTES = 16_384;
type Mutate = (e: Record<string, any>) => void;

/** Each validated field missing, or of the wrong type: [case, change, field path the message must name]. */
const INVALID_FIELDS: [string, Mutate, string][] = [
  ['id missing', (e) => delete e.id, 'id'],
  ['id empty', (e) => (e.id = ''), 'id'],
  ['id a number', (e) => (e.id = 42), 'id'],
  ['id longer than 200', (e) => (e.id = 'x'.repeat(201)), 'id'],
  ['name missing', (e) => delete e.name, 'name'],
  ['name an object', (e) => (e.name = { a: 1 }), 'name'],
  ['conversationId missing', (e) => delete e.conversationId, 'conversationId'],
  ['conversationId null', (e) => (e.conversationId = null), 'conversationId'],
  ['timestamp missing', (e) => delete e.timestamp, 'timestamp'],
  ['timestamp a string', (e) => (e.timestamp = '1765881831351'), 'timestamp'],
  ['timestamp negative', (e) => (e.timestamp = -1), 'timestamp'],
  ['timestamp fractional', (e) => (e.timestamp = 1.5), 'timestamp'],
  ['data.id missing', (e) => delete e.data.id, 'data.id'],
  ['data.id a number', (e) => (e.data.id = 7), 'data.id'],
  ['data.header missing', (e) => delete e.data.header, 'data.header'],
  ['data.header.sender missing', (e) => delete e.data.header.sender, 'data.header.sender'],
  ['data.header.sender a string', (e) => (e.data.header.sender = 'agent'), 'data.header.sender'],
  ['data.header.sender.id missing', (e) => delete e.data.header.sender.id, 'data.header.sender.id'],
  ['data.header.sender.id a number', (e) => (e.data.header.sender.id = 1), 'data.header.sender.id'],
  [
    'data.header.sender.type missing',
    (e) => delete e.data.header.sender.type,
    'data.header.sender.type',
  ],
  ['data.body missing', (e) => delete e.data.body, 'data.body'],
  ['data.body.type missing', (e) => delete e.data.body.type, 'data.body.type'],
  ['data.body.type empty', (e) => (e.data.body.type = ''), 'data.body.type'],
  ['data.body.type an array', (e) => (e.data.body.type = ['PLAIN']), 'data.body.type'],
];

describe('bad input on POST /events', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url, MAX_EVENT_BYTES: String(MAX_EVENT_BYTES) });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const raw = (body: string | Buffer, type = 'application/json') =>
    sut
      .http()
      .post('/events')
      .set('Authorization', `Bearer ${KEYS.writer.secret}`)
      .set('Content-Type', type)
      .send(body);

  it.each(INVALID_FIELDS)(
    'should answer 400 naming the field when %s',
    async (_case, mutate, path) => {
      const res = await sut.postEvent(eventFrom('WHISPER_MESSAGE', mutate)).expect(400);
      expect(res.body.message).toMatch(new RegExp(`(^|[: ;])${path.replace(/\./g, '\\.')} must`));
      expect(res.body.problems).toHaveLength(1);
    },
  );

  it('should name every failing field at once', async () => {
    const res = await sut.postEvent({ name: 5, data: { header: {}, body: {} } }).expect(400);
    for (const path of [
      'id',
      'name',
      'conversationId',
      'timestamp',
      'data.id',
      'data.header.sender',
      'data.body.type',
    ]) {
      expect(res.body.problems.some((p: string) => p.startsWith(`${path} `))).toBe(true);
    }
  });

  it.each([
    ['invalid JSON', '{"id": "x", ', 400, /not valid JSON/],
    ['a JSON string at top level', '"just a string"', 400, /the body must be a JSON object/],
    ['a number at top level', '42', 400, /the body must be a JSON object/],
    ['null', 'null', 400, /the body must be a JSON object/],
    ['a JSON array', '[1, 2]', 400, /the body must be a JSON object/],
    ['an empty body', '', 400, /the body must be a JSON object/],
    [
      'a wrapper with a broken JSON string',
      JSON.stringify({ cimEvent: '{"id": "broken' }),
      400,
      /cimEvent/,
    ],
    [
      'a wrapper whose event is invalid',
      JSON.stringify({ cimEvent: { id: 'x' } }),
      400,
      /conversationId must be/,
    ],
    [
      'a NUL character PostgreSQL cannot store',
      JSON.stringify(loadFixture('WHISPER_MESSAGE')).replace('"PLAIN"', '"PL\\u0000AIN"'),
      400,
      /data\.body\.type contains a NUL character/,
    ],
    [
      'an unpaired surrogate',
      JSON.stringify(loadFixture('WHISPER_MESSAGE')).replace('"raza"', '"ra\\ud800za"'),
      400,
      /unpaired UTF-16 surrogate/,
    ],
    [
      'absurdly deep nesting',
      JSON.stringify({ ...loadFixture('WHISPER_MESSAGE'), deep: 0 }).replace(
        '"deep":0',
        `"deep":${'['.repeat(2000)}${']'.repeat(2000)}`,
      ),
      400,
      /nested deeper than 64 levels/,
    ],
    [
      'a body over MAX_EVENT_BYTES',
      JSON.stringify({ ...loadFixture('WHISPER_MESSAGE'), pad: 'x'.repeat(MAX_EVENT_BYTES) }),
      413,
      /larger than the limit/,
    ],
  ])('should answer a clear error for %s', async (_case, body, status, message) => {
    const res = await raw(body).expect(status);
    expect(res.body.message).toMatch(message);
  });

  // The answer goes out before the body is read. A client still writing must be able to finish and
  // read it: a socket closed at once resets under the writer, which sees EPIPE instead of the 413.
  it.each([
    ['plain', ''],
    ['gzip', 'Content-Encoding: gzip\r\n'],
  ])(
    'should let a client finish sending a %s body many times the limit, then answer 413',
    async (_case, encodingHeader) => {
      const server = sut.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as { port: number };
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
        const closed = new Promise<Error | null>((resolve) => {
          socket.once('error', resolve);
          socket.once('close', () => resolve(null));
        });
        const chunk = encodingHeader
          ? gzipSync(Buffer.alloc(MAX_EVENT_BYTES * 64, 32), { level: 0 })
          : Buffer.alloc(MAX_EVENT_BYTES * 64, 32);
        const chunks = 16;
        socket.write(
          `POST /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEYS.writer.secret}\r\n` +
            `Content-Type: application/json\r\n${encodingHeader}` +
            `Content-Length: ${chunk.length * chunks}\r\n\r\n`,
        );
        let written = 0;
        for (let i = 0; i < chunks && !socket.destroyed; i++) {
          // Slowly, so the answer and any close come while the body is still being sent.
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
          written++;
        }
        socket.end();
        expect(await closed).toBeNull();
        expect(written).toBe(chunks);
        expect(answer).toMatch(/^HTTP\/1\.1 413 /);
        expect(answer).toMatch(/larger than the limit/);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );

  it('should inflate a gzip body (Content-Encoding: gzip) and store the event', async () => {
    const event = eventFrom('WHISPER_MESSAGE', (e) => (e.id = 'gzipped-event'));
    const res = await sut
      .http()
      .post('/events')
      .set('Authorization', `Bearer ${KEYS.writer.secret}`)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(asIs)
      .send(gzipSync(JSON.stringify(event)))
      .expect(201);
    expect(res.body).toEqual({ eventId: 'gzipped-event', status: 'created' });
    expect(await sut.originalEvent('gzipped-event')).toEqual(event);
  });

  it.each([
    ['gzip', Buffer.from('not gzip at all'), 400, /could not be inflated/],
    ['br', Buffer.from('{}'), 415, /Content-Encoding br is not supported/],
    // A "zip bomb": the limit counts inflated bytes.
    ['gzip', gzipSync(Buffer.alloc(MAX_EVENT_BYTES * 8, 32)), 413, /larger than the limit/],
  ])(
    'should answer a clear error for a Content-Encoding %s body that cannot be read or is too big',
    async (encoding, body, status, message) => {
      const res = await sut
        .http()
        .post('/events')
        .set('Authorization', `Bearer ${KEYS.writer.secret}`)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .serialize(asIs)
        .send(body)
        .expect(status);
      expect(res.body.message).toMatch(message);
    },
  );

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'should answer 415 for Content-Type %s',
    async (type) => {
      const res = await raw(JSON.stringify(loadFixture('WHISPER_MESSAGE')), type).expect(415);
      expect(res.body.message).toContain('application/json');
    },
  );

  it('should have stored nothing, and still serve, after all of it', async () => {
    const count = await withAdmin(
      async (c) => (await c.query('SELECT count(*)::int AS n FROM events')).rows[0].n,
      db.url,
    );
    // The gzip-compressed event only.
    expect(count).toBe(1);
    await sut.postEvent(loadFixture('WHISPER_MESSAGE')).expect(201);
    const ready = await sut.http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});

/** superagent would JSON-encode a Buffer sent as application/json; its types say a string comes back. */
const asIs = (body: Buffer) => body as unknown as string;
