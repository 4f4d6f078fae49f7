import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { applyMigrations, readMigrations } from '../src/storage/migrations.js';
import { upsertFunctionBody } from '../src/storage/normalised-upserts.js';
import { createTestDatabase, sessionOf, withAdmin, type TestDatabase } from './utils/database.js';

interface DmmfField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  dbName?: string | null;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string }[] }[];
    indexes: DmmfIndex[];
  };
}

const require = createRequire(import.meta.url);
const wasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };
const schema = readFileSync('prisma/schema.prisma', 'utf8');
const dmmf = JSON.parse(
  wasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] })),
) as Dmmf;
const MODELS = dmmf.datamodel.models;

const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;
const scalarFields = (m: DmmfModel) =>
  m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');

/** The PostgreSQL type Prisma Migrate creates for a field. */
function expectedType(f: DmmfField): string {
  if (f.kind === 'enum') {
    const e = dmmf.datamodel.enums.find((x) => x.name === f.type)!;
    return f.isList ? `_${e.dbName ?? e.name}` : (e.dbName ?? e.name);
  }
  const [native, args] = f.nativeType ?? [null, []];
  const base: string = (() => {
    switch (native ?? f.type) {
      case 'String':
      case 'Text':
        return 'text';
      case 'VarChar':
        return `varchar(${args[0]})`;
      case 'Int':
      case 'Integer':
        return 'int4';
      case 'BigInt':
        return 'int8';
      case 'SmallInt':
        return 'int2';
      case 'Boolean':
        return 'bool';
      case 'Float':
      case 'DoublePrecision':
        return 'float8';
      case 'Json':
      case 'JsonB':
        return 'jsonb';
      case 'DateTime':
        return 'timestamp(3)';
      case 'Timestamptz':
        return `timestamptz(${args[0] ?? 6})`;
      case 'Timestamp':
        return `timestamp(${args[0] ?? 6})`;
      case 'Bytes':
        return 'bytea';
      case 'Uuid':
        return 'uuid';
      default:
        throw new Error(`No mapping for ${native ?? f.type} in this test: add it`);
    }
  })();
  return f.isList ? `${base}[]` : base;
}

/** Prisma's default constraint and index names. */
function expectedIndexName(index: DmmfIndex, model: DmmfModel): string {
  if (index.dbName) return index.dbName;
  const table = tableOf(model);
  const cols = index.fields.map((x) => columnOf(model.fields.find((f) => f.name === x.name)!));
  if (index.type === 'id') return `${table}_pkey`;
  return `${table}_${cols.join('_')}_${index.type === 'unique' ? 'key' : 'idx'}`;
}

