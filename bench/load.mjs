#!/usr/bin/env node
// Load driver (autocannon): sends the events of an NDJSON file in order, one per request or B per
// JSON-array batch, over C keep-alive connections sharing one cursor (each event is sent once per
// pass; with --once the run ends when the file is used up). Prints one JSON line: events/s
// (2xx answers x events per request / seconds to the last answer), request latency percentiles,
// non-2xx and errors.
//
//   node bench/load.mjs --url http://127.0.0.1:3901 --events FILE [--connections 10] [--batch 0]
//     [--duration 10] [--once] [--header 'Authorization: Bearer ...'] [--path /events] [--label x]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    events: { type: 'string' },
    connections: { type: 'string', default: '10' },
    batch: { type: 'string', default: '0' },
    duration: { type: 'string', default: '10' },
    once: { type: 'boolean', default: false },
    header: { type: 'string', multiple: true, default: [] },
    path: { type: 'string' },
    label: { type: 'string', default: '' },
  },
});
const BATCH = Number(opt.batch);
const CONNECTIONS = Number(opt.connections);
const DURATION = Number(opt.duration);
const path = opt.path ?? (BATCH > 0 ? '/events/batch' : '/events');

const file = readFileSync(opt.events);
const events = [];
for (let start = 0; start < file.length;) {
  let end = file.indexOf(10, start);
  if (end === -1) end = file.length;
  if (end > start) events.push(file.subarray(start, end));
  start = end + 1;
}
const perRequest = Math.max(1, BATCH);
const requests = Math.floor(events.length / perRequest);

let cursor = 0;
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
function nextBody() {
  if (BATCH === 0) return events[cursor++ % events.length];
  const parts = [OPEN];
  for (let i = 0; i < BATCH; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(events[cursor++ % events.length]);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

const headers = { 'content-type': 'application/json' };
for (const h of opt.header) {
  const i = h.indexOf(':');
  headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
}

let lastAnswer = 0;
const started = Date.now();
const instance = autocannon({
  url: new URL(opt.url).origin,
  connections: CONNECTIONS,
  duration: DURATION,
  ...(opt.once ? { amount: requests } : {}),
  timeout: 60,
  requests: [
    { method: 'POST', path, headers, setupRequest: (req) => ({ ...req, body: nextBody() }) },
  ],
});
// With --once the file decides the amount; the duration still caps the run.
const cap = opt.once ? setTimeout(() => instance.stop(), DURATION * 1000) : null;
instance.on('response', () => (lastAnswer = Date.now()));
instance.on('done', (r) => {
  if (cap) clearTimeout(cap);
  const seconds = (lastAnswer - started) / 1000;
  const ok = r['2xx'];
  console.log(
    JSON.stringify({
      label: opt.label,
      path,
      connections: CONNECTIONS,
      batch: BATCH,
      seconds,
      eventsPerSec: Math.round((ok * perRequest) / seconds),
      requests2xx: ok,
      latencyMs: {
        p50: r.latency.p50,
        p97_5: r.latency.p97_5,
        p99: r.latency.p99,
        max: r.latency.max,
      },
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      eventsSent: cursor,
      wrapped: cursor > events.length,
    }),
  );
});
