#!/usr/bin/env node
// The reference the service is measured against: the least work that still keeps an event durably,
// a raw dump. Parses the JSON, checks the four top-level fields, and stores the event as received in
// one jsonb column: POST /events is one INSERT per request, POST /events/batch (a JSON array) one
// multi-row INSERT; each is its own transaction with synchronous_commit on (the answer follows the
// WAL flush), and ON CONFLICT (id) DO NOTHING. GET /stats: rows and bytes on disk.
//
//   PORT=3901 BASELINE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_baseline node bench/baseline-server.mjs

import http from 'node:http';
import pg from 'pg';

const PORT = Number(process.env.PORT ?? 3901);
const URL_ =
  process.env.BASELINE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/bench_baseline';
const POOL_SIZE = Number(process.env.POOL_SIZE ?? 10);
const MAX_BODY = 64 * 1024 * 1024;

const pool = new pg.Pool({
  connectionString: URL_,
  max: POOL_SIZE,
  options: '-c synchronous_commit=on',
});
await pool.query(`CREATE TABLE IF NOT EXISTS cim_events (
  id text PRIMARY KEY, conversation_id text NOT NULL, name text NOT NULL, ts timestamptz NOT NULL, payload jsonb NOT NULL)`);
if (process.env.BASELINE_TRUNCATE === '1') await pool.query('TRUNCATE cim_events');

const COLUMNS = 'INSERT INTO cim_events (id, conversation_id, name, ts, payload) VALUES ';
const ROW = (i) =>
  `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, to_timestamp($${i * 5 + 4}::float8 / 1000), $${i * 5 + 5}::jsonb)`;
const statements = new Map();
function insertSql(n) {
  let sql = statements.get(n);
  if (!sql) {
    sql = `${COLUMNS}${Array.from({ length: n }, (_, i) => ROW(i)).join(', ')} ON CONFLICT (id) DO NOTHING`;
    statements.set(n, sql);
  }
  return sql;
}

class BadRequest extends Error {}

function fields(event, where) {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    throw new BadRequest(`${where}: an event must be a JSON object`);
  const { id, conversationId, name, timestamp } = event;
  if (typeof id !== 'string' || id === '') throw new BadRequest(`${where}: id`);
  if (typeof conversationId !== 'string') throw new BadRequest(`${where}: conversationId`);
  if (typeof name !== 'string') throw new BadRequest(`${where}: name`);
  if (!Number.isFinite(timestamp)) throw new BadRequest(`${where}: timestamp`);
  return [id, conversationId, name, timestamp];
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('not valid JSON');
  }
}

async function store(path, text) {
  if (path === '/events') {
    // The request text, as received, is the payload.
    const values = [...fields(parse(text), 'body'), text];
    const r = await pool.query({ name: 'insert-1', text: insertSql(1), values });
    return { accepted: 1, inserted: r.rowCount };
  }
  const events = parse(text);
  if (!Array.isArray(events) || events.length === 0) throw new BadRequest('a non-empty JSON array');
  const values = events.flatMap((e, i) => [...fields(e, `event ${i}`), JSON.stringify(e)]);
  const r = await pool.query({
    name: `insert-${events.length}`,
    text: insertSql(events.length),
    values,
  });
  return { accepted: events.length, inserted: r.rowCount };
}

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') return answer(res, 200, { ok: true });
  if (req.method === 'GET' && path === '/stats') {
    pool
      .query(
        "SELECT count(*)::bigint AS rows, pg_total_relation_size('cim_events') AS bytes FROM cim_events",
      )
      .then(({ rows: [r] }) =>
        answer(res, 200, {
          rows: Number(r.rows),
          totalBytes: Number(r.bytes),
          bytesPerRow: Math.round(r.bytes / Math.max(1, r.rows)),
        }),
      )
      .catch((e) => answer(res, 503, { error: e.message }));
    return;
  }
  if (req.method !== 'POST' || (path !== '/events' && path !== '/events/batch'))
    return answer(res, 404, { error: 'not found' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    store(path, Buffer.concat(chunks).toString('utf8'))
      .then((result) => answer(res, 202, result))
      .catch((e) =>
        answer(res, e instanceof BadRequest ? 400 : e.code?.startsWith?.('22') ? 400 : 503, {
          error: e.message,
        }),
      );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, '127.0.0.1', () =>
  console.log(JSON.stringify({ listening: PORT, poolSize: POOL_SIZE })),
);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
