import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createTestDatabase, type TestDatabase } from './utils/database.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('schema.gql', () => {
  let db: TestDatabase;
  let sut: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  it('should be the schema the running service serves (run `npm run schema:print` after changing it)', () => {
    const served =
      printSchema(lexicographicSortSchema(sut.app.get(GraphQLSchemaHost).schema)) + '\n';
    expect(readFileSync('schema.gql', 'utf8')).toBe(served);
  });
});
