import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

const MESSAGES = 100_000;

// A full collection before each sample, so the figure is memory still held, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retained = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const TEXT_BYTES = 400;

/** Streams a GET to the end, counting bytes and sampling this process's heap as it goes. */
function download(
  port: number,
  path: string,
): Promise<{ status: number; bytes: number; peakHeap: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { port, path, headers: { Authorization: `Bearer ${KEYS.agent.secret}` } },
      (res) => {
        let bytes = 0;
        let peakHeap = 0;
        let nextSample = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes >= nextSample) {
            peakHeap = Math.max(peakHeap, retained());
            nextSample += 4_000_000;
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, peakHeap }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

describe('export memory', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    await sut.app.listen(0, '127.0.0.1');
    port = (sut.app.getHttpServer().address() as AddressInfo).port;
    // 100,000 messages in one conversation, bulk-inserted (ingest is tested elsewhere).
    await withAdmin(async (c) => {
      await c.query(`INSERT INTO conversations (id, first_event_at, last_event_at, snapshot_at, snapshot_event_id)
        VALUES (cim_id('big'), '2026-02-01', '2026-02-02', '2026-02-01', cim_id('x'))`);
      await c.query(
        `INSERT INTO messages (conversation_id, id, event_id, event_name, "timestamp", sender_id, sender_type, body_type, text, body, visibility)
         SELECT cim_id('big'), cim_id('m' || i), cim_id('e' || i), 'AGENT_MESSAGE', timestamptz '2026-02-01' + i * interval '1 second',
                cim_id('agent-1'), 'AGENT', 'PLAIN', repeat('x', $1) || i, '{}',
                (CASE WHEN i % 5 = 0 THEN 'AGENTS_ONLY' ELSE 'CUSTOMER_VISIBLE' END)::"Visibility"
         FROM generate_series(1, $2) AS i`,
        [TEXT_BYTES, MESSAGES],
      );
    }, db.url);
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it.each(['csv'])(
    'should stream 100,000 messages as %s without the heap growing with the export',
    async (format) => {
      const before = retained();
      const started = Date.now();
      const result = await download(port, `/exports/conversations/big?view=agent&format=${format}`);
      const growth = result.peakHeap - before;
      console.log(
        `${format}: ${(result.bytes / 1e6).toFixed(1)} MB streamed in ${Date.now() - started} ms, peak retained heap growth ${(growth / 1e6).toFixed(1)} MB`,
      );
      expect(result.status).toBe(200);
      expect(result.bytes).toBeGreaterThan(MESSAGES * TEXT_BYTES);
      // Holding the export would need more than its size (40+ MB); bounded pages keep it to a few MB.
      expect(growth).toBeLessThan(10_000_000);
    },
    120_000,
  );
});
