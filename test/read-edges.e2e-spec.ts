import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FIXTURE_NAMES, loadFixture } from './utils/fixtures.js';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

const HUGE_ID = 'c'.repeat(10_000);
const FOREIGN_CURSORS = [
  'not-a-cursor',
  Buffer.from('["x"]').toString('base64url'),
  Buffer.from('["not a date","id"]').toString('base64url'),
  Buffer.from('["+275760-09-13T00:00:00.001Z","id"]').toString('base64url'),
  Buffer.from('[1e400,"id"]').toString('base64url'),
  Buffer.from('["2026-01-01T00:00:00Z",{"a":1}]').toString('base64url'),
];
const EDGE_DATES = [
  '-000001-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.001Z',
  '2026-02-30T00:00:00Z',
];
const EDGE_FIRSTS = [0, -1, 2 ** 31 - 1, 2 ** 31, 101];

/** [label, query, variables]: every read argument at its edges. */
const GRAPHQL_EDGES: [string, string, Record<string, unknown>][] = [
  ...[
    'transcript(conversationId: $v, view: AGENT) { view }',
    'timeline(conversationId: $v) { status }',
  ]
    .concat([
      'conversation(id: $v, view: CUSTOMER) { id }',
      'conversationCollaboration(conversationId: $v) { conversationId }',
      'verifyAuditLog(conversationId: $v) { ok }',
      'originalEvent(id: $v)',
      'accessLog(conversationId: $v) { totalCount }',
      'conversations(view: AGENT, filter: { channelId: $v, agentId: $v, customerId: $v }) { totalCount }',
    ])
    .map((field): [string, string, Record<string, unknown>] => [
      `an id of 10,000 characters in ${field.split('(')[0]}`,
      `query ($v: ID!) { ${field} }`,
      { v: HUGE_ID },
    ]),
  ...EDGE_DATES.flatMap((date): [string, string, Record<string, unknown>][] => [
    [
      `the date ${date} in conversations`,
      'query ($d: DateTime!) { conversations(view: CUSTOMER, filter: { from: $d, to: $d }) { totalCount } }',
      { d: date },
    ],
    [
      `the date ${date} in conversationReport`,
      'query ($d: DateTime!) { conversationReport(from: $d, to: $d) { conversations } }',
      { d: date },
    ],
    [
      `the date ${date} in agentCollaboration`,
      'query ($d: DateTime!) { agentCollaboration(from: $d, to: $d) { agentId } }',
      { d: date },
    ],
    [
      `the date ${date} in accessLog`,
      'query ($d: DateTime!) { accessLog(from: $d, to: $d) { totalCount } }',
      { d: date },
    ],
  ]),
  ...EDGE_FIRSTS.flatMap((first): [string, string, Record<string, unknown>][] => [
    [
      `first: ${first} in conversations`,
      'query ($n: Int) { conversations(view: AGENT, first: $n) { totalCount } }',
      { n: first },
    ],
    [
      `first: ${first} in accessLog`,
      'query ($n: Int) { accessLog(first: $n) { totalCount } }',
      { n: first },
    ],
  ]),
  ...FOREIGN_CURSORS.flatMap((cursor): [string, string, Record<string, unknown>][] => [
    [
      `the foreign cursor ${cursor} in conversations`,
      'query ($c: String) { conversations(view: AGENT, after: $c) { totalCount } }',
      { c: cursor },
    ],
    [
      `the foreign cursor ${cursor} in accessLog`,
      'query ($c: String) { accessLog(after: $c) { totalCount } }',
      { c: cursor },
    ],
  ]),
  ['view in lower case', '{ transcript(conversationId: "x", view: agent) { view } }', {}],
  [
    'view as a string',
    'query ($v: TranscriptView!) { transcript(conversationId: "x", view: $v) { view } }',
    { v: 'agent' },
  ],
];

const EXPORT_EDGES = [
  `/exports/conversations/${HUGE_ID}?view=agent&format=json`,
  '/exports/conversations/x?view=AGENT&format=json',
  '/exports/conversations/x?view=agent&format=PDF',
  '/exports/conversations/x?view=agent&view=customer&format=json',
  '/exports/conversations/x?view[a]=agent&format=json',
  ...EDGE_DATES.map(
    (d) =>
      `/exports/transcripts?from=${encodeURIComponent(d)}&to=${encodeURIComponent(d)}&view=agent&format=ndjson`,
  ),
  '/exports/transcripts?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z&view=agent&format=ndjson',
  '/exports/transcripts?from=&to=&view=agent&format=csv',
];

describe('read arguments at their edges', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (const name of FIXTURE_NAMES) await sut.postEvent(loadFixture(name)).expect(201);
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it.each(GRAPHQL_EDGES)(
    'should answer %s with data or a client error, never a 500',
    async (_label, query, variables) => {
      const res = await sut.graphql(query, variables);

      expect(res.status).toBeLessThan(500);
      for (const error of res.body.errors ?? []) {
        expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND']).toContain(
          error.extensions?.code,
        );
      }
    },
  );

  it.each(EXPORT_EDGES)(
    'should answer GET %s with a 4xx or the export, never a 500',
    async (path) => {
      const res = await sut.http().get(path).set('Authorization', `Bearer ${KEYS.admin.secret}`);

      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(res.body.message).toEqual(expect.any(String));
    },
  );
});
