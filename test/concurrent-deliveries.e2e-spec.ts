import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CimEvent } from '../src/ingest/cim-event.js';
import { messageEvent, storeIntegrity } from './utils/events.js';
import { shuffled } from './utils/fixtures.js';
import {
  createTestDatabase,
  truncateData,
  waitForLockWaits,
  withAdmin,
  type TestDatabase,
} from './utils/database.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

const CONVERSATIONS = ['conv-a', 'conv-b', 'conv-c'];
const PER_CONVERSATION = 30;

/** 90 events over 3 conversations, plus redeliveries: new event ids carrying an existing data.id. */
function eventSet(): { events: CimEvent[]; messageIds: Set<string> } {
  const events: CimEvent[] = [];
  const messageIds = new Set<string>();
  for (const conversationId of CONVERSATIONS) {
    for (let i = 0; i < PER_CONVERSATION; i++) {
      const dataId = `${conversationId}-msg-${i}`;
      messageIds.add(dataId);
      events.push(messageEvent(`${conversationId}-${i}`, { conversationId, dataId, offsetMs: i }));
      if (i % 5 === 0) {
        events.push(
          messageEvent(`${conversationId}-${i}-redelivered`, {
            conversationId,
            dataId,
            offsetMs: i + 1000,
          }),
        );
      }
    }
  }
  return { events, messageIds };
}

/**
 * 50 deliveries at once, each an overlapping, shuffled half of the same events, some as single
 * POSTs and some as batches, spread over the given app instances.
 */
async function deliver(instances: TestApp[], events: CimEvent[]): Promise<number[]> {
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: 50 }, async (_, d) => {
      const app = instances[d % instances.length];
      const slice = shuffled(events, d + 1).slice(0, Math.ceil(events.length / 2));
      if (d % 2 === 0) {
        for (let i = 0; i < slice.length; i += 20) {
          const res = await app
            .http()
            .post('/events/batch')
            .set('Authorization', `Bearer ${KEYS.writer.secret}`)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(slice.slice(i, i + 20)));
          statuses.push(res.status);
          if (res.status === 200) {
            for (const r of res.body.results as { status: string }[]) {
              statuses.push(r.status === 'created' ? 201 : r.status === 'duplicate' ? 200 : 409);
            }
          }
        }
      } else {
        for (const event of slice) statuses.push((await app.postEvent(event)).status);
      }
    }),
  );
  return statuses;
}

async function messagesPerId(url: string): Promise<{ id: string; n: number }[]> {
  return withAdmin(
    async (c) =>
      (
        await c.query<{ id: string; n: number }>(
          "SELECT cim_id_text(conversation_id) || '/' || cim_id_text(id) AS id, count(*)::int AS n FROM messages GROUP BY 1 ORDER BY 1",
        )
      ).rows,
    url,
  );
}

describe('concurrent, overlapping and duplicated deliveries', () => {
  let db: TestDatabase;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    first = await createTestApp({ DATABASE_URL: db.url });
    // A second, independent instance on the same database, as behind a load balancer.
    second = await createTestApp({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await db?.drop();
  });

  it.each([
    { label: 'one instance', instances: () => [first] },
    { label: 'two instances on one database', instances: () => [first, second] },
  ])(
    'should store each event and each message exactly once, with no error reaching a client, when 50 deliveries race on $label',
    async ({ instances }) => {
      await truncateData(db.url);
      const { events, messageIds } = eventSet();

      const statuses = await deliver(instances(), events);

      expect([...new Set(statuses)].sort()).toEqual([200, 201]);
      expect(statuses.filter((s) => s === 201)).toHaveLength(events.length);
      const perId = await messagesPerId(db.url);
      expect(perId).toHaveLength(messageIds.size);
      expect(perId.filter((r) => r.n !== 1)).toEqual([]);
      expect(await storeIntegrity(db.url)).toEqual({
        events: events.length,
        messages: messageIds.size,
        eventsWithoutMessage: 0,
        messagesWithoutEvent: 0,
        eventsWithoutConversation: 0,
      });
    },
  );

  it('should answer 409 and store nothing when another conversation stores the same event id in the same instant', async () => {
    await truncateData(db.url);
    const event = messageEvent('raced', { conversationId: 'conv-late' });
    await withAdmin(async (other) => {
      // A writer in another conversation has inserted the id and not committed yet: the service's
      // duplicate check cannot see it, as when two deliveries race.
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO events (conversation_id, id, name, "timestamp", received_at, format, chain)
         VALUES (cim_id('conv-early'), cim_id($1), 'CUSTOMER_MESSAGE', now(), now(), 2, '\\x00')`,
        [event.id],
      );
      const answer = first.postEvent(event).then((res) => res);
      await waitForLockWaits(db.url);
      await other.query('COMMIT');

      const res = await answer;
      expect(res.status).toBe(409);
    }, db.url);
    const stored = await withAdmin(
      async (c) =>
        (
          await c.query(
            'SELECT cim_id_text(conversation_id) AS conversation_id FROM events WHERE id = cim_id($1)',
            [event.id],
          )
        ).rows,
      db.url,
    );
    expect(stored).toEqual([{ conversation_id: 'conv-early' }]);
    expect(await messagesPerId(db.url)).toEqual([]);
  });
});
