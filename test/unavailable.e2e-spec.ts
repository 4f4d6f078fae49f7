import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONVERSATION_ID, eventFrom, loadFixture } from './utils/fixtures.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { appBehindProxy, type TcpProxy } from './utils/tcp-proxy.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

describe('when PostgreSQL is unreachable', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let sut: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, proxy, sut, close } = await appBehindProxy(createTestDatabase, createTestApp));
  });

  afterAll(() => close?.());

  it('should answer 503 with Retry-After, store nothing, and recover once it is back', async () => {
    await sut.postEvent(loadFixture('CUSTOMER_MESSAGE')).expect(201);
    await proxy.cut();

    const down = await sut.postEvent(loadFixture('WHISPER_MESSAGE'));
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.message).toMatch(/database is unavailable/i);

    const read = await sut
      .http()
      .post('/graphql')
      .set('Authorization', 'Bearer agent-secret-0123456789')
      .send({ query: TRANSCRIPT_QUERY, variables: { id: CONVERSATION_ID, view: 'AGENT' } });
    expect(read.status).toBe(503);
    expect(read.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    await sut.http().get('/health/ready').expect(503);
    await sut.http().get('/health/live').expect(200);

    await proxy.restore();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 201; attempt++) {
      status = (await sut.postEvent(loadFixture('WHISPER_MESSAGE'))).status;
      if (status !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(201);
    await sut.postEvent(eventFrom('AGENT_MESSAGE', () => undefined)).expect(201);
    const ids = await withAdmin(
      async (c) => (await c.query('SELECT name FROM events ORDER BY name')).rows,
      db.url,
    );
    expect(ids.map((r: { name: string }) => r.name)).toEqual([
      'AGENT_MESSAGE',
      'CUSTOMER_MESSAGE',
      'WHISPER_MESSAGE',
    ]);
  });
});

describe('when the schema is dropped under the running service', () => {
  let db: TestDatabase;
  let sut: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should answer 503 and be not ready, never 500, and recover at the next start', async () => {
    await sut!.postEvent(loadFixture('CUSTOMER_MESSAGE')).expect(201);
    await withAdmin((c) => c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public'), db.url);

    const write = await sut!.postEvent(loadFixture('WHISPER_MESSAGE'));
    expect(write.status).toBe(503);
    const batch = await sut!
      .http()
      .post('/events/batch')
      .set('Authorization', 'Bearer writer-secret-0123456789')
      .send([loadFixture('AGENT_MESSAGE')]);
    expect(batch.status).toBe(503);
    const read = await sut!
      .http()
      .post('/graphql')
      .set('Authorization', 'Bearer agent-secret-0123456789')
      .send({ query: TRANSCRIPT_QUERY, variables: { id: CONVERSATION_ID, view: 'AGENT' } });
    expect(read.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    const ready = await sut!.http().get('/health/ready').expect(503);
    expect(JSON.stringify(ready.body)).toContain("does not hold this build's schema");

    // Only the tables were lost; a restart migrates again and the publisher's retry gets through.
    await sut!.close();
    sut = await createTestApp({ DATABASE_URL: db.url });
    await sut.http().get('/health/ready').expect(200);
    await sut.postEvent(loadFixture('WHISPER_MESSAGE')).expect(201);
  });
});
