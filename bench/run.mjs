#!/usr/bin/env node
// Side-by-side benchmark: the reference baseline (bench/baseline-server.mjs: one INSERT of raw JSONB
// per event) against this service, on the same PostgreSQL, the same generated event file
// (bench/gen-events.mjs) and the same load (bench/load.mjs). Prints figures and ratios; asserts nothing.
//
//   npm run bench -- [--events 100000] [--duration 10] [--stored 0] [--rounds 1] [--no-build]
//
// --events    events in the generated file (20 per conversation); every load run uses --once on it
// --duration  seconds per load run (cap)
// --stored    events stored before the transcript read test (default: what the storage phase loads);
//             e.g. 1000000 seeds a million events through POST /events/batch first
// --rounds    repetitions of each ingest scenario (baseline and service alternate)
// --skip-ingest  skip the ingest scenarios (storage and transcript figures only)
// --only      run only the ingest scenarios whose name contains this text (e.g. "c50", "batch")
// --skip-storage / --skip-reads  leave out the storage or transcript-read figures (quicker iterations)
// --read-warmup  seconds of transcript reads before the measured ones, not counted (JIT warm-up)

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { BENCH, ROOT, productionNodeFlags, sleep, sql, urlFor } from './lib.mjs';

const SERVICE_DB = 'bench_cim_service';
const BASELINE_DB = 'bench_cim_baseline';
const SERVICE_PORT = 3911;
const BASELINE_PORT = 3901;
const SECRET = 'bench-secret-0123456789abcdef';
const AUTH = `Authorization: Bearer ${SECRET}`;
// Every table ingest writes (the audit log and what is normalised from it): all of the service's
// tables but the migrations record, API keys and the access log, read from the catalogue so the
// list cannot fall behind the schema.
const NOT_INGEST = ['_prisma_migrations', 'api_keys', 'access_log'];
async function serviceTables() {
  const rows = await sql(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND NOT tablename = ANY($1::text[])`,
    [NOT_INGEST],
    urlFor(SERVICE_DB),
  );
  return rows.map((r) => `"${r.tablename}"`);
}

const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    stored: { type: 'string', default: '0' },
    rounds: { type: 'string', default: '1' },
    'no-build': { type: 'boolean', default: false },
    'skip-ingest': { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
    'skip-storage': { type: 'boolean', default: false },
    'skip-reads': { type: 'boolean', default: false },
    'read-warmup': { type: 'string', default: '3' },
  },
});
const EVENTS = Number(opt.events);
const DURATION = Number(opt.duration);
const STORED = Number(opt.stored);
const ROUNDS = Number(opt.rounds);

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

function generate(events, seed) {
  const conversations = Math.ceil(events / 20);
  const file = join(BENCH, 'data', `events-${conversations}x20-s${seed}.ndjson`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    log(`generating ${conversations * 20} events into ${file}`);
    execFileSync(
      'node',
      ['gen-events.mjs', '--conversations', String(conversations), '--messages', '20'].concat([
        '--seed',
        String(seed),
        '--out',
        file,
      ]),
      { cwd: BENCH, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return file;
}

// --- processes -------------------------------------------------------------------------------------
function startProcess(name, args, env, cwd) {
  const child = spawn('node', args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.on('exit', (code, signal) =>
    log(
      `${name} (pid ${child.pid}) exited with code ${code} signal ${signal}: ${stderr.slice(-1000)}`,
    ),
  );
  return child;
}

async function waitFor(url, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not come up`);
}

function rssSampler(pid) {
  let max = 0;
  let overall = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(
        /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0,
      );
      max = Math.max(max, kb * 1024);
      overall = Math.max(overall, max);
    } catch {
      /* exited */
    }
  }, 200);
  return {
    stop: () => (clearInterval(timer), overall),
    /** The peak since the last call. */
    phase: () => {
      const peak = max;
      max = 0;
      return peak;
    },
  };
}

