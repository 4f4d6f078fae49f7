import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { messageEvent, storedEventIds, storeIntegrity } from './utils/events.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { KEYS } from './utils/test-app.js';
import {
  buildService,
  dockerNodeFlags,
  freePort,
  post,
  productionNodeFlags,
  startServer,
  type ServerProcess,
} from './utils/server-process.js';

/**
 * Clients posting single events and small batches as fast as they can until `stop()`; records which
 * event ids got a 2xx, and every status seen.
 */
function clientLoad(url: string, prefix: string, clients = 6) {
  const acked = new Set<string>();
  const sent = new Map<string, unknown>();
  const statuses: (number | 'network-error')[] = [];
  let running = true;
  let n = 0;
  const worker = async (w: number) => {
    while (running) {
      const batch = w === 0;
      const events = Array.from({ length: batch ? 10 : 1 }, () => {
        const key = `${prefix}-${n++}`;
        const event = messageEvent(key, { conversationId: `conv-${prefix}-${n % 7}` });
        sent.set(event.id, event);
        return event;
      });
      const status = await post(
        `${url}/events${batch ? '/batch' : ''}`,
        batch ? events : events[0],
      );
      statuses.push(status);
      if (status === 'network-error') {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      if (status >= 200 && status < 300) events.forEach((e) => acked.add(e.id));
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, w) => worker(w)));
  return {
    acked,
    sent,
    statuses,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const until = async (condition: () => boolean, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('the server process under faults', () => {
  let db: TestDatabase;
  let build: ReturnType<typeof buildService>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    build = buildService();
    db = await createTestDatabase();
  }, 120_000);

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await db?.drop();
    build?.remove();
  });

  it('should run under the Node flags the Docker image uses too', () => {
    // startServer runs npm run start:prod's flags; the image must not drift from what is tested.
    expect(productionNodeFlags()).toEqual(dockerNodeFlags());
    expect(productionNodeFlags()).toContain('--heap-growing-percent=50');
  });

  it('should keep every acknowledged event, whole, when the process is SIGKILLed under load, 4 times', async () => {
    const port = await freePort();
    for (let round = 0; round < 4; round++) {
      server = await startServer(build.dir, { DATABASE_URL: db.url }, port);
      const load = clientLoad(server.url, `kill${round}`);
      await until(() => load.acked.size >= 40 + round * 25, 20_000);
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      await load.stop();

      server = await startServer(build.dir, { DATABASE_URL: db.url }, port);
      const stored = await storedEventIds(db.url, [...load.acked]);
      expect([...load.acked].filter((id) => !stored.has(id))).toEqual([]);
      expect(load.statuses.filter((s) => typeof s === 'number' && s >= 300)).toEqual([]);
      const integrity = await storeIntegrity(db.url);
      expect(integrity).toMatchObject({
        eventsWithoutMessage: 0,
        messagesWithoutEvent: 0,
        eventsWithoutConversation: 0,
      });
      expect(integrity.messages).toBe(integrity.events);
      // Redelivering what was in flight at the kill succeeds: nothing is left half-written.
      const unacked = [...load.sent.values()].filter(
        (e) => !load.acked.has((e as { id: string }).id),
      );
      for (const event of unacked)
        expect([200, 201]).toContain(await post(`${server.url}/events`, event));
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = undefined;
  }, 90_000);

  it('should log JSON lines with request ids and without secrets when LOG_LEVEL is info', async () => {
    const port = await freePort();
    server = await startServer(build.dir, { DATABASE_URL: db.url, LOG_LEVEL: 'info' }, port);
    const headers = { 'Content-Type': 'application/json', 'X-Request-Id': 'req-log-test-1' };

    const refused = await fetch(`${server.url}/events`, {
      method: 'POST',
      headers: { ...headers, Authorization: 'Bearer not-a-real-secret-but-secret-looking' },
      body: '{}',
    });
    const invalid = await fetch(`${server.url}/events`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${KEYS.writer.secret}` },
      body: JSON.stringify({ id: 'x' }),
    });
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await server.exited;
    const output = server.output();
    server = undefined;

    expect([refused.status, invalid.status]).toEqual([401, 400]);
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { req?: { id?: string }; res?: { statusCode?: number } });
    const requestLines = lines.filter((l) => l.req?.id === 'req-log-test-1');
    expect(requestLines.map((l) => l.res?.statusCode).sort()).toEqual([400, 401]);
    expect(output).not.toContain(KEYS.writer.secret);
    expect(output).not.toContain('not-a-real-secret-but-secret-looking');
  }, 60_000);

  it('should finish and commit what is in flight and exit 0 when sent SIGTERM under load', async () => {
    const port = await freePort();
    server = await startServer(build.dir, { DATABASE_URL: db.url }, port);
    const load = clientLoad(server.url, 'term', 10);
    await until(() => load.acked.size >= 60, 20_000);

    server.child.kill('SIGTERM');
    const exit = await server.exited;
    const output = server.output();
    await load.stop();
    server = undefined;

    expect(exit).toEqual({ code: 0, signal: null });
    // A clean stop logs no errors (pino level 50 and above), e.g. no pool closed twice.
    const errors = output
      .split('\n')
      .filter((l) => l.startsWith('{') && (JSON.parse(l) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
    const stored = await storedEventIds(db.url, [...load.acked]);
    expect([...load.acked].filter((id) => !stored.has(id))).toEqual([]);
    // A request is either answered (2xx) or never accepted (connection refused): no 5xx.
    expect(load.statuses.filter((s) => typeof s === 'number' && s >= 300)).toEqual([]);
    expect(await storeIntegrity(db.url)).toMatchObject({
      eventsWithoutMessage: 0,
      messagesWithoutEvent: 0,
    });
  }, 60_000);
});
