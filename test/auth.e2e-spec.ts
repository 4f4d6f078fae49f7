import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONVERSATION_ID, loadFixture } from './utils/fixtures.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import {
  createTestApp,
  KEYS,
  TRANSCRIPT_QUERY,
  type KeyName,
  type TestApp,
} from './utils/test-app.js';

type Operation = 'POST /events' | 'transcript CUSTOMER' | 'transcript AGENT';

/** Which key may do what: the contract's scope table. */
const ALLOWED: Record<Operation, KeyName[]> = {
  'POST /events': ['writer', 'admin'],
  'transcript CUSTOMER': ['customer', 'agent', 'admin'],
  'transcript AGENT': ['agent', 'admin'],
};
const MATRIX = (Object.keys(ALLOWED) as Operation[]).flatMap((op) =>
  (Object.keys(KEYS) as KeyName[]).map((key) => [op, key, ALLOWED[op].includes(key)] as const),
);

describe('API keys and scopes', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    await sut.postEvent(loadFixture('WHISPER_MESSAGE')).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  const perform = async (op: Operation, authorization: string | null) => {
    if (op === 'POST /events') {
      const req = sut.http().post('/events').set('Content-Type', 'application/json');
      if (authorization) req.set('Authorization', authorization);
      const res = await req.send(
        JSON.stringify({ ...loadFixture('CUSTOMER_MESSAGE'), id: `auth-${++seq}` }),
      );
      return { status: res.status, code: undefined, data: res.body };
    }
    const req = sut.http().post('/graphql');
    if (authorization) req.set('Authorization', authorization);
    const view = op === 'transcript AGENT' ? 'AGENT' : 'CUSTOMER';
    const res = await req.send({
      query: TRANSCRIPT_QUERY,
      variables: { id: CONVERSATION_ID, view },
    });
    return {
      status: res.status,
      code: res.body.errors?.[0]?.extensions?.code as string | undefined,
      data: res.body.data,
    };
  };

  it.each(MATRIX)('%s with the %s key: allowed=%s', async (op, key, allowed) => {
    const res = await perform(op, `Bearer ${KEYS[key].secret}`);
    if (op === 'POST /events') {
      expect(res.status).toBe(allowed ? 201 : 403);
      if (!allowed) expect(res.data.message).toContain('events:write');
    } else if (allowed) {
      expect(res.code).toBeUndefined();
      expect(res.data.transcript.conversationId).toBe(CONVERSATION_ID);
    } else {
      expect(res.code).toBe('FORBIDDEN');
      expect(res.data).toEqual({ transcript: null });
    }
  });

  it.each([
    ['no Authorization header', null],
    ['an unknown key', 'Bearer not-a-known-secret-at-all'],
    ['a Basic scheme', `Basic ${Buffer.from('admin:x').toString('base64')}`],
    ['an empty bearer', 'Bearer '],
  ])('should refuse %s with 401 / UNAUTHENTICATED', async (_case, authorization) => {
    const rest = await perform('POST /events', authorization);
    expect(rest.status).toBe(401);
    const gql = await perform('transcript CUSTOMER', authorization);
    expect(gql.status).toBe(401);
    expect(gql.code).toBe('UNAUTHENTICATED');
    expect(gql.data).toEqual({ transcript: null });
  });

  it('should leave health checks open', async () => {
    await sut.http().get('/health/live').expect(200);
  });

  it('should store only hashes of the configured secrets', async () => {
    const stored = await withAdmin(
      async (c) => (await c.query('SELECT name, secret_hash, source FROM api_keys')).rows,
      db.url,
    );
    expect(stored.map((k: { name: string }) => k.name).sort()).toEqual(Object.keys(KEYS).sort());
    const dump = JSON.stringify(stored);
    for (const key of Object.values(KEYS)) expect(dump).not.toContain(key.secret);
  });
});

describe('the one-time admin key', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db?.drop());

  it('should be created once, hashed, with every scope, when no key exists at all', async () => {
    const { createTestApp: create } = await import('./utils/test-app.js');
    const first = await create({ DATABASE_URL: db.url, API_KEYS: '' });
    await first.close();
    const second = await create({ DATABASE_URL: db.url, API_KEYS: '' });
    await second.close();
    const rows = await withAdmin(
      async (c) => (await c.query('SELECT name, scopes, source, secret_hash FROM api_keys')).rows,
      db.url,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'admin', source: 'generated' });
    expect(rows[0].scopes.sort()).toEqual([
      'audit:read',
      'data:erase',
      'events:write',
      'reports:read',
      'transcripts:agent',
      'transcripts:customer',
    ]);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
