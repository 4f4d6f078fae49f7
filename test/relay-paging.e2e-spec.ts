import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { conversationEvents, conversationId } from './utils/read-side-data.js';
import { createTestApp, TRANSCRIPT_QUERY, type TestApp } from './utils/test-app.js';

/** Conversations in the store, and agent reads of one of them (each an access-log entry). */
const ROWS = 7;

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Connection {
  totalCount: number;
  pageInfo: PageInfo;
  edges: { cursor: string; node: { id: string } }[];
}

/** Each connection of the schema, queried with the paging arguments given as variables. */
const CONNECTIONS = [
  {
    name: 'conversations',
    query: `query ($first: Int, $after: String, $last: Int, $before: String) {
      page: conversations(view: CUSTOMER, first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`,
  },
  {
    name: 'accessLog',
    query: `query ($first: Int, $after: String, $last: Int, $before: String) {
      page: accessLog(conversationId: "${conversationId(0)}", first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`,
  },
];

describe('Relay Cursor Connections paging', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (let n = 0; n < ROWS; n++) {
      for (const e of conversationEvents(n).slice(0, 2)) await sut.postEvent(e).expect(201);
    }
    for (let n = 0; n < ROWS; n++) {
      const read = await sut.graphql(TRANSCRIPT_QUERY, { id: conversationId(0), view: 'AGENT' });
      expect(read.body.errors).toBeUndefined();
    }
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  describe.each(CONNECTIONS)('$name', ({ query }) => {
    async function page(variables: Record<string, unknown>): Promise<Connection> {
      const res = await sut.graphql<{ page: Connection }>(query, variables);
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.page;
    }
    const ids = (c: Connection) => c.edges.map((e) => e.node.id);
    /** The whole list in its order, with each row's cursor. */
    let all: Connection['edges'];

    beforeAll(async () => {
      all = (await page({ first: 100 })).edges;
      expect(all).toHaveLength(ROWS);
    });

    it('should walk forward with first/after, hasPreviousPage true after the first page', async () => {
      const seen: Connection[] = [];
      let after: string | null = null;
      do {
        seen.push(await page({ first: 3, after }));
        after = seen.at(-1)!.pageInfo.endCursor;
      } while (seen.at(-1)!.pageInfo.hasNextPage);
      expect(seen.map(ids)).toEqual([
        all.slice(0, 3).map((e) => e.node.id),
        all.slice(3, 6).map((e) => e.node.id),
        all.slice(6).map((e) => e.node.id),
      ]);
      expect(seen.map((c) => c.pageInfo)).toEqual([
        {
          hasPreviousPage: false,
          hasNextPage: true,
          startCursor: all[0].cursor,
          endCursor: all[2].cursor,
        },
        {
          hasPreviousPage: true,
          hasNextPage: true,
          startCursor: all[3].cursor,
          endCursor: all[5].cursor,
        },
        {
          hasPreviousPage: true,
          hasNextPage: false,
          startCursor: all[6].cursor,
          endCursor: all[6].cursor,
        },
      ]);
      expect(seen.every((c) => c.totalCount === ROWS)).toBe(true);
    });

    it('should walk backward with last/before, in list order, hasNextPage true after the first page', async () => {
      const seen: Connection[] = [];
      let before: string | null = null;
      do {
        seen.push(await page({ first: null, last: 3, before }));
        before = seen.at(-1)!.pageInfo.startCursor;
      } while (seen.at(-1)!.pageInfo.hasPreviousPage);
      expect(seen.map(ids)).toEqual([
        all.slice(4).map((e) => e.node.id),
        all.slice(1, 4).map((e) => e.node.id),
        all.slice(0, 1).map((e) => e.node.id),
      ]);
      expect(seen.map((c) => c.pageInfo)).toEqual([
        {
          hasPreviousPage: true,
          hasNextPage: false,
          startCursor: all[4].cursor,
          endCursor: all[6].cursor,
        },
        {
          hasPreviousPage: true,
          hasNextPage: true,
          startCursor: all[1].cursor,
          endCursor: all[3].cursor,
        },
        {
          hasPreviousPage: false,
          hasNextPage: true,
          startCursor: all[0].cursor,
          endCursor: all[0].cursor,
        },
      ]);
    });

    it('should give the rows just before a cursor when last is given without first (its default not applied)', async () => {
      // `first` is left out, in the query or in the variables: its schema default must not cut the
      // list before `last` does.
      const withoutFirst = query.replace('$first: Int, ', '').replace('first: $first, ', '');
      const variables = { last: 2, before: all[5].cursor };
      for (const text of [withoutFirst, query]) {
        const res = await sut.graphql<{ page: Connection }>(text, variables);
        expect(res.body.errors).toBeUndefined();
        expect(ids(res.body.data!.page)).toEqual([all[3].node.id, all[4].node.id]);
      }
    });

    it('should give the rows between after and before, flagged by the side it pages from', async () => {
      const between = { after: all[1].cursor, before: all[5].cursor };
      const forward = await page({ ...between, first: 2 });
      expect(ids(forward)).toEqual([all[2].node.id, all[3].node.id]);
      expect(forward.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
      const backward = await page({ ...between, first: null, last: 3 });
      expect(ids(backward)).toEqual([all[2].node.id, all[3].node.id, all[4].node.id]);
      // Nothing more between the cursors; rows do exist beyond `before`.
      expect(backward.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    });

    it('should answer an empty page past the end with null cursors', async () => {
      const empty = await page({ first: 3, after: all[6].cursor });
      expect(empty.edges).toEqual([]);
      expect(empty.pageInfo).toEqual({
        hasPreviousPage: true,
        hasNextPage: false,
        startCursor: null,
        endCursor: null,
      });
    });

    it.each([
      {
        label: 'first and last together',
        variables: { first: 2, last: 2 },
        code: 'BAD_USER_INPUT',
        message: 'not both',
      },
      {
        label: 'a before cursor of nothing',
        variables: { before: 'bogus' },
        code: 'BAD_USER_INPUT',
        message: 'before is not a cursor',
      },
      // The validation pipe's answer, as for `first: 0`.
      {
        label: 'last of 0',
        variables: { first: null, last: 0 },
        code: 'BAD_USER_INPUT',
        message: 'last must not be less than 1',
      },
    ])('should refuse $label with $code', async ({ variables, code, message }) => {
      const res = await sut.graphql(query, variables);
      expect(res.body.data?.page ?? null).toBeNull();
      expect(res.body.errors?.[0].extensions.code).toBe(code);
      expect(res.body.errors?.[0].message).toContain(message);
    });
  });
});
