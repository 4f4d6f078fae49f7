import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import {
  AGENT_ID,
  AGENT_ONLY_TRACES,
  consultantId,
  conversationEvents,
  conversationId,
  hasWhispers,
} from './utils/read-side-data.js';
import { createTestApp, KEYS, type KeyName, type TestApp } from './utils/test-app.js';

/** The GraphQL additions of the supervisor console: viewer, whisperCount, whispersByAgent. */
const VIEWER = '{ viewer { name scopes } }';
const LIST = `
  query ($view: TranscriptView!) {
    conversations(view: $view, first: 10) { edges { node { id messageCount whisperCount } } }
  }`;
const ONE = `
  query ($id: ID!, $view: TranscriptView!) { conversation(id: $id, view: $view) { id whisperCount } }`;
const WHISPERS = `
  query ($from: DateTime!, $to: DateTime!, $granularity: ReportGranularity) {
    whispersByAgent(from: $from, to: $to, granularity: $granularity) {
      bucket whispers agent { id name type }
    }
  }`;
const DAY = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z' };

/** Conversations n = 0..3 of test/utils/read-side-data.ts: whispers in 0, 1, 2 (two each, a third in 2). */
const CONVERSATIONS = [0, 1, 2, 3];
const agentOnlyIn = (n: number) => (hasWhispers(n) ? 2 : 0) + (n % 4 === 2 ? 1 : 0);

describe('console API', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (const n of CONVERSATIONS)
      for (const e of conversationEvents(n)) await sut.postEvent(e).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  describe('viewer', () => {
    it.each(Object.keys(KEYS) as KeyName[])(
      'should name the key and its scopes when the key is %s',
      async (key) => {
        const res = await sut.graphql(VIEWER, {}, key);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.viewer).toEqual({ name: KEYS[key].name, scopes: KEYS[key].scopes });
      },
    );

    it('should refuse when there is no key', async () => {
      const res = await sut.http().post('/graphql').send({ query: VIEWER });
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('Conversation.whisperCount', () => {
    it('should count agent-only messages per conversation when the view is AGENT', async () => {
      const res = await sut.graphql(LIST, { view: 'AGENT' }, 'agent');
      expect(res.body.errors).toBeUndefined();
      const counts = Object.fromEntries(
        res.body.data.conversations.edges.map((e: any) => [e.node.id, e.node.whisperCount]),
      );
      expect(counts).toEqual(
        Object.fromEntries(CONVERSATIONS.map((n) => [conversationId(n), agentOnlyIn(n)])),
      );
    });

    it.each(['customer', 'agent', 'admin'] as const)(
      'should be null in the CUSTOMER view for the %s key',
      async (key) => {
        const list = await sut.graphql(LIST, { view: 'CUSTOMER' }, key);
        expect(list.body.errors).toBeUndefined();
        const nodes = list.body.data.conversations.edges.map((e: any) => e.node);
        expect(nodes).toHaveLength(CONVERSATIONS.length);
        expect(nodes.map((n: any) => n.whisperCount)).toEqual(nodes.map(() => null));
        const one = await sut.graphql(ONE, { id: conversationId(0), view: 'CUSTOMER' }, key);
        expect(one.body.data.conversation).toEqual({ id: conversationId(0), whisperCount: null });
        for (const trace of AGENT_ONLY_TRACES)
          expect(JSON.stringify(one.body)).not.toContain(trace);
      },
    );

    it('should refuse the AGENT view to a customer key, whisperCount with it', async () => {
      const res = await sut.graphql(ONE, { id: conversationId(0), view: 'AGENT' }, 'customer');
      expect(res.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.body.data?.conversation ?? null).toBeNull();
    });
  });

  describe('whispersByAgent', () => {
    it('should count each agent’s whispers in the day when given a day', async () => {
      const res = await sut.graphql(WHISPERS, DAY, 'reports');
      expect(res.body.errors).toBeUndefined();
      // Whisper A of every conversation with whispers and the late one of n = 2 are the agent's;
      // whisper B is the consultant's, consultant n % 2.
      const expected = new Map<string, number>();
      const add = (id: string) => expected.set(id, (expected.get(id) ?? 0) + 1);
      for (const n of CONVERSATIONS.filter(hasWhispers)) {
        add(AGENT_ID);
        add(consultantId(n));
        if (n % 4 === 2) add(AGENT_ID);
      }
      const rows = res.body.data.whispersByAgent;
      expect(rows.map((r: any) => [r.agent.id, r.whispers])).toEqual(
        [...expected].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      );
      expect(new Set(rows.map((r: any) => r.bucket))).toEqual(new Set([DAY.from]));
      expect(rows.every((r: any) => r.agent.type === 'AGENT')).toBe(true);
      expect(rows.find((r: any) => r.agent.id === consultantId(0)).agent.name).toBe(
        'Hidden Consultant',
      );
    });

    it('should split by hour when the granularity is HOUR', async () => {
      const res = await sut.graphql(WHISPERS, { ...DAY, granularity: 'HOUR' }, 'reports');
      const perHour = new Map<string, number>();
      for (const r of res.body.data.whispersByAgent)
        perHour.set(r.bucket, (perHour.get(r.bucket) ?? 0) + r.whispers);
      // Conversation n starts at hour n; its whispers (two, three for n = 2) fall in that hour.
      expect(Object.fromEntries(perHour)).toEqual({
        '2026-01-01T00:00:00.000Z': 2,
        '2026-01-01T01:00:00.000Z': 2,
        '2026-01-01T02:00:00.000Z': 3,
      });
    });

    it('should agree with the agent-only volume of conversationReport', async () => {
      const report = await sut.graphql(
        `query ($from: DateTime!, $to: DateTime!) {
          conversationReport(from: $from, to: $to) { agentOnlyMessages } }`,
        DAY,
        'reports',
      );
      const whispers = await sut.graphql(WHISPERS, DAY, 'reports');
      const total = (rows: any[], field: string) => rows.reduce((n, r) => n + r[field], 0);
      expect(total(whispers.body.data.whispersByAgent, 'whispers')).toBe(
        total(report.body.data.conversationReport, 'agentOnlyMessages'),
      );
    });

    it.each(['customer', 'agent', 'audit'] as const)(
      'should be refused to the %s key, which lacks reports:read',
      async (key) => {
        const res = await sut.graphql(WHISPERS, DAY, key);
        expect(res.body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      },
    );

    it('should refuse a range that ends before it starts', async () => {
      const res = await sut.graphql(WHISPERS, { from: DAY.to, to: DAY.from }, 'reports');
      expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });
});
