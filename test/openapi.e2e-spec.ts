import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileErrors, validate } from '@readme/openapi-parser';
import type request from 'supertest';
import { createTestDatabase } from './utils/database.js';
import { appBehindProxy, type TcpProxy } from './utils/tcp-proxy.js';
import { createTestApp, KEYS, type KeyName, type TestApp } from './utils/test-app.js';

interface Example {
  summary?: string;
  value: unknown;
}
interface Answer {
  description: string;
  content?: Record<string, { example?: unknown; examples?: Record<string, Example> }>;
}
interface Operation {
  security?: unknown[];
  requestBody?: {
    content: Record<string, { example?: unknown; examples?: Record<string, Example> }>;
  };
  responses: Record<string, Answer>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

/** The statuses the contract names for each route: each must be described, with an example. */
const ANSWERS: Record<string, string[]> = {
  'post /events': ['201', '200', '400', '401', '403', '409', '413', '415', '503'],
  'post /events/batch': ['200', '400', '401', '403', '413', '415', '503'],
  'get /exports/conversations/{conversationId}': ['200', '400', '401', '403', '404', '503'],
  'get /exports/transcripts': ['200', '400', '401', '403', '503'],
  'get /health/live': ['200'],
  'get /health/ready': ['200', '503'],
};

/** The examples of one answer, by name (a single `example` is named "example"). */
function examplesOf(answer: Answer): Record<string, unknown> {
  const media = Object.values(answer.content ?? {});
  return Object.fromEntries(
    media.flatMap((m) => [
      ...(m.example !== undefined ? [['example', m.example] as const] : []),
      ...Object.entries(m.examples ?? {}).map(([name, e]) => [name, e.value] as const),
    ]),
  );
}

describe('the OpenAPI description', () => {
  let sut: TestApp;
  let proxy: TcpProxy;
  let close: () => Promise<void>;
  let doc: Document;

  const operation = (route: string) => {
    const [method, path] = route.split(' ');
    return doc.paths[path][method];
  };
  const example = (route: string, status: string, name = 'example') =>
    examplesOf(operation(route).responses[status])[name];
  const requestExample = (route: string, name: string) =>
    operation(route).requestBody!.content['application/json'].examples![name].value;
  const post = (
    path: string,
    body: string,
    key: KeyName | null = 'writer',
    type = 'application/json',
    secret: string | null = key ? KEYS[key].secret : null,
  ) => {
    const req = sut.http().post(path).set('Content-Type', type);
    return (secret ? req.set('Authorization', `Bearer ${secret}`) : req).send(body);
  };
  const answer = async (res: request.Test) => {
    const { status, body } = await res;
    return { status: String(status), body: body as unknown };
  };

  beforeAll(async () => {
    ({ proxy, sut, close } = await appBehindProxy(createTestDatabase, createTestApp));
    const res = await sut.http().get('/openapi.json').expect(200);
    doc = res.body as Document;
  });

  afterAll(() => close?.());

  it('should be a valid OpenAPI 3 document', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : compileErrors(result)).toEqual([]);
  });

