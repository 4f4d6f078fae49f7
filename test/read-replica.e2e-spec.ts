import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONVERSATION_ID, FIXTURE_NAMES, loadFixture } from './utils/fixtures.js';
import { messageEvent } from './utils/events.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { TcpProxy, viaProxy } from './utils/tcp-proxy.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

/**
 * READ_DATABASE_URL: the read side goes to a replica, writes to the primary. Here the "replica" is
 * the same database reached through a proxy, so cutting the proxy shows which calls use it.
 */
describe('reads on READ_DATABASE_URL (a read replica)', () => {
  let db: TestDatabase;
  let replica: TcpProxy;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    replica = new TcpProxy(target.hostname, Number(target.port || 5432));
    const port = await replica.start();
    sut = await createTestApp({ DATABASE_URL: db.url, READ_DATABASE_URL: viaProxy(db.url, port) });
  });

  afterAll(async () => {
    await sut?.close();
    await replica?.stop();
    await db?.drop();
  });

  const transcript = () => sut.graphql(TRANSCRIPT_QUERY, { id: CONVERSATION_ID, view: 'AGENT' });
  const report = () =>
    sut.graphql(
      `{ conversationReport(from: "2025-12-01T00:00:00Z", to: "2026-01-01T00:00:00Z") { agentOnlyMessages } }`,
    );

  it('should read from the replica and write to the primary, and go on writing while the replica is down', async () => {
    for (const name of FIXTURE_NAMES) await sut.postEvent(loadFixture(name)).expect(201);
    expect((await transcript()).body.data.transcript.messages).toHaveLength(4);
    expect((await report()).body.errors).toBeUndefined();

    await replica.cut();
    const down = await transcript();
    expect(down.status).toBe(503);
    expect(down.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect((await report()).status).toBe(503);
    // The primary still takes events, and the audit log (primary) still answers.
    const late = messageEvent('while-replica-down', { conversationId: CONVERSATION_ID });
    await sut.postEvent(late).expect(201);
    expect(await sut.originalEvent(late.id)).toEqual(late);
    await sut.http().get('/health/ready').expect(200);

    await replica.restore();
    let messages: unknown[] = [];
    for (let attempt = 0; attempt < 50 && messages.length !== 5; attempt++) {
      const res = await transcript();
      messages = res.body.data?.transcript?.messages ?? [];
      if (messages.length !== 5) await new Promise((r) => setTimeout(r, 100));
    }
    expect(messages).toHaveLength(5);
  });
});
