import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  type GraphQLObjectType,
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';

/**
 * relay-compiler (Relay's own build tool, a native binary in the npm package: no network) compiles a
 * paginated fragment with `@connection` on every connection of `schema.gql`. It refuses a connection
 * whose `pageInfo`, edges or paging arguments do not follow the Relay Cursor Connections spec.
 */
const RELAY_CLI = createRequire(import.meta.url).resolve('relay-compiler/cli.js');
const SCHEMA = readFileSync('schema.gql', 'utf8');

interface ConnectionField {
  type: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

/** Every field whose type has `edges` and `pageInfo`: what a Relay client would page through. */
function connectionFields(schema: GraphQLSchema): ConnectionField[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__'))
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ type, field })))
    .filter(({ field }) => {
      const target = getNamedType(field.type);
      return (
        isObjectType(target) && 'edges' in target.getFields() && 'pageInfo' in target.getFields()
      );
    });
}

/** A module in the form Relay expects: fragment `<Module>_<prop>`, refetchable on Query. */
function paginationModule({ type, field }: ConnectionField): { module: string; source: string } {
  const module = `${type.name}${field.name[0].toUpperCase()}${field.name.slice(1)}Connection`;
  const definitions = field.args.map((a) => `${a.name}: { type: "${String(a.type)}" }`);
  const passed = field.args.map((a) => `${a.name}: $${a.name}`);
  const refetchable =
    type.name === 'Query' ? `@refetchable(queryName: "${module}PaginationQuery")` : '';
  const source = `import { graphql } from 'react-relay';
export const fragment = graphql\`
  fragment ${module}_data on ${type.name}
  @argumentDefinitions(${definitions.join(', ')})
  ${refetchable} {
    ${field.name}(${passed.join(', ')}) @connection(key: "${module}_${field.name}") {
      edges { node { __typename } }
    }
  }
\`;
`;
  return { module, source };
}

/** Compiles one module per connection against `schemaText`, in a scratch project. */
function compile(schemaText: string, fields: ConnectionField[]) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-compiler-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'schema.graphql'), schemaText);
  writeFileSync(
    join(dir, 'relay.config.json'),
    JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript' }),
  );
  const modules = fields.map(paginationModule);
  for (const { module, source } of modules) writeFileSync(join(dir, 'src', `${module}.ts`), source);
  const run = spawnSync(process.execPath, [RELAY_CLI], { cwd: dir, encoding: 'utf8' });
  return { dir, modules, status: run.status, output: `${run.stdout}${run.stderr}` };
}

const dirs: string[] = [];

describe('relay-compiler on schema.gql', () => {
  const fields = connectionFields(buildSchema(SCHEMA));

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('should find the connections the contract names', () => {
    expect(fields.map(({ type, field }) => `${type.name}.${field.name}`)).toEqual(
      expect.arrayContaining(['Query.conversations', 'Query.accessLog']),
    );
  });

  it('should accept @connection with forward and backward paging on every connection', () => {
    const result = compile(SCHEMA, fields);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    for (const { module } of result.modules) {
      expect(existsSync(join(result.dir, 'src/__generated__', `${module}_data.graphql.ts`))).toBe(
        true,
      );
      expect(
        existsSync(join(result.dir, 'src/__generated__', `${module}PaginationQuery.graphql.ts`)),
      ).toBe(true);
    }
  });

  it('should refuse them when PageInfo lacks a field of the spec (the check can fail)', () => {
    const broken = SCHEMA.replace(/^\s*hasPreviousPage: Boolean!\n/m, '\n');
    expect(broken).not.toBe(SCHEMA);
    const result = compile(broken, fields);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('hasPreviousPage');
  });
});
