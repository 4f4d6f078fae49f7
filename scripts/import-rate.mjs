#!/usr/bin/env node
// `npm run import:rate -- <file>`: imports <file> (bench/gen-events.mjs writes one) into a fresh
// PostgreSQL database with the built CLI (dist/tools/import.js) and prints its rate in events/s.
// The database is dropped afterwards unless --keep is given.
//
//   ADMIN_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres): where to create it.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: { keep: { type: 'boolean', default: false } },
});
if (positionals.length !== 1) {
  console.error('Usage: npm run import:rate -- <file> [--keep]');
  process.exit(2);
}
const admin = process.env.ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `cim_import_rate_${randomBytes(4).toString('hex')}`;
const url = new URL(admin);
url.pathname = `/${name}`;

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function runImport(file) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/tools/import.js', file], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-10_000)));
    child.on('error', reject);
    child.on('exit', (code) =>
      resolve({ code, out, err, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

await adminQuery(`CREATE DATABASE ${name}`);
try {
  const { code, out, err, seconds } = await runImport(positionals[0]);
  const summary = out.trim().split('\n').at(-1) ?? '';
  const rate = /^(\d+) events\/s$/m.exec(err)?.[1];
  if (code !== 0 || rate === undefined) {
    console.error(err);
    console.error(`import exited ${code}: ${summary}`);
    process.exitCode = 1;
  } else {
    const events = summary.match(/\d+/g).reduce((a, n) => a + Number(n), 0);
    console.log(summary);
    console.log(
      `${rate} events/s (${events} events; ${seconds.toFixed(1)} s wall including start-up and migrations: ${Math.round(events / seconds)} events/s)`,
    );
  }
} finally {
  if (!opt.keep) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  else console.log(`kept ${url}`);
}
