import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENT_1, CONNECTOR, ConversationBuilder } from './utils/cim-builder.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import {
  buildService,
  freePort,
  post,
  startServer,
  type ServerProcess,
} from './utils/server-process.js';
import { KEYS } from './utils/test-app.js';

const DAY = 86_400_000;
type Json = Record<string, any>;

/** A conversation of three events whose last activity is `ageDays` ago. */
function conversation(id: string, ageDays: number): Json[] {
  const c = new ConversationBuilder(id, Date.now() - ageDays * DAY);
  return [
    c.sessionEvent(`${id}-s`, 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
    c.text(`${id}-m1`, 'CUSTOMER_MESSAGE', 1, CONNECTOR, `secret of ${id}`),
    c.text(`${id}-m2`, 'AGENT_MESSAGE', 2, AGENT_1, `answer to ${id}`),
  ];
}

interface ConversationState {
  id: string;
  erased: boolean;
  messages: number;
  erasedMessages: number;
  parts: number;
  erasedParts: number;
}

describe('Retention (RETENTION_DAYS), real processes on PostgreSQL', () => {
  let db: TestDatabase;
  let dist: { dir: string; remove(): void };
  const servers: ServerProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const server = await startServer(
      dist.dir,
      { DATABASE_URL: db.url, LOG_LEVEL: 'info', METRICS_ENABLED: 'true', ...env },
      await freePort(),
    );
    servers.push(server);
    return server;
  };
  const stop = async (server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    server.child.kill(signal);
    await server.exited;
  };

  const states = async (prefix: string): Promise<ConversationState[]> =>
    withAdmin(
      async (c) =>
        (
          await c.query(
            `SELECT cim_id_text(v.id) AS id, v.erased_at IS NOT NULL AS erased,
               (SELECT count(*)::int FROM messages m WHERE m.conversation_id = v.id) AS messages,
               (SELECT count(*)::int FROM messages m WHERE m.conversation_id = v.id AND m.erased_hash IS NOT NULL) AS "erasedMessages",
               (SELECT count(*)::int FROM parts p WHERE p.scope = v.id) AS parts,
               (SELECT count(*)::int FROM parts p WHERE p.scope = v.id AND p.content IS NULL) AS "erasedParts"
             FROM conversations v WHERE cim_id_text(v.id) LIKE $1 ORDER BY 1`,
            [`${prefix}%`],
          )
        ).rows as ConversationState[],
      db.url,
    );

  /** Each conversation once in the ledger, by retention. */
  const ledger = async (): Promise<Map<string, number>> => {
    const rows = await withAdmin(
      async (c) =>
        (await c.query(`SELECT requested_by, conversations FROM erasures ORDER BY seq`)).rows as {
          requested_by: string;
          conversations: { id: string }[];
        }[],
      db.url,
    );
    const times = new Map<string, number>();
    for (const r of rows) {
      expect(r.requested_by).toBe('retention');
      for (const c of r.conversations) times.set(c.id, (times.get(c.id) ?? 0) + 1);
    }
    return times;
  };

  const until = async (what: () => Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const verify = async (url: string, id: string) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.audit.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query ($id: ID!) { verifyAuditLog(conversationId: $id) { ok } }',
        variables: { id },
      }),
    });
    return ((await res.json()) as Json).data.verifyAuditLog.ok as boolean;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dist = buildService();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) await stop(s, 'SIGKILL');
    dist?.remove();
    await db?.drop();
  });

  it('should erase only what is older than the limit and not held, once, with two instances running', async () => {
    // A first instance without retention takes the events.
    const writer = await start();
    const old = Array.from({ length: 40 }, (_, i) => `old-${String(i).padStart(2, '0')}`);
    for (const id of old)
      expect(await post(`${writer.url}/events/batch`, conversation(id, 400))).toBe(200);
    expect(await post(`${writer.url}/events/batch`, conversation('recent-1', 5))).toBe(200);
    expect(await post(`${writer.url}/events/batch`, conversation('held-1', 400))).toBe(200);
    const hold = await fetch(`${writer.url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEYS.eraser.secret}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        query: 'mutation { placeLegalHold(conversationId: "held-1", reason: "case 7") { id } }',
      }),
    });
    expect(((await hold.json()) as Json).errors).toBeUndefined();
    await stop(writer);

    const env = { RETENTION_DAYS: '30', RETENTION_BATCH_SIZE: '3' };
    const [a, b] = await Promise.all([start(env), start(env)]);
    await until(async () => (await states('old-')).every((s) => s.erased));

    const all = await states('');
    for (const s of all) {
      const expected = s.id.startsWith('old-');
      expect({ id: s.id, erased: s.erased }).toEqual({ id: s.id, erased: expected });
      if (expected) expect(s.erasedMessages).toBe(s.messages);
      else expect(s.erasedMessages).toBe(0);
    }
    const times = await ledger();
    expect([...times.keys()].sort()).toEqual(old);
    expect([...times.values()].every((n) => n === 1)).toBe(true);
    for (const id of ['old-00', 'old-39', 'recent-1', 'held-1'])
      expect(await verify(a.url, id)).toBe(true);

    // Progress in the log, and the counter.
    expect(a.output() + b.output()).toMatch(/Retention erased \d+ conversations/);
    const metrics = (
      await Promise.all([a, b].map((s) => fetch(`${s.url}/metrics`).then((r) => r.text())))
    ).join('\n');
    const counted = [
      ...metrics.matchAll(/cim_erased_conversations_total\{by="retention"\} (\d+)/g),
    ].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(old.length);
    await Promise.all([stop(a), stop(b)]);
  }, 120_000);

  it('should resume after a SIGKILL mid-pass without leaving a conversation half-erased', async () => {
    const writer = await start();
    const ids = Array.from({ length: 150 }, (_, i) => `kill-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 10) {
      const events = ids.slice(i, i + 10).flatMap((id) => conversation(id, 100));
      expect(await post(`${writer.url}/events/batch`, events)).toBe(200);
    }
    await stop(writer);

    const env = { RETENTION_DAYS: '30', RETENTION_BATCH_SIZE: '1' };
    const first = await start(env);
    await until(async () => (await states('kill-')).some((s) => s.erased), 30_000);
    await stop(first, 'SIGKILL');

    const afterKill = await states('kill-');
    const erasedNow = afterKill.filter((s) => s.erased).length;
    expect(erasedNow).toBeGreaterThan(0);
    expect(erasedNow).toBeLessThan(ids.length);
    for (const s of afterKill) {
      // All of it or none of it.
      if (s.erased) expect([s.erasedMessages, s.erasedParts]).toEqual([s.messages, s.parts]);
      else expect([s.erasedMessages, s.erasedParts]).toEqual([0, 0]);
    }

    const second = await start(env);
    await until(async () => (await states('kill-')).every((s) => s.erased));
    const times = await ledger();
    for (const id of ids) expect(times.get(id)).toBe(1);
    for (const id of [ids[0], ids[ids.length - 1]]) expect(await verify(second.url, id)).toBe(true);
    await stop(second);
  }, 120_000);
});