describe('migrations and schema.prisma', () => {
  let db: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('should create exactly the tables of the models (plus _prisma_migrations)', async () => {
    const { rows } = await client.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(
      [...MODELS.map(tableOf), '_prisma_migrations'].sort(),
    );
  });

  it('should create every enum with its values', async () => {
    const { rows } = await client.query(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    expect(actual).toEqual(
      Object.fromEntries(
        dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.name)]),
      ),
    );
  });

  describe.each(MODELS.map((m) => [m.name, m] as const))('model %s', (_name, model) => {
    it('should have exactly its columns, with their types and nullability', async () => {
      const { rows } = await client.query(
        `SELECT a.attname AS column, format_type(a.atttypid, a.atttypmod) AS formatted, t.typname, NOT a.attnotnull AS nullable
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [`"${tableOf(model)}"`],
      );
      const normalise = (r: { formatted: string; typname: string }) => {
        const short: Record<string, string> = {
          text: 'text',
          integer: 'int4',
          smallint: 'int2',
          bigint: 'int8',
          boolean: 'bool',
          jsonb: 'jsonb',
          'double precision': 'float8',
          bytea: 'bytea',
          'text[]': 'text[]',
        };
        const f = r.formatted
          .replace(/^timestamp\((\d)\) with time zone/, 'timestamptz($1)')
          .replace(/^timestamp\((\d)\) without time zone/, 'timestamp($1)')
          .replace(/^character varying\((\d+)\)/, 'varchar($1)')
          .replace(/^"?([A-Za-z_]+)"?$/, (all, name: string) => short[all] ?? name);
        return short[f] ?? f;
      };
      const actual = Object.fromEntries(
        rows.map((r) => [r.column, { type: normalise(r), nullable: r.nullable }]),
      );
      const expected = Object.fromEntries(
        scalarFields(model).map((f) => [
          columnOf(f),
          { type: expectedType(f), nullable: f.isList ? true : !f.isRequired },
        ]),
      );
      expect(actual).toEqual(expected);
    });

    it('should have exactly its primary key, unique constraints and indexes', async () => {
      const { rows } = await client.query(
        `SELECT i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
                array_agg(a.attname ORDER BY k.ord)::text[] AS columns
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
         JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
         WHERE ix.indrelid = $1::regclass
         GROUP BY i.relname, ix.indisunique, ix.indisprimary`,
        [`"${tableOf(model)}"`],
      );
      const actual = rows
        .map((r) => ({ name: r.name, columns: r.columns, unique: r.unique, primary: r.primary }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const expected = dmmf.datamodel.indexes
        .filter((ix) => ix.model === model.name)
        .map((ix) => ({
          name: expectedIndexName(ix, model),
          columns: ix.fields.map((x) => columnOf(model.fields.find((f) => f.name === x.name)!)),
          unique: ix.type !== 'normal',
          primary: ix.type === 'id',
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(actual).toEqual(expected);
    });
  });

  it('should record every migration in _prisma_migrations as Prisma Migrate does', async () => {
    const migrations = await readMigrations('prisma/migrations');
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(
      rows.map((r) => ({
        name: r.migration_name,
        checksum: r.checksum,
        done: r.finished_at !== null,
        rolledBack: r.rolled_back_at,
        steps: r.applied_steps_count,
      })),
    ).toEqual(
      migrations.map((m) => ({
        name: m.name,
        checksum: createHash('sha256')
          .update(readFileSync(`prisma/migrations/${m.name}/migration.sql`))
          .digest('hex'),
        done: true,
        rolledBack: null,
        steps: 1,
      })),
    );
    expect(readFileSync('prisma/migrations/migration_lock.toml', 'utf8')).toContain(
      'provider = "postgresql"',
    );
  });

  it('should run the normalised upserts the code defines (cim_upsert_normalised is current)', async () => {
    const { rows } = await client.query<{ prosrc: string; args: string }>(
      `SELECT prosrc, pg_get_function_identity_arguments(oid) AS args FROM pg_proc
        WHERE proname IN ('cim_upsert_normalised', 'cim_append_events') ORDER BY proname`,
    );
    // One version of each function.
    expect(rows.map((r) => r.args)).toEqual([
      'p_received_at timestamp with time zone, p_events jsonb, p_parts jsonb, p_rows jsonb',
      'p_rows jsonb',
    ]);
    // A changed upsert in src/storage/normalised-upserts.ts needs a migration replacing the function.
    expect(rows[1].prosrc).toBe(upsertFunctionBody());
    expect(rows[1].prosrc).not.toContain('$1');
  });
});

describe(applyMigrations.name, () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });

  afterAll(() => db?.drop());

  it('should apply each migration once when several instances start at the same time', async () => {
    const migrations = await readMigrations('prisma/migrations');
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => withAdmin((c) => applyMigrations(sessionOf(c), migrations), db.url)),
    );
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.name));
    const count = await withAdmin(
      async (c) => (await c.query('SELECT count(*)::int AS n FROM "_prisma_migrations"')).rows[0].n,
      db.url,
    );
    expect(count).toBe(migrations.length);
    const again = await withAdmin((c) => applyMigrations(sessionOf(c), migrations), db.url);
    expect(again).toEqual([]);
  });
});
