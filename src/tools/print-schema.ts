// `npm run schema:print`: writes schema.gql from the code-first resolvers, without a database.
// A test compares it with the running app's schema, so a resolver missing here fails the suite.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AuditResolver } from '../audit/audit.resolver.js';
import { TimelineResolver } from '../timeline/timeline.resolver.js';
import { TranscriptsResolver } from '../transcripts/transcripts.resolver.js';

export const RESOLVERS = [TranscriptsResolver, AuditResolver, TimelineResolver];

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  writeFileSync('schema.gql', printSchema(lexicographicSortSchema(schema)) + '\n');
  await app.close();
  console.log('schema.gql written');
}

void main();
