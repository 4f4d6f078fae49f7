#!/usr/bin/env node
// Fuzzes the ingest routes as a hostile publisher would, against the real server on a real PostgreSQL.
//
//   npm run fuzz -- [--cases 100000] [--seed N] [--concurrency 8] [--no-build]
//
// Property-based generation (fast-check) over whole CIM events: any field at any depth removed,
// retyped, or lengthened to 10 KB or 1 MB; numbers at the edges of every range; strings with NUL,
// lone surrogates, right-to-left scripts and emoji; message texts base64-encoded or not; sent bare,
// in the socket wrapper (object or JSON string), in batches mixing valid and broken items, and as raw
// bytes (truncated, compressed, not JSON). Prints the status histogram; exits 1 on any 5xx (or a dead
// server), saving each body that caused one under fuzz-failures/. The seed is printed so a run can be
// replayed exactly; without --seed it changes per run.

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import pg from 'pg';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    cases: { type: 'string', default: '5000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'no-build': { type: 'boolean', default: false },
  },
});
const CASES = Number(opt.cases);
const SEED = opt.seed === undefined ? randomInt(2 ** 31 - 1) : Number(opt.seed);
const CONCURRENCY = Number(opt.concurrency);
const ADMIN_URL =
  process.env.FUZZ_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';
const SECRET = `fuzz-${randomBytes(12).toString('hex')}`;
const MAX_BATCH = 50;
/** What a request may answer; anything else (a 5xx above all) is a finding. */
const ALLOWED = new Set([200, 201, 400, 409, 413, 415]);

// --- what to send -------------------------------------------------------------------------------
const FIXTURES = readdirSync(join(ROOT, 'test/fixtures'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'test/fixtures', f), 'utf8')));

/** Every path in an event, at any depth (arrays included). */
function pathsOf(value, prefix = [], out = []) {
  if (typeof value !== 'object' || value === null) return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(value[key], path, out);
  }
  return out;
}
const PATHS = FIXTURES.map((f) => pathsOf(f));

const edgeNumber = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  -1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  8.64e15,
  8.64e15 + 1,
  -8.64e15,
  1e308,
  -1e308,
  5e-324,
  253402300799999,
  253402300800000,
  1765881831351,
);
const edgeString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff',
  'مرحبا بالعالم',
  'سلام دنیا',
  'שלום עולם',
  '👩🏽‍💻🇵🇰',
  '\u202Eevil\u202C',
  'AA==',
  'YQBi',
  '!!!not base64!!!',
  '{"id":"x"}',
  '__proto__',
  'constructor',
  'null',
  '0',
  'PLAIN',
  'WHISPER_MESSAGE',
  'CONNECTOR',
);
const longString = fc.oneof(
  { weight: 20, arbitrary: fc.constant('x'.repeat(10_240)) },
  { weight: 20, arbitrary: fc.constant('ع'.repeat(3000)) },
  { weight: 1, arbitrary: fc.constant('y'.repeat(1_048_576)) },
);
const anyString = fc.oneof(
  { weight: 4, arbitrary: edgeString },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: longString },
);
const scalar = fc.oneof(edgeNumber, anyString, fc.boolean(), fc.constant(null));
const wildValue = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 300 }).map(deepNesting) },
);

function deepNesting(depth) {
  let value = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { d: value };
  return value;
}

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('remove', 'replace', 'replace', 'replace', 'lengthen'),
  value: wildValue,
  long: longString,
});