  it('should describe every HTTP route, GraphQL and itself included', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(
      expect.arrayContaining([
        '/docs',
        '/events',
        '/events/batch',
        '/exports/conversations/{conversationId}',
        '/exports/transcripts',
        '/graphql',
        '/health/live',
        '/health/ready',
        '/openapi.json',
      ]),
    );
  });

  it.each(Object.entries(ANSWERS))(
    'should give %s every answer, each with an example',
    (route, statuses) => {
      const responses = operation(route).responses;
      expect(Object.keys(responses).sort()).toEqual([...statuses].sort());
      for (const status of statuses) {
        expect([status, Object.keys(examplesOf(responses[status])).length > 0]).toEqual([
          status,
          true,
        ]);
      }
    },
  );

  describe('POST /events: the examples are what the service answers', () => {
    const event = () => JSON.stringify(requestExample('post /events', 'event'));

    it('should answer 201, then 200 for the same event, bare or wrapped', async () => {
      expect(await answer(post('/events', event()))).toEqual({
        status: '201',
        body: example('post /events', '201'),
      });
      expect(await answer(post('/events', event()))).toEqual({
        status: '200',
        body: example('post /events', '200'),
      });
      const wrapped = JSON.stringify(requestExample('post /events', 'wrapper'));
      expect(await answer(post('/events', wrapped))).toEqual({
        status: '200',
        body: example('post /events', '200'),
      });
    });

    it.each([
      {
        name: 'invalidJson',
        status: '400',
        send: () => post('/events', '{"id":'),
      },
      {
        name: 'invalidFields',
        status: '400',
        send: () => {
          const e = JSON.parse(event()) as {
            data: { header: { sender: { id: unknown } }; body: object };
          };
          e.data.header.sender.id = 42;
          e.data.body = {};
          return post('/events', JSON.stringify(e));
        },
      },
      { name: 'notAnObject', status: '400', send: () => post('/events', 'null') },
      { name: 'missing', status: '401', send: () => post('/events', event(), null) },
      {
        name: 'unknown',
        status: '401',
        send: () => post('/events', event(), null, 'application/json', 'not-a-key-0123456789'),
      },
      { name: 'scope', status: '403', send: () => post('/events', event(), 'customer') },
      {
        name: 'conflict',
        status: '409',
        send: () => post('/events', event().replace('"hello"', '"hello again"')),
      },
      {
        name: 'tooLarge',
        status: '413',
        send: () => post('/events', JSON.stringify({ id: 'x', pad: 'a'.repeat(1_100_000) })),
      },
      {
        name: 'notJson',
        status: '415',
        send: () => post('/events', event(), 'writer', 'text/plain'),
      },
    ])('should answer $status as the example $name says', async ({ name, status, send }) => {
      expect(await answer(send())).toEqual({ status, body: example('post /events', status, name) });
    });
  });

  describe('POST /events/batch: the examples are what the service answers', () => {
    it('should answer 200 with the results of the example batch', async () => {
      const batch = JSON.stringify(requestExample('post /events/batch', 'batch'));
      expect(await answer(post('/events/batch', batch))).toEqual({
        status: '200',
        body: example('post /events/batch', '200'),
      });
    });

    it.each([
      { name: 'empty', status: '400', body: '[]' },
      { name: 'notArray', status: '400', body: '{}' },
    ])('should answer $status as the example $name says', async ({ name, status, body }) => {
      expect(await answer(post('/events/batch', body))).toEqual({
        status,
        body: example('post /events/batch', status, name),
      });
    });
  });

  describe('the exports and health: the examples are what the service answers', () => {
    it.each([
      {
        route: 'get /exports/conversations/{conversationId}',
        name: 'format',
        path: '/exports/conversations/c1?view=customer&format=doc',
      },
      {
        route: 'get /exports/transcripts',
        name: 'range',
        path: '/exports/transcripts?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&view=customer&format=csv',
      },
      {
        route: 'get /exports/transcripts',
        name: 'format',
        path: '/exports/transcripts?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&view=customer&format=pdf',
      },
    ])('should answer 400 to $path as $name says', async ({ route, name, path }) => {
      const res = sut.http().get(path).set('Authorization', `Bearer ${KEYS.customer.secret}`);
      expect(await answer(res)).toEqual({ status: '400', body: example(route, '400', name) });
    });

    it('should answer /health/live as the example says', async () => {
      expect(await answer(sut.http().get('/health/live'))).toEqual({
        status: '200',
        body: example('get /health/live', '200'),
      });
    });
  });

  it('should answer 503 as the examples say while the database is away', async () => {
    await proxy.cut();
    try {
      const event = JSON.stringify({
        ...(requestExample('post /events', 'event') as object),
        id: 'while-down',
      });
      expect(await answer(post('/events', event))).toEqual({
        status: '503',
        body: example('post /events', '503', 'unavailable'),
      });
      expect(await answer(sut.http().get('/health/ready'))).toEqual({
        status: '503',
        body: example('get /health/ready', '503', 'down'),
      });
    } finally {
      await proxy.restore();
    }
  });

  it('should need no key for the description, while every other described route still does', async () => {
    const open: string[] = [];
    const refused: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const route = `${method} ${path}`;
        const concrete = path.replace('{conversationId}', 'c1');
        // A well-formed request (the route's own example body), so only the key is missing.
        const media = op.requestBody?.content['application/json'];
        const body = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
        const agent = sut.http();
        const res = await (method === 'post' ? agent.post(concrete) : agent.get(concrete))
          .set('Content-Type', 'application/json')
          .send(body === undefined ? undefined : JSON.stringify(body));
        if (Array.isArray(op.security) && op.security.length === 0)
          open.push(`${route} ${res.status}`);
        else refused.push(`${route} ${res.status}`);
      }
    }
    expect(open.sort()).toEqual([
      'get /docs 200',
      'get /health/live 200',
      'get /health/ready 200',
      'get /openapi.json 200',
    ]);
    expect(refused.filter((r) => !r.endsWith(' 401'))).toEqual([]);
    expect(refused.length).toBeGreaterThanOrEqual(5);
  });
});