// --- load --------------------------------------------------------------------------------------------
/** Runs load.mjs as a child process, asynchronously so the RSS sampler keeps sampling meanwhile. */
async function load(target, file, { connections, batch, label, duration = DURATION }) {
  if (target.proc && (target.proc.exitCode !== null || target.proc.signalCode !== null)) {
    throw new Error(
      `${target.name} is not running (exit ${target.proc.exitCode}, signal ${target.proc.signalCode})`,
    );
  }
  const args = [
    'load.mjs',
    '--url',
    target.url,
    '--events',
    file,
    '--connections',
    String(connections),
  ];
  args.push('--duration', String(duration), '--once', '--batch', String(batch), '--label', label);
  if (target.auth) args.push('--header', AUTH);
  const child = spawn('node', args, { cwd: BENCH, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`load.mjs exited with ${code} (${label})`);
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

async function emptyStorage(target) {
  if (target.name === 'service')
    await sql(`TRUNCATE ${(await serviceTables()).join(', ')}`, [], urlFor(SERVICE_DB));
  else await sql('TRUNCATE cim_events', [], urlFor(BASELINE_DB));
  await sql('CHECKPOINT');
}

async function serviceBytesPerEvent() {
  const tables = await serviceTables();
  const [r] = await sql(
    `SELECT (SELECT count(*) FROM events)::bigint AS events,
            (${tables.map((t) => `pg_total_relation_size('${t}')`).join(' + ')})::bigint AS bytes`,
    [],
    urlFor(SERVICE_DB),
  );
  return {
    rows: Number(r.events),
    totalBytes: Number(r.bytes),
    bytesPerRow: Math.round(r.bytes / r.events),
  };
}

async function transcriptReads(connections) {
  const ids = (
    await sql(
      'SELECT cim_id_text(id) AS id FROM conversations ORDER BY random() LIMIT 500',
      [],
      urlFor(SERVICE_DB),
    )
  ).map((r) => r.id);
  const query = `query T($id: ID!, $view: TranscriptView!) { transcript(conversationId: $id, view: $view) {
    conversationId view messages { id eventId eventName timestamp type text visibility channelSessionId sender { id name type } } } }`;
  let i = 0;
  const run = (duration) =>
    autocannon({
      url: `http://127.0.0.1:${SERVICE_PORT}/graphql`,
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
      requests: [
        {
          setupRequest: (req) => {
            const view = i % 2 ? 'AGENT' : 'CUSTOMER';
            const body = JSON.stringify({ query, variables: { id: ids[i++ % ids.length], view } });
            return { ...req, body };
          },
        },
      ],
    });
  // The process has only ingested so far: its read path is not compiled by the JIT yet.
  if (Number(opt['read-warmup']) > 0) await run(Number(opt['read-warmup']));
  const result = await run(DURATION);
  // Only answered reads count; any other answer makes the figure meaningless, so it stops the run.
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`transcript reads: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return {
    readsPerSec: Math.round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

// --- main --------------------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  if (!opt['no-build']) {
    log('building the service');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const file = generate(EVENTS, 43);
  for (const db of [SERVICE_DB, BASELINE_DB]) {
    await sql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await sql(`CREATE DATABASE ${db}`);
  }
  const baselineProc = startProcess(
    'baseline',
    ['baseline-server.mjs'],
    {
      PORT: String(BASELINE_PORT),
      POOL_SIZE: '10',
      BASELINE_DATABASE_URL: urlFor(BASELINE_DB),
      BASELINE_TRUNCATE: '1',
    },
    BENCH,
  );
  const serviceProc = startProcess(
    'service',
    [...productionNodeFlags(), 'bench/serve.mjs'],
    {
      PORT: String(SERVICE_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: urlFor(SERVICE_DB),
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '10',
      API_KEYS: JSON.stringify([
        { name: 'bench', secret: SECRET, scopes: ['events:write', 'transcripts:agent'] },
      ]),
    },
    ROOT,
  );
  const baseline = {
    name: 'baseline',
    url: `http://127.0.0.1:${BASELINE_PORT}`,
    auth: false,
    proc: baselineProc,
  };
  const service = {
    name: 'service',
    url: `http://127.0.0.1:${SERVICE_PORT}`,
    auth: true,
    proc: serviceProc,
  };
  const rss = rssSampler(serviceProc.pid);
  try {
    await waitFor(`${baseline.url}/health`);
    await waitFor(`${service.url}/health/ready`);
    const scenarios = [
      { key: 'single c10', connections: 10, batch: 0 },
      { key: 'single c50', connections: 50, batch: 0 },
      { key: 'batch 100 c10', connections: 10, batch: 100 },
      { key: 'batch 500 c10', connections: 10, batch: 500 },
    ];
    const results = {};
    const chosen = scenarios.filter((s) => s.key.includes(opt.only));
    for (const s of opt['skip-ingest'] ? [] : chosen) {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const target of [baseline, service]) {
          await emptyStorage(target);
          if (target === service) rss.phase();
          const r = await load(target, file, { ...s, label: `${target.name} ${s.key} r${round}` });
          if (target === service) r.peakRssMB = Math.round(rss.phase() / 2 ** 20);
          log(
            `${r.label}: ${r.eventsPerSec} ev/s, p99 ${r.latencyMs.p99} ms, non2xx ${r.non2xx}, errors ${r.errors}` +
              (r.peakRssMB ? `, peak RSS ${r.peakRssMB} MB` : ''),
          );
          (results[s.key] ??= { baseline: [], service: [] })[target.name].push(r);
        }
      }
    }

    // Storage: every event of the file loaded once into each, by batches of 100.
    const storage = {};
    for (const target of opt['skip-storage'] ? [] : [baseline, service]) {
      await emptyStorage(target);
      await load(target, file, {
        connections: 4,
        batch: 100,
        label: `${target.name} storage`,
        duration: 600,
      });
      await sql('VACUUM ANALYZE', [], urlFor(target.name === 'service' ? SERVICE_DB : BASELINE_DB));
      storage[target.name] =
        target.name === 'service'
          ? await serviceBytesPerEvent()
          : await (await fetch(`${baseline.url}/stats`)).json();
      log(`${target.name} storage: ${JSON.stringify(storage[target.name])}`);
    }

    // Transcript reads, on what is stored (optionally topped up to --stored events).
    // load.mjs reads its whole file, so a large --stored is seeded from files of 100,000 events.
    for (let part = 0; (await serviceBytesPerEvent()).rows < STORED; part++) {
      const seedFile = generate(100_000, 44 + part);
      log(`seeding part ${part + 1} (100,000 events) through POST /events/batch`);
      rss.phase();
      const r = await load(service, seedFile, {
        connections: 4,
        batch: 500,
        label: 'seed',
        duration: 3600,
      });
      log(`seeded at ${r.eventsPerSec} events/s, peak RSS ${Math.round(rss.phase() / 2 ** 20)} MB`);
      rmSync(seedFile);
    }
    const stored = (await serviceBytesPerEvent()).rows;
    const reads = opt['skip-reads'] ? null : await transcriptReads(10);
    log(`transcript reads on ${stored} events: ${JSON.stringify(reads)}`);
    const peakRss = rss.stop();

    const report = {
      date: started.toISOString(),
      machine: `${cpus().length} vCPU (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`,
      postgres: (await sql('SHOW server_version'))[0].server_version,
      eventsFile: { path: file, events: EVENTS },
      durationSeconds: DURATION,
      rounds: ROUNDS,
      results,
      storage,
      transcript: { storedEvents: stored, ...reads },
      peakRssBytes: peakRss,
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    const out = join(ROOT, 'bench/results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify(report, null, 2));
    printTable(report);
    console.log(`\nraw figures: ${out}`);
  } finally {
    rss.stop();
    baselineProc.kill('SIGTERM');
    serviceProc.kill('SIGTERM');
  }
}

function printTable(report) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const fmt = (n) => Math.round(n).toLocaleString('en-US');
  const rows = [['figure', 'baseline', 'service', 'ratio', 'target']];
  for (const [key, r] of Object.entries(report.results)) {
    const b = mean(r.baseline.map((x) => x.eventsPerSec));
    const s = mean(r.service.map((x) => x.eventsPerSec));
    rows.push([`${key} events/s`, fmt(b), fmt(s), `${(s / b).toFixed(2)}x`, '>= 1.0x']);
    const bp = mean(r.baseline.map((x) => x.latencyMs.p99));
    const sp = mean(r.service.map((x) => x.latencyMs.p99));
    const non2xx = r.service.reduce((a, x) => a + x.non2xx + x.errors, 0);
    rows.push([
      `${key} p99 ms`,
      fmt(bp),
      `${fmt(sp)}${non2xx ? ` (${non2xx} non-2xx/errors)` : ''}`,
      `${(sp / bp).toFixed(2)}x`,
      '<= 2x',
    ]);
  }
  if (report.storage.service) {
    const bs = report.storage.baseline.bytesPerRow;
    const ss = report.storage.service.bytesPerRow;
    rows.push(['bytes stored per event', fmt(bs), fmt(ss), `${(ss / bs).toFixed(2)}x`, '<= 0.15x']);
  }
  rows.push(['service peak RSS MB', '', (report.peakRssBytes / 2 ** 20).toFixed(0), '', '<= 300']);
  const t = report.transcript;
  if (t.readsPerSec !== undefined)
    rows.push([
      `transcript reads/s (${fmt(t.storedEvents)} events stored)`,
      '',
      fmt(t.readsPerSec),
      '',
      '',
    ]);
  if (t.readsPerSec !== undefined) rows.push(['transcript p99 ms', '', String(t.p99), '', '<= 20']);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`\n${report.date} · ${report.machine} · PostgreSQL ${report.postgres}`);
  console.log(
    `${report.eventsFile.events} events file, ${report.durationSeconds} s per run, ${report.rounds} round(s)\n`,
  );
  for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
