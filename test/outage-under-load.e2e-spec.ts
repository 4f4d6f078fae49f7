import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { messageEvent, storedEventIds, storeIntegrity } from './utils/events.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { appBehindProxy, type TcpProxy } from './utils/tcp-proxy.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('PostgreSQL going away under load', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let sut: TestApp;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, proxy, sut, close } = await appBehindProxy(createTestDatabase, createTestApp));
  });

  afterAll(() => close?.());

  it('should answer only 2xx or 503, recover within seconds, and lose nothing acknowledged when the database is cut twice', async () => {
    const acked = new Set<string>();
    const seen: { status: number; at: number }[] = [];
    let running = true;
    let n = 0;
    const worker = async (w: number) => {
      while (running) {
        const batch = w % 4 === 0;
        const events = Array.from({ length: batch ? 5 : 1 }, () =>
          messageEvent(`out-${n++}`, { conversationId: `conv-out-${n % 5}` }),
        );
        const req = sut
          .http()
          .post(batch ? '/events/batch' : '/events')
          .set('Authorization', 'Bearer writer-secret-0123456789')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(batch ? events : events[0]));
        const res = await req;
        seen.push({ status: res.status, at: Date.now() });
        if (res.status >= 200 && res.status < 300) events.forEach((e) => acked.add(e.id));
        if (res.status === 503) {
          expect(res.headers['retry-after']).toBe('5');
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const recoveries: number[] = [];
    try {
      for (let cut = 0; cut < 2; cut++) {
        await new Promise((r) => setTimeout(r, 700));
        await proxy.cut();
        await new Promise((r) => setTimeout(r, 1500));
        expect((await sut.http().get('/health/live')).status).toBe(200);
        expect((await sut.http().get('/health/ready')).status).toBe(503);
        const restoredAt = Date.now();
        await proxy.restore();
        const end = restoredAt + 10_000;
        while (!seen.some((s) => s.at > restoredAt && s.status < 300) && Date.now() < end) {
          await new Promise((r) => setTimeout(r, 20));
        }
        recoveries.push(
          (seen.find((s) => s.at > restoredAt && s.status < 300)?.at ?? Infinity) - restoredAt,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      running = false;
      await workers;
    }

    const statuses = new Set(seen.map((s) => s.status));
    expect([...statuses].filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
    expect(statuses.has(503)).toBe(true);
    recoveries.forEach((ms) => expect(ms).toBeLessThan(5_000));
    const stored = await storedEventIds(db.url, [...acked]);
    expect([...acked].filter((id) => !stored.has(id))).toEqual([]);
    expect(await storeIntegrity(db.url)).toMatchObject({
      eventsWithoutMessage: 0,
      messagesWithoutEvent: 0,
      eventsWithoutConversation: 0,
    });
  });
});
