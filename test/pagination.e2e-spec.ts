import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { conversationEvents, conversationId } from './utils/read-side-data.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, type TestApp } from './utils/test-app.js';
import { eventFrom } from './utils/fixtures.js';

const EXISTING = 25;

describe('conversations pagination under concurrent ingestion', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (let n = 0; n < EXISTING; n++) {
      for (const e of conversationEvents(n).slice(0, 2)) await sut.postEvent(e).expect(201);
    }
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should return every existing conversation exactly once when events arrive between pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let round = 0;
    for (;;) {
      const res: { body: { data?: any; errors?: unknown[] } } = await sut.graphql(
        `query($after: String) { conversations(view: AGENT, first: 4, after: $after) {
          pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data.conversations as {
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string } }[];
      };
      seen.push(...page.edges.map((e) => e.node.id));
      // Between pages: new conversations, and newer (and older) messages in existing ones not yet seen.
      const writes = [
        ...conversationEvents(100 + round).slice(0, 2),
        eventFrom('CUSTOMER_MESSAGE', (e) => {
          e.id = `late-${round}`;
          e.conversationId = conversationId(round);
          e.timestamp = Date.UTC(2027, 0, 1) + round;
          e.data.id = `late-msg-${round}`;
        }),
        eventFrom('CUSTOMER_MESSAGE', (e) => {
          e.id = `early-${round}`;
          e.conversationId = conversationId(EXISTING - 1 - round);
          e.timestamp = Date.UTC(2020, 0, 1) + round;
          e.data.id = `early-msg-${round}`;
        }),
      ];
      await Promise.all(writes.map((e) => sut.postEvent(e).expect(201)));
      round++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const existing = Array.from({ length: EXISTING }, (_, n) => conversationId(n));
    expect(seen.filter((id) => existing.includes(id)).sort()).toEqual(existing);
  });
});
