import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations, readMigrations } from '../../src/storage/migrations.js';

/** Admin connection to a real PostgreSQL; tests never mock the database. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEMPLATE_DB = 'cim_test_template';

export function urlFor(database: string, base = ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Builds the migrated template database once per run (global setup). */
export async function createTemplateDatabase(): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  });
  const migrations = await readMigrations('prisma/migrations');
  await withAdmin(
    (client) =>
      applyMigrations(
        { exec: async (sql) => void (await client.query(sql)), query: async (sql, params) => (await client.query(sql, params)).rows },
        migrations,
      ),
    urlFor(TEMPLATE_DB),
  );
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file: files can run in parallel. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `cim_test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? 'template0' : TEMPLATE_DB;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: urlFor(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

const DATA_TABLES = ['events', 'conversations', 'channels', 'customers', 'channel_sessions', 'participants', 'messages'];

/** Empties every table that ingest writes (keys stay). */
export async function truncateData(url: string): Promise<void> {
  await withAdmin((c) => c.query(`TRUNCATE ${DATA_TABLES.join(', ')}`), url);
}
