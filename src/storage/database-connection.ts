import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { AppConfig } from '../config/app-config.js';

/** A session on one physical connection, for multi-statement SQL (migrations) and session locks. */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * One database, two engines: PostgreSQL over a `pg` pool when DATABASE_URL is set, embedded PGlite
 * otherwise. Both give Prisma a driver adapter, so everything above this file has one code path.
 */
export interface DatabaseConnection {
  readonly kind: 'postgresql' | 'pglite';
  readonly adapter: PrismaPg | PrismaPGlite;
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * `fn` in one transaction on one connection: committed when it resolves, rolled back when it
   * throws. On PGlite every other query waits until it ends (a session's BEGIN would not make them).
   */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * One statement straight through the driver, on any connection. Only for the hottest paths
   * (ingest's append, the transcript read, the access-log row each full-agent read waits for):
   * Prisma's raw-query layer costs ~1.5 ms of CPU more per call than the driver for the same
   * statement (measured: 2.3 against 0.75 ms), and this process is CPU-bound.
   */
  query<R>(sql: string, params: unknown[]): Promise<R[]>;
  /** Pool occupancy (metrics); null for the embedded database, which has no pool. */
  poolStats(): PoolStats | null;
  close(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export function openDatabase(config: AppConfig): DatabaseConnection {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.databasePoolSize)
    : openPglite(config.dataDir);
}

export function openPostgres(url: string, max: number): DatabaseConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // Fail fast when PostgreSQL is unreachable, so callers get a 503 instead of a hung request.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return {
    kind: 'postgresql',
    adapter: new PrismaPg(pool),
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async <R>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as R[],
        });
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      return this.withSession(async (session) => {
        await session.exec('BEGIN');
        try {
          const result = await fn(session);
          await session.exec('COMMIT');
          return result;
        } catch (error) {
          await session.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },
    query: async <R>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as R[],
    poolStats: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: () => pool.end(),
  };
}

const BYTEA_OID = 17;

function openPglite(dataDir: string): DatabaseConnection {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'PG_VERSION'))) createPgliteApart(dir);
  // PostgreSQL's 128 MB of shared buffers would live in WebAssembly memory, which never shrinks;
  // pages beyond 16 MB are read back from the files (the operating system caches them anyway).
  const db = new PGlite(dir, {
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    // bytea as Buffer, as pg gives it (a Uint8Array's toString('hex') would not be hex).
    parsers: { [BYTEA_OID]: (value: string) => Buffer.from(value.slice(2), 'hex') },
  });
  return {
    kind: 'pglite',
    adapter: new PrismaPGlite(db),
    async withSession(fn) {
      const result = await fn({
        exec: async (sql) => void (await db.exec(sql)),
        query: async <R>(sql: string, params: unknown[] = []) =>
          (await db.query<R>(sql, params)).rows,
      });
      // PGlite serialises array parameters by the array types it knew when it opened; a session
      // may have created some (migrations create "Visibility"[]), so it learns them again.
      await db.refreshArrayTypes();
      return result;
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => void (await tx.exec(sql)),
          query: async <R>(sql: string, params: unknown[] = []) =>
            (await tx.query<R>(sql, params)).rows,
        }),
      ),
    query: async <R>(sql: string, params: unknown[]) => (await db.query<R>(sql, params)).rows,
    poolStats: () => null,
    close: () => db.close(),
  };
}

/**
 * Creates an embedded database (initdb) in a short-lived child process. WebAssembly memory never
 * shrinks: initdb grows PGlite's to about 750 MB, several times what opening an existing database
 * needs, and a first start in this process would keep that for its whole life.
 */
function createPgliteApart(dir: string): void {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `const { PGlite } = require(process.argv[1]);
    const db = new PGlite(process.argv[2]);
    db.waitReady.then(() => db.close()).catch((error) => {
      console.error(error);
      process.exit(1);
    });`;
  execFileSync(process.execPath, ['-e', script, entry, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
