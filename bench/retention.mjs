#!/usr/bin/env node
// Ingest during a retention pass (npm run bench:retention): how much a pass over old events slows
// what arrives meanwhile.
//
//   node bench/retention.mjs [--old 100000] [--duration 15] [--connections 10] [--batch 100]
//
// 1. Stores --old events whose last activity is 400 days ago (a fresh database, the built service).
// 2. Measures ingest of new events alone: batches of --batch at --connections for --duration s.
// 3. Restarts the service with RETENTION_DAYS=30 and, while its first pass erases the old
//    conversations, measures the same ingest of other new events. Prints both, their ratio, how long
//    the pass took and how many conversations and events it erased. Run `npm run build` first.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH, ROOT, productionNodeFlags, sleep, sql, urlFor } from './lib.mjs';

const DB = 'bench_cim_retention';
const PORT = 3921;
const SECRET = 'bench-secret-0123456789abcdef';
const { values: opt } = parseArgs({
  options: {
    old: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    batch: { type: 'string', default: '100' },
  },
});
const DAY = 86_400_000;
const log = (...args) => console.error('[retention-bench]', ...args);

function generate(name, events, seed, startMs) {
  const file = join(BENCH, 'data', `retention-${name}-${events}-s${seed}.ndjson`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    execFileSync(
      'node',
      [
        'gen-events.mjs',
        '--conversations',
        String(Math.ceil(events / 20)),
        '--messages',
        '20',
        '--seed',
        String(seed),
        '--start-ms',
        String(startMs),
        '--out',
        file,
      ],
      { cwd: BENCH, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return file;
}

async function startService(env = {}) {
  const child = spawn('node', [...productionNodeFlags(), 'dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: urlFor(DB),
      PORT: String(PORT),
      LOG_LEVEL: 'info',
      API_KEYS: JSON.stringify([{ name: 'bench', secret: SECRET, scopes: ['events:write'] }]),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health/ready`)).ok)
        return { child, output: () => output };
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`the service did not come up: ${output}`);
}

async function stop(service) {
  service.child.kill('SIGTERM');
  await new Promise((r) => (service.child.exitCode !== null ? r() : service.child.once('exit', r)));
}

async function load(file, { duration, once = false, batch = Number(opt.batch) }) {
  const args = ['load.mjs', '--url', `http://127.0.0.1:${PORT}`, '--events', file];
  args.push(
    '--connections',
    opt.connections,
    '--batch',
    String(batch),
    '--duration',
    String(duration),
  );
  args.push('--header', `Authorization: Bearer ${SECRET}`);
  if (once) args.push('--once');
  const child = spawn('node', args, { cwd: BENCH, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`load.mjs exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop());
}

async function erasedSoFar() {
  const [row] = await sql(
    `SELECT count(*) FILTER (WHERE erased_at IS NOT NULL)::int AS erased, count(*)::int AS total,
            (SELECT coalesce(sum(erased_events), 0)::int FROM erasures) AS events FROM conversations
     WHERE last_event_at < now() - interval '30 days'`,
    [],
    urlFor(DB),
  );
  return row;
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('run `npm run build` first');
  const old = Number(opt.old);
  const duration = Number(opt.duration);
  const oldFile = generate('old', old, 71, Date.now() - 400 * DAY);
  const newA = generate('new-a', 200_000, 72, Date.now());
  const newB = generate('new-b', 200_000, 73, Date.now());

  await sql(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await sql(`CREATE DATABASE ${DB}`);
  let service = await startService();
  log(`storing ${old} old events`);
  const stored = await load(oldFile, { duration: 600, once: true, batch: 500 });
  log(`stored ${stored.requests2xx * 500} old events at ${stored.eventsPerSec} ev/s`);
  await sql('VACUUM ANALYZE', [], urlFor(DB));

  log(`ingest alone: ${duration} s`);
  const alone = await load(newA, { duration });
  await stop(service);

  service = await startService({ RETENTION_DAYS: '30' });
  const started = Date.now();
  log(`ingest during the retention pass: ${duration} s`);
  const during = await load(newB, { duration });
  const atEnd = await erasedSoFar();
  let finished = null;
  for (;;) {
    const now = await erasedSoFar();
    if (now.erased === now.total) {
      finished = (Date.now() - started) / 1000;
      break;
    }
    await sleep(500);
  }
  const final = await erasedSoFar();
  await stop(service);
  const result = {
    oldEvents: old,
    aloneEventsPerSec: alone.eventsPerSec,
    duringEventsPerSec: during.eventsPerSec,
    ratio: Number((during.eventsPerSec / alone.eventsPerSec).toFixed(2)),
    aloneP99Ms: alone.latencyMs.p99,
    duringP99Ms: during.latencyMs.p99,
    passStillRunningAtEndOfLoad: atEnd.erased < atEnd.total,
    passSeconds: finished,
    erasedConversations: final.erased,
    erasedEvents: final.events,
  };
  console.log(JSON.stringify(result));
  await sql(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
