import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { DatabaseConnection } from '../src/storage/database-connection.js';
import { READ_DATABASE_CONNECTION } from '../src/storage/storage.tokens.js';
import {
  AGENT_ID,
  CHANNEL_ID,
  consultantId,
  conversationEvents,
  conversationId,
} from './utils/read-side-data.js';
import {
  ACCESS_LOG_QUERY,
  CONVERSATION_FIELDS,
  CONVERSATION_QUERY,
  CONVERSATIONS_QUERY,
} from './utils/read-side-queries.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-01-02T00:00:00.000Z';
const CONSULTANT_0 = consultantId(0);
const CONSULTANT_1 = consultantId(1);

const REPORT_QUERY = `
  query Report($from: DateTime!, $to: DateTime!, $granularity: ReportGranularity, $groupBy: ReportGroupBy) {
    conversationReport(from: $from, to: $to, granularity: $granularity, groupBy: $groupBy) {
      bucket key conversations messages customerVisibleMessages agentOnlyMessages
      messagesBySenderType { senderType count }
      firstResponse { medianSeconds p90Seconds samples }
      handleTime { medianSeconds p90Seconds samples }
    }
  }`;

/**
 * Four hand-checked conversations (test/utils/read-side-data.ts): n = 0..3, one per hour.
 * Messages: customer, bot, agent reply for all; whispers (agent + consultant) for n = 0, 1, 2; a late
 * agent whisper for n = 2. First response = 50 + 10n s; handle time = 600 + 60n s.
 */
