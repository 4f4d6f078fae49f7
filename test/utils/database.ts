import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations, readMigrations } from '../../src/storage/migrations.js';
import { NORMALISED_TABLES } from '../../src/storage/normalised-tables.repository.js';

/** Admin connection to a real PostgreSQL; tests never mock the database. */
export const ADMIN_URL =
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string, base = ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(
  fn: (client: pg.Client) => Promise<T>,
  url = ADMIN_URL,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const TEMPLATE_LOCK = 4242_0001;

/**
 * Makes sure the migrated template database exists and matches the migrations on disk (it is rebuilt
 * when they change). Jest workers call this concurrently; an advisory lock lets one build it.
 */
async function ensureTemplate(): Promise<string> {
  const migrations = await readMigrations('prisma/migrations');
  const expected = migrations.map((m) => `${m.name}:${m.checksum}`).join(',');
  // Named after the migrations, so checkouts with different migrations never share a template.
  const template = `cim_tpl_${createHash('sha256').update(expected).digest('hex').slice(0, 12)}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (found.rowCount === 1 && (await templateMigrations(template)) === expected) return;
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${template}`);
      await withAdmin((client) => applyMigrations(sessionOf(client), migrations), urlFor(template));
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return template;
}

async function templateMigrations(template: string): Promise<string> {
  return withAdmin(async (c) => {
    const rows = await c
      .query<{ v: string }>(
        `SELECT string_agg(migration_name || ':' || checksum, ',' ORDER BY migration_name) AS v
       FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`,
      )
      .catch(() => ({ rows: [{ v: '' }] }));
    return rows.rows[0]?.v ?? '';
  }, urlFor(template));
}

export function sessionOf(client: pg.Client) {
  return {
    exec: async (sql: string) => void (await client.query(sql)),
    query: async <R>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as R[],
  };
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file: files can run in parallel. */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const template = options.migrated === false ? 'template0' : await ensureTemplate();
  const name = `cim_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: urlFor(name),
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

// The audit log and everything normalised from it. payload_parts stays: it is content-addressed,
// and a running app remembers which parts it stored.
const DATA_TABLES = ['events', 'audit_chains', ...NORMALISED_TABLES];

/** Empties every table that ingest writes (keys stay). */
export async function truncateData(url: string): Promise<void> {
  await withAdmin((c) => c.query(`TRUNCATE ${DATA_TABLES.join(', ')}`), url);
}

/**
 * Until `sessions` sessions of this database wait on a lock (at most 5 s; the test's assertions
 * then judge).
 */
export async function waitForLockWaits(url: string, sessions = 1): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  for (let i = 0; i < 100; i++) {
    const waiting = await withAdmin(
      async (c) =>
        (
          await c.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
            [name],
          )
        ).rows[0].n,
    );
    if (waiting >= sessions) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
