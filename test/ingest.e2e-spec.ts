import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CONVERSATION_ID,
  FIXTURE_NAMES,
  eventFrom,
  loadFixture,
  shuffled,
} from './utils/fixtures.js';
import {
  createTestDatabase,
  truncateData,
  waitForLockWaits,
  withAdmin,
  type TestDatabase,
} from './utils/database.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

const WHISPER_ID = '33873c88-9a2e-4017-a92c-9b2f08ead2b0';
const AGENT_ORDER = [
  '8a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c', // customer
  '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', // bot
  WHISPER_ID, // whisper
  'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f', // agent image
];

describe('POST /events and transcript (PostgreSQL)', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url, MAX_EVENT_BYTES: '65536' });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  beforeEach(() => truncateData(db.url));

  const transcript = async (view: 'AGENT' | 'CUSTOMER', id = CONVERSATION_ID) => {
    const res = await sut.graphql(TRANSCRIPT_QUERY, { id, view });
    expect(res.body.errors).toBeUndefined();
    return { raw: JSON.stringify(res.body), transcript: res.body.data.transcript };
  };

  describe('ingesting the fixtures in any order', () => {
    it.each([1, 2, 3])(
      'should give the exact transcripts when shuffled with seed %i, with duplicates and a redelivered message',
      async (seed) => {
        // The whisper's data.id comes back in a second event with a later timestamp (publisher failover).
        const redelivery = eventFrom('WHISPER_MESSAGE', (e) => {
          e.id = 'redelivered-whisper-event';
          e.timestamp += 5;
        });
        const events = shuffled(
          [
            ...FIXTURE_NAMES.map(loadFixture),
            loadFixture('AGENT_MESSAGE'),
            loadFixture('WHISPER_MESSAGE'),
            redelivery,
          ],
          seed,
        );
        const statuses: number[] = [];
        for (const event of events) statuses.push((await sut.postEvent(event)).status);
        expect(statuses.filter((s) => s === 201)).toHaveLength(8);
        expect(statuses.filter((s) => s === 200)).toHaveLength(2);

        const agent = await transcript('AGENT');
        expect(agent.transcript.messages.map((m: { id: string }) => m.id)).toEqual(AGENT_ORDER);
        expect(agent.transcript.messages[2]).toEqual({
          id: WHISPER_ID,
          eventId: 'd86ba3a8-57fb-4512-871d-0c7ed0172f13',
          eventName: 'WHISPER_MESSAGE',
          timestamp: '2025-12-16T10:43:51.351Z',
          type: 'PLAIN',
          text: 'hello',
          visibility: 'AGENTS_ONLY',
          channelSessionId: '69413536c18fae43a7913dba',
          sender: { id: '3c24d80a-4571-4df1-acdf-2be68a32ed85', name: 'raza', type: 'AGENT' },
        });
        expect(agent.transcript.messages[0]).toMatchObject({
          text: 'Hi, I need help with my order',
          sender: { id: '694130729b2330ed2d0a3ea0', name: '1212', type: 'CUSTOMER' },
        });

        const customer = await transcript('CUSTOMER');
        expect(customer.transcript.view).toBe('CUSTOMER');
        expect(customer.transcript.messages.map((m: { id: string }) => m.id)).toEqual(
          AGENT_ORDER.filter((id) => id !== WHISPER_ID),
        );
        expect(
          customer.transcript.messages.every(
            (m: { visibility: string }) => m.visibility === 'CUSTOMER_VISIBLE',
          ),
        ).toBe(true);
        for (const trace of [
          WHISPER_ID,
          'hello',
          'd86ba3a8',
          'redelivered-whisper-event',
          'WHISPER',
          'AGENTS_ONLY',
        ]) {
          expect(customer.raw).not.toContain(trace);
        }
      },
    );

    it('should store every accepted event once in the audit log with its arrival time and one message per data.id', async () => {
      for (const name of FIXTURE_NAMES) await sut.postEvent(loadFixture(name)).expect(201);
      await sut.postEvent(loadFixture('BOT_MESSAGE')).expect(200);
      await sut.postEvent(eventFrom('BOT_MESSAGE', (e) => (e.id = 'bot-again'))).expect(201);
      const rows = await withAdmin(
        async (c) => ({
          events: (await c.query('SELECT id, received_at FROM events')).rows,
          messages: (await c.query('SELECT count(*)::int AS n FROM messages')).rows[0].n,
          participants: (
            await c.query(
              'SELECT cim_id_text(id) AS id, type, name FROM participants ORDER BY cim_id_text(id) COLLATE "C"',
            )
          ).rows,
          session: (await c.query('SELECT state, reason_code, active FROM channel_sessions')).rows,
        }),
        db.url,
      );
      expect(rows.events).toHaveLength(8);
      expect(rows.events.every((e: { received_at: Date }) => e.received_at instanceof Date)).toBe(
        true,
      );
      for (const name of FIXTURE_NAMES) {
        expect(await sut.originalEvent(loadFixture(name).id)).toEqual(loadFixture(name));
      }
      expect(rows.messages).toBe(4);
      expect(rows.participants).toEqual([
        { id: '3c24d80a-4571-4df1-acdf-2be68a32ed85', type: 'AGENT', name: 'raza' },
        { id: '6932aed1098c173271a2025b', type: 'BOT', name: 'Conversation Bot' },
        { id: '694130729b2330ed2d0a3ea0', type: 'CUSTOMER', name: '1212' },
      ]);
      expect(rows.session).toEqual([{ state: 'ENDED', reason_code: 'CUSTOMER', active: false }]);
    });
  });

  describe('snapshots', () => {
    it('should keep the newest channel name, and not go back to an older one arriving late', async () => {
      const named = (fixture: string, channelName: string) =>
        eventFrom(fixture, (e) => {
          e.channelSession.channel.name = channelName;
          if (e.data?.channel) e.data.channel.name = channelName;
          if (e.data?.header?.channelSession)
            e.data.header.channelSession.channel.name = channelName;
        });
      const channelName = () =>
        withAdmin(async (c) => (await c.query('SELECT name FROM channels')).rows[0].name, db.url);
      await sut.postEvent(named('CUSTOMER_MESSAGE', 'Web v1')).expect(201);
      expect(await channelName()).toBe('Web v1');
      await sut.postEvent(named('AGENT_MESSAGE', 'Web v2')).expect(201); // newer
      expect(await channelName()).toBe('Web v2');
      await sut.postEvent(named('BOT_MESSAGE', 'Web v1')).expect(201); // older, arriving late
      expect(await channelName()).toBe('Web v2');
    });

    it('should keep the newest session state and customer name whatever the arrival order', async () => {
      // Every copy of the customer in the envelope gets the name this event carries.
      const rename = (name: string, first: string) =>
        eventFrom(name, (e) => {
          const visit = (node: unknown): void => {
            if (Array.isArray(node)) return node.forEach(visit);
            if (typeof node !== 'object' || node === null) return;
            const obj = node as Record<string, unknown>;
            if (obj._id === '694130729b2330ed2d0a3ea0') obj.firstName = first;
            Object.values(obj).forEach(visit);
          };
          visit(e);
        });
      // Newest first: ENDED (latest timestamp) arrives before STARTED.
      await sut.postEvent(rename('CHANNEL_SESSION_ENDED', 'Newest')).expect(201);
      await sut.postEvent(rename('CHANNEL_SESSION_STARTED', 'Oldest')).expect(201);
      await sut.postEvent(rename('AGENT_MESSAGE', 'Middle')).expect(201);
      const rows = await withAdmin(
        async (c) => ({
          session: (await c.query('SELECT state FROM channel_sessions')).rows[0].state,
          customer: (await c.query('SELECT first_name FROM customers')).rows[0].first_name,
        }),
        db.url,
      );
      expect(rows).toEqual({ session: 'ENDED', customer: 'Newest' });
    });
  });

  describe('idempotency', () => {
    it('should answer 200 duplicate for the same content in another key order', async () => {
      const event = loadFixture('CUSTOMER_MESSAGE');
      await sut.postEvent(event).expect(201, { eventId: event.id, status: 'created' });
      const reordered = Object.fromEntries(Object.entries(event).reverse());
      await sut.postEvent(reordered).expect(200, { eventId: event.id, status: 'duplicate' });
    });

    it('should answer 409 naming the event and change nothing for different content under the same id', async () => {
      const event = loadFixture('CUSTOMER_MESSAGE');
      await sut.postEvent(event).expect(201);
      const changed = eventFrom(
        'CUSTOMER_MESSAGE',
        (e) => (e.data.body.markdownText = Buffer.from('changed').toString('base64')),
      );
      const res = await sut.postEvent(changed).expect(409);
      expect(res.body.message).toContain(event.id);
      const { transcript: t } = await transcript('AGENT');
      expect(t.messages[0].text).toBe('Hi, I need help with my order');
    });

    it('should answer 409 when an event id is reused under another conversation', async () => {
      await sut.postEvent(loadFixture('CUSTOMER_MESSAGE')).expect(201);
      await sut
        .postEvent(
          eventFrom('CUSTOMER_MESSAGE', (e) => (e.conversationId = 'another-conversation')),
        )
        .expect(409);
      const count = await withAdmin(
        async (c) => (await c.query('SELECT count(*)::int AS n FROM events')).rows[0].n,
        db.url,
      );
      expect(count).toBe(1);
    });

    it('should keep a message agents-only when any event carrying its data.id is agents-only', async () => {
      await sut.postEvent(loadFixture('AGENT_MESSAGE')).expect(201);
      await sut
        .postEvent(
          eventFrom('AGENT_MESSAGE', (e) => {
            e.id = 'same-message-as-whisper';
            e.name = 'WHISPER_MESSAGE';
            e.timestamp += 1;
          }),
        )
        .expect(201);
      const { transcript: t } = await transcript('CUSTOMER');
      expect(t.messages).toEqual([]);
    });
  });

  describe('the audit log', () => {
    it('should store every part again when the stored ones are gone (a restore, a truncation)', async () => {
      const event = loadFixture('WHISPER_MESSAGE');
      await sut.postEvent(event).expect(201);
      await withAdmin((c) => c.query('TRUNCATE events, parts, audit_chains'), db.url);
      await sut.postEvent(event).expect(201);
      expect(await sut.originalEvent(event.id)).toEqual(event);
      const other = eventFrom('WHISPER_MESSAGE', (e) => (e.id = 'another-whisper-event'));
      await sut.postEvent(other).expect(201);
      expect(await sut.originalEvent(other.id)).toEqual(other);
    });
    it('should store every part again when two commits in flight both meet the stale cache', async () => {
      const make = (i: number) =>
        eventFrom('AGENT_MESSAGE', (e) => {
          e.id = `stale-cache-${i}`;
          e.data.id = `stale-cache-msg-${i}`;
        });
      await sut.postEvent(make(0)).expect(201);
      await withAdmin((c) => c.query('TRUNCATE events, parts, audit_chains'), db.url);
      // Another writer holds the conversation's chain head, so two commits (COMMIT_CONCURRENCY is
      // 2) are sent, both without the parts the cache says are stored, and wait there. Released,
      // the first fails and clears the cache; the second must still be retried with every part.
      const [first, second] = [make(1), make(2)];
      const statuses = await withAdmin(async (holder) => {
        await holder.query('BEGIN');
        await holder.query(
          `INSERT INTO audit_chains (conversation_id, head_id, head, events) VALUES (cim_id($1), NULL, '\\x00', 0)`,
          [first.conversationId],
        );
        const answers = Promise.all([first, second].map((e) => sut.postEvent(e).then((r) => r)));
        await waitForLockWaits(db.url, 2);
        await holder.query('ROLLBACK');
        return (await answers).map((r) => r.status);
      }, db.url);
      expect(statuses).toEqual([201, 201]);
      for (const e of [first, second]) expect(await sut.originalEvent(e.id)).toEqual(e);
    });
  });

  describe('the socket wrapper', () => {
    it.each([
      [
        'an object',
        (e: unknown) => ({ cimEvent: e, conversationId: CONVERSATION_ID, roomInfo: {} }),
      ],
      [
        'a JSON string',
        (e: unknown) => ({ cimEvent: JSON.stringify(e), conversationId: CONVERSATION_ID }),
      ],
    ])('should accept the event as %s and store the inner event', async (_kind, wrap) => {
      const event = loadFixture('WHISPER_MESSAGE');
      await sut.postEvent(wrap(event)).expect(201, { eventId: event.id, status: 'created' });
      await sut.postEvent(event).expect(200);
      expect(await sut.originalEvent(event.id)).toEqual(event);
      const count = await withAdmin(
        async (c) => (await c.query('SELECT count(*)::int AS n FROM events')).rows[0].n,
        db.url,
      );
      expect(count).toBe(1);
    });
  });

  describe('UTF-8', () => {
    it('should round-trip emoji, Arabic and CJK text exactly', async () => {
      const text = 'مرحبا بك 👋🏽 👨‍👩‍👧‍👦 🇵🇰 你好世界 こんにちは 안녕하세요 "quoted" \\ back\\slash\n*md*';
      const event = eventFrom('CUSTOMER_MESSAGE', (e) => {
        e.id = 'utf8-event';
        e.data.id = 'utf8-message';
        e.data.body.markdownText = Buffer.from(text, 'utf8').toString('base64');
      });
      await sut.postEvent(event).expect(201);
      const { transcript: t } = await transcript('CUSTOMER');
      expect(t.messages[0].text).toBe(text);
    });
  });

  describe('transcript', () => {
    it('should return null for an unknown conversation', async () => {
      const res = await sut.graphql(TRANSCRIPT_QUERY, { id: 'nobody', view: 'AGENT' });
      expect(res.body).toEqual({ data: { transcript: null } });
    });

    it('should order by event timestamp, then event id, not by arrival', async () => {
      const at = 1765881800000;
      const make = (eventId: string, dataId: string, ts: number) =>
        eventFrom('AGENT_MESSAGE', (e) => {
          e.id = eventId;
          e.data.id = dataId;
          e.timestamp = ts;
        });
      for (const e of [make('e-c', 'm3', at + 10), make('e-b', 'm2', at), make('e-a', 'm1', at)])
        await sut.postEvent(e).expect(201);
      const { transcript: t } = await transcript('AGENT');
      expect(t.messages.map((m: { id: string }) => m.id)).toEqual(['m1', 'm2', 'm3']);
    });
  });
});
