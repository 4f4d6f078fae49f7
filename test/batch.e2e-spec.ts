import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { messageEvent, storeIntegrity } from './utils/events.js';
import { loadFixture } from './utils/fixtures.js';
import {
  createTestDatabase,
  truncateData,
  withAdmin,
  type TestDatabase,
} from './utils/database.js';
import { createTestApp, KEYS, type KeyName, type TestApp } from './utils/test-app.js';

describe('POST /events/batch and group commit (PostgreSQL)', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({
      DATABASE_URL: db.url,
      MAX_EVENT_BYTES: '16384',
      MAX_BATCH_EVENTS: '50',
      METRICS_ENABLED: 'true',
    });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  beforeEach(() => truncateData(db.url));

  const postBatch = (body: unknown, key: KeyName = 'writer') =>
    sut
      .http()
      .post('/events/batch')
      .set('Authorization', `Bearer ${KEYS[key].secret}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));

  describe('POST /events/batch', () => {
    it('should judge every occurrence of a stored id against what is stored, whatever comes first in the batch', async () => {
      await sut.postEvent(messageEvent('kept')).expect(201);
      const changed = messageEvent('kept');
      changed.timestamp += 1;

      const res = await postBatch([changed, messageEvent('kept'), changed]).expect(200);

      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
        'conflict',
        'duplicate',
        'conflict',
      ]);
      expect(await sut.originalEvent('ev-kept')).toEqual(messageEvent('kept'));
    });

    it('should judge each item on its own and answer one result per input in order when items are mixed', async () => {
      await sut.postEvent(messageEvent('stored')).expect(201);
      const conflicting = messageEvent('stored');
      conflicting.timestamp += 1;
      const noSender = messageEvent('no-sender');
      delete (noSender.data as { header: { sender?: unknown } }).header.sender;

      const res = await postBatch([
        messageEvent('a'),
        { cimEvent: JSON.stringify(messageEvent('b')) },
        noSender,
        messageEvent('stored'),
        conflicting,
        messageEvent('a'),
        'not an event',
        { cimEvent: messageEvent('c') },
      ]).expect(200);

      expect(res.body).toEqual({
        results: [
          { index: 0, eventId: 'ev-a', status: 'created', error: null },
          { index: 1, eventId: 'ev-b', status: 'created', error: null },
          {
            index: 2,
            eventId: 'ev-no-sender',
            status: 'invalid',
            error: 'data.header.sender must be an object with id and type strings',
          },
          { index: 3, eventId: 'ev-stored', status: 'duplicate', error: null },
          {
            index: 4,
            eventId: 'ev-stored',
            status: 'conflict',
            error: expect.stringContaining('ev-stored'),
          },
          { index: 5, eventId: 'ev-a', status: 'duplicate', error: null },
          { index: 6, eventId: null, status: 'invalid', error: 'the event must be a JSON object' },
          { index: 7, eventId: 'ev-c', status: 'created', error: null },
        ],
      });
      const integrity = await storeIntegrity(db.url);
      expect(integrity).toEqual({
        events: 4,
        messages: 4,
        eventsWithoutMessage: 0,
        messagesWithoutEvent: 0,
        eventsWithoutConversation: 0,
      });
    });

    it('should accept a body larger than MAX_EVENT_BYTES when each event is within it', async () => {
      const events = Array.from({ length: 10 }, (_, i) => messageEvent(`big-${i}`));
      expect(JSON.stringify(events).length).toBeGreaterThan(16384);

      const res = await postBatch(events).expect(200);

      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(
        Array(10).fill('created'),
      );
    });

    it('should chain a batch spanning two conversations exactly as verification recomputes it', async () => {
      const inA = (k: string, i: number) =>
        messageEvent(k, { conversationId: 'chain-a', offsetMs: i });
      const inB = (k: string, i: number) =>
        messageEvent(k, { conversationId: 'chain-b', offsetMs: i });
      await postBatch([
        inA('a1', 1),
        inB('b1', 1),
        inA('a2', 2),
        inB('b2', 2),
        inA('a3', 3),
      ]).expect(200);
      // A second batch continues both chains from their heads.
      await postBatch([inB('b3', 3), inA('a4', 4)]).expect(200);

      const verify = async (id: string) =>
        (
          await sut.graphql(
            `query ($id: ID!) { verifyAuditLog(conversationId: $id) { ok checkedEvents firstBrokenEventId } }`,
            { id },
            'audit',
          )
        ).body.data.verifyAuditLog;
      expect(await verify('chain-a')).toEqual({
        ok: true,
        checkedEvents: 4,
        firstBrokenEventId: null,
      });
      expect(await verify('chain-b')).toEqual({
        ok: true,
        checkedEvents: 3,
        firstBrokenEventId: null,
      });
      const order = await withAdmin(
        async (c) =>
          (
            await c.query(
              `WITH RECURSIVE chain AS (
                 SELECT e.conversation_id, e.id, 1 AS seq FROM events e WHERE e.prev_id IS NULL
                 UNION ALL
                 SELECT e.conversation_id, e.id, c.seq + 1 FROM chain c JOIN events e ON e.prev_id = c.id)
               SELECT cim_id_text(conversation_id) AS conversation_id, cim_id_text(id) AS id, seq
               FROM chain ORDER BY 1, seq`,
            )
          ).rows,
        db.url,
      );
      expect(order).toEqual([
        { conversation_id: 'chain-a', id: 'ev-a1', seq: 1 },
        { conversation_id: 'chain-a', id: 'ev-a2', seq: 2 },
        { conversation_id: 'chain-a', id: 'ev-a3', seq: 3 },
        { conversation_id: 'chain-a', id: 'ev-a4', seq: 4 },
        { conversation_id: 'chain-b', id: 'ev-b1', seq: 1 },
        { conversation_id: 'chain-b', id: 'ev-b2', seq: 2 },
        { conversation_id: 'chain-b', id: 'ev-b3', seq: 3 },
      ]);
    });

    it('should refuse, as that item only, an event larger than MAX_EVENT_BYTES inside a batch', async () => {
      const big = messageEvent('too-big');
      (big.data as { body: { markdownText: string } }).body.markdownText = 'x'.repeat(20_000);

      const res = await postBatch([messageEvent('small'), big]).expect(200);

      expect(res.body.results).toEqual([
        { index: 0, eventId: 'ev-small', status: 'created', error: null },
        {
          index: 1,
          eventId: 'ev-too-big',
          status: 'invalid',
          error: expect.stringMatching(
            /^the event stores \d+ characters of JSON; at most 16384 are accepted$/,
          ),
        },
      ]);
      expect(await sut.originalEvent('ev-too-big')).toBeNull();
    });

    it.each([
      { label: 'empty', body: [], message: 'the batch must not be empty' },
      { label: 'an object', body: messageEvent('x'), message: 'the body must be a JSON array' },
      { label: 'a string', body: 'events', message: 'the body must be a JSON array' },
      {
        label: 'longer than MAX_BATCH_EVENTS',
        body: Array.from({ length: 51 }, (_, i) => messageEvent(`n${i}`)),
        message: 'the batch has 51 events; at most 50 are accepted',
      },
    ])('should answer 400 and store nothing when the body is $label', async ({ body, message }) => {
      const res = await postBatch(body).expect(400);

      expect(res.body.message).toContain(message);
      expect((await storeIntegrity(db.url)).events).toBe(0);
    });

    it('should answer 413 when the body is larger than the batch limit', async () => {
      const huge = Array.from({ length: 50 }, (_, i) =>
        messageEvent(`h${i}`, { dataId: `m${i}${'x'.repeat(17_000)}` }),
      );

      await postBatch(huge).expect(413);
    });

    it.each([
      { key: 'agent' as const, status: 403 },
      { key: 'audit' as const, status: 403 },
    ])('should answer $status when the key lacks events:write ($key)', async ({ key, status }) => {
      await postBatch([messageEvent('a')], key).expect(status);
      expect((await storeIntegrity(db.url)).events).toBe(0);
    });

    it('should answer 401 when no key is given', async () => {
      await sut
        .http()
        .post('/events/batch')
        .send([messageEvent('a')])
        .expect(401);
    });

    it('should answer 415 when the body is not JSON', async () => {
      await sut
        .http()
        .post('/events/batch')
        .set('Authorization', `Bearer ${KEYS.writer.secret}`)
        .set('Content-Type', 'text/plain')
        .send('[]')
        .expect(415);
    });
  });

  describe('group commit of POST /events', () => {
    /** Group-commit flushes so far, and the events they carried (the metrics are per process). */
    const groupFlushes = async () => {
      const metrics = (await sut.http().get('/metrics').expect(200)).text;
      const read = (name: string) =>
        Number(new RegExp(`${name}\\{source="group"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      return {
        flushes: read('cim_commit_batch_events_count'),
        events: read('cim_commit_batch_events_sum'),
      };
    };

    it('should store every event once and answer each with its own status when 100 requests arrive at once', async () => {
      const events = Array.from({ length: 80 }, (_, i) => messageEvent(`c${i}`));
      const duplicates = events.slice(0, 20);
      const conflict = messageEvent('c0', { dataId: 'another-message' });
      const before = await groupFlushes();

      // The conversation's chain head is held by another writer, so the first commits wait on it
      // and every later request queues behind them; released, the queue flushes them together.
      const responses = await withAdmin(async (holder) => {
        await holder.query('BEGIN');
        await holder.query(
          `INSERT INTO audit_chains (conversation_id, head_id, head, events) VALUES (cim_id($1), NULL, '\\x00', 0)`,
          [events[0].conversationId],
        );
        const answers = Promise.all(
          [...events, ...duplicates, conflict].map((e) => sut.postEvent(e).then((r) => r)),
        );
        await new Promise((r) => setTimeout(r, 1000));
        await holder.query('COMMIT');
        return answers;
      }, db.url);

      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(80);
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.filter((s) => s === 409)).toHaveLength(1);
      responses.forEach((r, i) => {
        if (r.status !== 409) expect(r.body.eventId).toBe(`ev-c${i % 80}`);
      });
      expect(await storeIntegrity(db.url)).toMatchObject({
        events: 80,
        messages: 80,
        eventsWithoutMessage: 0,
      });
      // Far fewer commits than requests (counted for this test alone): they went together.
      const after = await groupFlushes();
      expect(after.events - before.events).toBe(101);
      expect(after.flushes - before.flushes).toBeGreaterThan(0);
      expect(after.flushes - before.flushes).toBeLessThan(20);
    });

    it('should still answer a lone request at once and store its message when the queue is idle', async () => {
      const started = Date.now();
      await sut.postEvent(loadFixture('WHISPER_MESSAGE')).expect(201);
      expect(Date.now() - started).toBeLessThan(5_000);
      const rows = await withAdmin(
        async (c) => (await c.query('SELECT visibility FROM messages')).rows,
        db.url,
      );
      expect(rows).toEqual([{ visibility: 'AGENTS_ONLY' }]);
    });
  });

  describe('GET /metrics', () => {
    it('should serve Prometheus text without a key when METRICS_ENABLED', async () => {
      await sut.postEvent(messageEvent('m1')).expect(201);
      await sut.postEvent(messageEvent('m1')).expect(200);

      const res = await sut.http().get('/metrics').expect(200);

      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain(
        'cim_events_ingested_total{name="CUSTOMER_MESSAGE",status="created"}',
      );
      expect(res.text).toContain(
        'cim_events_ingested_total{name="CUSTOMER_MESSAGE",status="duplicate"}',
      );
      expect(res.text).toContain('cim_ingest_duration_seconds_bucket');
      expect(res.text).toMatch(/cim_db_pool_connections\{state="total"\} \d+/);
      expect(res.text).toContain('process_resident_memory_bytes');
      expect(res.text).not.toContain(KEYS.writer.secret);
    });
  });

  describe('GET /health', () => {
    it('should answer live and ready with terminus bodies and without a key', async () => {
      const live = await sut.http().get('/health/live').expect(200);
      const ready = await sut.http().get('/health/ready').expect(200);

      expect(live.body).toMatchObject({ status: 'ok' });
      expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
    });
  });

  describe('request ids', () => {
    it('should echo a well-formed X-Request-Id and generate one when it is missing', async () => {
      const given = await sut.http().get('/health/live').set('X-Request-Id', 'abc-123').expect(200);
      const generated = await sut.http().get('/health/live').expect(200);

      expect(given.headers['x-request-id']).toBe('abc-123');
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