describe('read side on a hand-checked data set', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (let n = 0; n < 4; n++)
      for (const e of conversationEvents(n)) await sut.postEvent(e).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  beforeEach(() => withAdmin((c) => c.query('TRUNCATE access_log'), db.url));

  describe('conversationReport', () => {
    it('should give exact counts and percentiles when grouped by channel per day', async () => {
      const res = await sut.graphql(REPORT_QUERY, { from: FROM, to: TO }, 'reports');
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.conversationReport).toEqual([
        {
          bucket: FROM,
          key: CHANNEL_ID,
          conversations: 4,
          messages: 19,
          customerVisibleMessages: 12,
          agentOnlyMessages: 7,
          messagesBySenderType: [
            { senderType: 'AGENT', count: 11 },
            { senderType: 'BOT', count: 4 },
            { senderType: 'CUSTOMER', count: 4 },
          ],
          // 50, 60, 70, 80 s: median 65, p90 = 70 + 0.7 * 10
          firstResponse: { medianSeconds: 65, p90Seconds: 77, samples: 4 },
          // 600, 660, 720, 780 s: median 690, p90 = 720 + 0.7 * 60
          handleTime: { medianSeconds: 690, p90Seconds: 762, samples: 4 },
        },
      ]);
    });

    it('should give one row per hour and agent when grouped by agent per hour', async () => {
      const res = await sut.graphql(
        REPORT_QUERY,
        { from: FROM, to: TO, granularity: 'HOUR', groupBy: 'AGENT' },
        'reports',
      );
      const rows = res.body.data.conversationReport as { bucket: string; key: string }[];
      expect(rows.map((r) => `${r.bucket.slice(11, 13)} ${r.key}`)).toEqual([
        `00 ${AGENT_ID}`,
        `00 ${CONSULTANT_0}`,
        `01 ${AGENT_ID}`,
        `01 ${CONSULTANT_1}`,
        `02 ${AGENT_ID}`,
        `02 ${CONSULTANT_0}`,
        `03 ${AGENT_ID}`,
      ]);
      expect(rows[3]).toEqual({
        bucket: '2026-01-01T01:00:00.000Z',
        key: CONSULTANT_1,
        conversations: 1,
        messages: 5,
        customerVisibleMessages: 3,
        agentOnlyMessages: 2,
        messagesBySenderType: [
          { senderType: 'AGENT', count: 3 },
          { senderType: 'BOT', count: 1 },
          { senderType: 'CUSTOMER', count: 1 },
        ],
        firstResponse: { medianSeconds: 60, p90Seconds: 60, samples: 1 },
        handleTime: { medianSeconds: 660, p90Seconds: 660, samples: 1 },
      });
    });

    it('should refuse with BAD_USER_INPUT when from is not before to', async () => {
      const res = await sut.graphql(REPORT_QUERY, { from: TO, to: FROM }, 'reports');
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('should refuse with FORBIDDEN when the key lacks reports:read', async () => {
      const res = await sut.graphql(REPORT_QUERY, { from: FROM, to: TO }, 'agent');
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });
  });

  describe('agentCollaboration', () => {
    it('should give exact per-agent whisper figures when asked for the day', async () => {
      const res = await sut.graphql(
        `query($from: DateTime!, $to: DateTime!) { agentCollaboration(from: $from, to: $to) {
          agent { id name } whispersSent conversationsWithWhispers
          consulted { agent { id } conversations } firstWhisperMedianSeconds firstWhisperP90Seconds } }`,
        { from: FROM, to: TO },
        'agent',
      );
      expect(res.body.data.agentCollaboration).toEqual([
        {
          agent: { id: AGENT_ID, name: 'raza' },
          whispersSent: 4,
          conversationsWithWhispers: 3,
          // raza is PRIMARY when he whispers: he consults nobody; the consultants consult him.
          consulted: [],
          firstWhisperMedianSeconds: 20,
          firstWhisperP90Seconds: 20,
        },
        {
          agent: { id: CONSULTANT_0, name: 'Hidden Consultant' },
          whispersSent: 2,
          conversationsWithWhispers: 2,
          consulted: [{ agent: { id: AGENT_ID }, conversations: 2 }],
          firstWhisperMedianSeconds: 30,
          firstWhisperP90Seconds: 30,
        },
        {
          agent: { id: CONSULTANT_1, name: 'Hidden Consultant' },
          whispersSent: 1,
          conversationsWithWhispers: 1,
          consulted: [{ agent: { id: AGENT_ID }, conversations: 1 }],
          firstWhisperMedianSeconds: 30,
          firstWhisperP90Seconds: 30,
        },
      ]);
    });

    it("should give one conversation's whisper threads, agents and roles when asked for it", async () => {
      const res = await sut.graphql(
        `{ conversationCollaboration(conversationId: "${conversationId(2)}") {
          agents { agent { id } role messagesSent whispersSent }
          whisperThreads { startedAt endedAt agents { id } messages { text } } } }`,
        {},
        'agent',
      );
      expect(res.body.data.conversationCollaboration).toEqual({
        agents: [
          { agent: { id: AGENT_ID }, role: 'PRIMARY', messagesSent: 1, whispersSent: 2 },
          { agent: { id: CONSULTANT_0 }, role: null, messagesSent: 0, whispersSent: 1 },
        ],
        whisperThreads: [
          {
            startedAt: '2026-01-01T02:00:30.000Z',
            endedAt: '2026-01-01T02:00:40.000Z',
            agents: [{ id: AGENT_ID }, { id: CONSULTANT_0 }],
            messages: [{ text: 'SECRET-WHISPER-A 2' }, { text: 'SECRET-WHISPER-B 2' }],
          },
          {
            startedAt: '2026-01-01T02:08:20.000Z',
            endedAt: '2026-01-01T02:08:20.000Z',
            agents: [{ id: AGENT_ID }],
            messages: [{ text: 'SECRET-WHISPER-LATE 2' }],
          },
        ],
      });
    });

    it('should refuse with FORBIDDEN when the key has only transcripts:customer', async () => {
      const res = await sut.graphql(
        `{ conversationCollaboration(conversationId: "${conversationId(0)}") { conversationId } }`,
        {},
        'customer',
      );
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });
  });

  describe('conversations', () => {
    it('should refuse first above 100 with a clear error', async () => {
      const res = await sut.graphql(CONVERSATIONS_QUERY, { view: 'AGENT', first: 101 });
      expect(res.body.errors?.[0].message).toContain('first must not be greater than 100');
    });

    it('should refuse a cursor it did not make with BAD_USER_INPUT', async () => {
      const res = await sut.graphql(CONVERSATIONS_QUERY, { view: 'AGENT', after: 'bogus' });
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('should filter by time range, channel, customer and whispers when asked', async () => {
      const ids = async (filter: object) =>
        (
          await sut.graphql(CONVERSATIONS_QUERY, { view: 'AGENT', filter })
        ).body.data.conversations.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(await ids({ from: '2026-01-01T01:05:00Z', to: '2026-01-01T02:30:00Z' })).toEqual([
        conversationId(2),
        conversationId(1),
      ]);
      expect(await ids({ hasWhispers: false })).toEqual([conversationId(3)]);
      expect(await ids({ channelId: 'no-such-channel' })).toEqual([]);
      expect(await ids({ agentId: CONSULTANT_1 })).toEqual([conversationId(1)]);
    });

    it('should make the same number of SQL queries for 2 and 4 conversations with every field (no N+1)', async () => {
      const database = sut.app.get<DatabaseConnection>(READ_DATABASE_CONNECTION);
      const spy = jest.spyOn(database, 'query');
      const count = async (first: number) => {
        spy.mockClear();
        const res = await sut.graphql(CONVERSATIONS_QUERY, { view: 'AGENT', first });
        expect(res.body.data.conversations.edges).toHaveLength(first);
        return spy.mock.calls.length;
      };
      const small = await count(2);
      const large = await count(4);
      spy.mockRestore();
      // page + totalCount + messageCount + participants + lastMessage + transcript + the access-log row
      expect(small).toBe(7);
      expect(large).toBe(small);
    });

    it('should refuse an over-deep or over-complex query with a clear error when the limits are passed', async () => {
      const res = await sut.graphql(
        `{ conversations(view: AGENT) { edges { node { transcript { messages { sender { id } } } } } } }`,
      );
      expect(res.body.errors).toBeUndefined();
      const deep = await sut.graphql(
        '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }',
      );
      expect(deep.status).toBe(400);
      expect(deep.body.errors?.[0]).toMatchObject({
        message: 'Query depth 9 exceeds the limit of 8',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
      // One full page of 100 with every field costs about 5,000; three of them pass the 10,000 limit.
      const complex = await sut.graphql(
        `{ a: conversations(view: AGENT, first: 100) { edges { node { ${CONVERSATION_FIELDS} } } }
           b: conversations(view: AGENT, first: 100) { edges { node { ${CONVERSATION_FIELDS} } } }
           c: conversations(view: AGENT, first: 100) { edges { node { ${CONVERSATION_FIELDS} } } } }`,
      );
      expect(complex.status).toBe(400);
      expect(complex.body.errors?.[0].message).toMatch(
        /^Query complexity \d+ exceeds the limit of 10000/,
      );
    });
  });

  describe('accessLog', () => {
    const log = async (variables: object = {}) => {
      const res = await sut.graphql(ACCESS_LOG_QUERY, { first: 100, ...variables }, 'audit');
      expect(res.body.errors).toBeUndefined();
      return res.body.data.accessLog;
    };

    it('should record every full-agent read and every export with key, operation, ids, view and request id', async () => {
      const post = (query: string, variables: object, key: keyof typeof KEYS, requestId: string) =>
        sut
          .http()
          .post('/graphql')
          .set('Authorization', `Bearer ${KEYS[key].secret}`)
          .set('X-Request-Id', requestId)
          .send({ query, variables });
      await post(TRANSCRIPT_QUERY, { id: conversationId(0), view: 'AGENT' }, 'agent', 'req-1');
      await post(
        TRANSCRIPT_QUERY,
        { id: conversationId(0), view: 'CUSTOMER' },
        'agent',
        'req-not-logged',
      );
      await post(CONVERSATION_QUERY, { id: conversationId(1), view: 'AGENT' }, 'agent', 'req-2');
      await post(
        CONVERSATION_QUERY,
        { id: conversationId(1), view: 'CUSTOMER' },
        'customer',
        'req-not-logged',
      );
      await post(CONVERSATIONS_QUERY, { view: 'AGENT', first: 2 }, 'admin', 'req-3');
      await post(
        `{ conversationCollaboration(conversationId: "${conversationId(2)}") { conversationId } }`,
        {},
        'agent',
        'req-4',
      );
      await sut
        .http()
        .get(`/exports/conversations/${conversationId(3)}?view=customer&format=txt`)
        .set('Authorization', `Bearer ${KEYS.customer.secret}`)
        .set('X-Request-Id', 'req-5')
        .expect(200)
        .expect('X-Request-Id', 'req-5');
      await sut
        .http()
        .get(`/exports/transcripts?from=${FROM}&to=${TO}&view=agent&format=ndjson`)
        .set('Authorization', `Bearer ${KEYS.agent.secret}`)
        .set('X-Request-Id', 'req-6')
        .expect(200);

      const entries = (await log()).edges.map(({ node }: { node: Record<string, unknown> }) => ({
        keyName: node.keyName,
        operation: node.operation,
        view: node.view,
        conversationIds: node.conversationIds,
        requestId: node.requestId,
      }));
      expect(entries.reverse()).toEqual([
        {
          keyName: 'agent',
          operation: 'graphql:transcript',
          view: 'AGENT',
          conversationIds: [conversationId(0)],
          requestId: 'req-1',
        },
        {
          keyName: 'agent',
          operation: 'graphql:conversation',
          view: 'AGENT',
          conversationIds: [conversationId(1)],
          requestId: 'req-2',
        },
        {
          keyName: 'admin',
          operation: 'graphql:conversations',
          view: 'AGENT',
          conversationIds: [conversationId(3), conversationId(2)],
          requestId: 'req-3',
        },
        {
          keyName: 'agent',
          operation: 'graphql:conversationCollaboration',
          view: 'AGENT',
          conversationIds: [conversationId(2)],
          requestId: 'req-4',
        },
        {
          keyName: 'customer',
          operation: 'export:conversation',
          view: 'CUSTOMER',
          conversationIds: [conversationId(3)],
          requestId: 'req-5',
        },
        {
          keyName: 'agent',
          operation: 'export:transcripts',
          view: 'AGENT',
          conversationIds: [0, 1, 2, 3].map(conversationId),
          requestId: 'req-6',
        },
      ]);
    });

    it('should page and filter by conversation when asked', async () => {
      for (let i = 0; i < 3; i++)
        await sut.graphql(TRANSCRIPT_QUERY, { id: conversationId(i), view: 'AGENT' });
      const first = await log({ first: 2 });
      expect(first.totalCount).toBe(3);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await log({ first: 2, after: first.pageInfo.endCursor });
      expect(second.edges).toHaveLength(1);
      expect(second.pageInfo.hasNextPage).toBe(false);
      const seen = [...first.edges, ...second.edges].map(
        (e: { node: { conversationIds: string[] } }) => e.node.conversationIds[0],
      );
      expect(seen).toEqual([2, 1, 0].map(conversationId));
      expect((await log({ conversationId: conversationId(1) })).totalCount).toBe(1);
    });

    it('should refuse UPDATE and DELETE in the database (append-only)', async () => {
      await sut.graphql(TRANSCRIPT_QUERY, { id: conversationId(0), view: 'AGENT' });
      await expect(
        withAdmin((c) => c.query(`UPDATE access_log SET key_name = 'someone else'`), db.url),
      ).rejects.toThrow('append-only');
      await expect(withAdmin((c) => c.query('DELETE FROM access_log'), db.url)).rejects.toThrow(
        'append-only',
      );
    });

    it('should refuse with FORBIDDEN when the key lacks audit:read', async () => {
      const res = await sut.graphql(ACCESS_LOG_QUERY, {}, 'agent');
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });
  });
});