/** A real event, fresh ids, with 1 to 3 fields removed, retyped or lengthened, text encoded or not. */
const mutatedEvent = fc
  .record({
    fixture: fc.nat({ max: FIXTURES.length - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    encoded: fc.option(fc.boolean(), { nil: undefined }),
    text: fc.option(anyString, { nil: undefined }),
    id: fc.uuid(),
    conversation: fc.constantFrom('fuzz-a', 'fuzz-b', 'fuzz-c', null),
  })
  .map(({ fixture, mutations, encoded, text, id, conversation }) => {
    const event = structuredClone(FIXTURES[fixture]);
    event.id = id;
    if (conversation) event.conversationId = conversation;
    if (event.data?.id && event.data?.body) event.data.id = `m-${id}`;
    if (encoded !== undefined && event.data?.header?.additionalData)
      event.data.header.additionalData.isEncoded = encoded;
    if (text !== undefined && event.data?.body) event.data.body.markdownText = text;
    const paths = PATHS[fixture];
    for (const m of mutations) apply(event, paths[m.at % paths.length], m);
    return event;
  });

function apply(event, path, { kind, value, long }) {
  let parent = event;
  for (const key of path.slice(0, -1)) {
    if (typeof parent?.[key] !== 'object' || parent[key] === null) return;
    parent = parent[key];
  }
  const last = path[path.length - 1];
  if (kind === 'remove') delete parent[last];
  else if (kind === 'lengthen')
    parent[last] = typeof parent[last] === 'string' ? parent[last] + long : long;
  else parent[last] = value;
}

const validEvent = fc
  .record({ fixture: fc.nat({ max: FIXTURES.length - 1 }), id: fc.uuid() })
  .map(({ fixture, id }) => {
    const event = structuredClone(FIXTURES[fixture]);
    event.id = id;
    if (event.data?.id && event.data?.body) event.data.id = `m-${id}`;
    return event;
  });
const anEvent = fc.oneof(
  { weight: 3, arbitrary: mutatedEvent },
  { weight: 1, arbitrary: validEvent },
);
const wrapped = fc
  .record({ event: anEvent, asString: fc.boolean(), extra: fc.dictionary(fc.string(), scalar) })
  .map(({ event, asString, extra }) => ({
    ...extra,
    cimEvent: asString ? JSON.stringify(event) : event,
  }));
const item = fc.oneof(
  { weight: 4, arbitrary: anEvent },
  { weight: 1, arbitrary: wrapped },
  { weight: 1, arbitrary: wildValue },
);

const json = (body) => ({
  type: 'application/json',
  body: Buffer.from(JSON.stringify(body) ?? 'null'),
});
const request = fc.oneof(
  { weight: 5, arbitrary: anEvent.map((e) => ({ path: '/events', ...json(e) })) },
  { weight: 2, arbitrary: wrapped.map((w) => ({ path: '/events', ...json(w) })) },
  {
    weight: 2,
    arbitrary: fc
      .array(item, { minLength: 0, maxLength: MAX_BATCH + 2 })
      .map((items) => ({ path: '/events/batch', ...json(items), items: items.length })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        event: anEvent,
        cut: fc.nat(),
        how: fc.constantFrom('truncate', 'gzip', 'gzip-declared', 'text/plain', 'scalar', 'bytes'),
        bytes: fc.uint8Array({ maxLength: 64 }),
        scalar: fc.constantFrom('null', '42', '"str"', 'true', '[]', '{}', ''),
        path: fc.constantFrom('/events', '/events/batch'),
      })
      .map(({ event, cut, how, bytes, scalar: s, path }) => {
        const text = JSON.stringify(event);
        switch (how) {
          case 'truncate':
            return {
              path,
              type: 'application/json',
              body: Buffer.from(text.slice(0, cut % text.length)),
            };
          case 'gzip':
            return { path, type: 'application/json', body: gzipSync(text) };
          case 'gzip-declared':
            return { path, type: 'application/json', body: gzipSync(text), encoding: 'gzip' };
          case 'text/plain':
            return { path, type: 'text/plain', body: Buffer.from(text) };
          case 'scalar':
            return { path, type: 'application/json', body: Buffer.from(s) };
          default:
            return { path, type: 'application/json', body: Buffer.from(bytes) };
        }
      }),
  },
);

// --- the server ---------------------------------------------------------------------------------
async function sql(text, url = ADMIN_URL) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function urlFor(database) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function startServer(database) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: urlFor(database),
      LOG_LEVEL: 'error',
      MAX_BATCH_EVENTS: String(MAX_BATCH),
      API_KEYS: JSON.stringify([{ name: 'fuzz', secret: SECRET, scopes: ['events:write'] }]),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => (log = (log + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${log}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return { child, url, log: () => log };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not come up: ${log}`);
}

// --- the run ------------------------------------------------------------------------------------
async function send(url, req) {
  const headers = { authorization: `Bearer ${SECRET}`, 'content-type': req.type };
  if (req.encoding) headers['content-encoding'] = req.encoding;
  const res = await fetch(`${url}${req.path}`, { method: 'POST', headers, body: req.body });
  const text = await res.text();
  let problem = null;
  if (!ALLOWED.has(res.status)) problem = `answered ${res.status}: ${text.slice(0, 300)}`;
  else if (req.items !== undefined && res.status === 200) {
    const results = JSON.parse(text).results;
    if (!Array.isArray(results) || results.length !== req.items)
      problem = `a batch of ${req.items} got ${results?.length} results`;
  }
  return { status: res.status, problem };
}

async function main() {
  if (!opt['no-build']) {
    console.error('fuzz: building the service');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const database = `cim_fuzz_${randomBytes(4).toString('hex')}`;
  await sql(`CREATE DATABASE ${database}`);
  const server = await startServer(database);
  console.error(
    `fuzz: ${CASES} cases, seed ${SEED} (replay: npm run fuzz -- --cases ${CASES} --seed ${SEED})`,
  );
  const histogram = new Map();
  const failures = [];
  const started = Date.now();
  try {
    const CHUNK = 500;
    for (let done = 0; done < CASES; done += CHUNK) {
      const n = Math.min(CHUNK, CASES - done);
      const requests = fc.sample(request, { seed: SEED + done, numRuns: n });
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests.length) {
            const index = done + next;
            const req = requests[next++];
            const outcome = await send(server.url, req).catch((error) => ({
              status: 'no answer',
              problem: `no answer: ${error.cause?.code ?? error.message}`,
            }));
            const key = `${req.path} ${outcome.status}`;
            histogram.set(key, (histogram.get(key) ?? 0) + 1);
            if (outcome.problem) failures.push({ index, req, problem: outcome.problem });
          }
        }),
      );
      if (server.child.exitCode !== null) {
        failures.push({ index: done, req: null, problem: 'the server exited' });
        break;
      }
      if ((done / CHUNK) % 10 === 9) console.error(`fuzz: ${done + n} cases sent`);
    }
    const ready = await fetch(`${server.url}/health/ready`).catch(() => null);
    if (ready?.status !== 200)
      failures.push({ index: CASES, req: null, problem: 'not ready after the run' });
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.once('exit', r)));
    await sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }

  const seconds = (Date.now() - started) / 1000;
  console.log(`\nstatus histogram (${CASES} cases, seed ${SEED}, ${seconds.toFixed(0)} s):`);
  for (const [key, n] of [...histogram].sort()) console.log(`  ${key.padEnd(24)} ${n}`);
  if (failures.length === 0) {
    console.log('no 5xx, no broken answer, server up throughout');
    return;
  }
  const dir = join(ROOT, 'fuzz-failures');
  mkdirSync(dir, { recursive: true });
  for (const f of failures.slice(0, 50)) {
    const file = join(dir, `seed-${SEED}-case-${f.index}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          problem: f.problem,
          path: f.req?.path,
          contentType: f.req?.type,
          encoding: f.req?.encoding,
          body: f.req?.body.toString('base64'),
        },
        null,
        2,
      ),
    );
    console.log(`FAIL case ${f.index}: ${f.problem} (body in ${file})`);
  }
  console.log(`server log tail:\n${server.log().slice(-4000)}`);
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
