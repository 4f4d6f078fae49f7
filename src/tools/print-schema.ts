// `npm run schema:print`: writes schema.gql from the code-first resolvers, without a database.
// A test compares it with the running app's schema, so a resolver missing here fails the suite.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AccessLogResolver } from '../access-log/access-log.resolver.js';
import { AuditResolver } from '../audit/audit.resolver.js';
import { describeRootTypes } from '../common/root-types.js';
import { CollaborationResolver } from '../collaboration/collaboration.resolver.js';
import { ViewerResolver } from '../console/viewer.resolver.js';
import { ConversationsResolver } from '../conversations/conversations.resolver.js';
import { ErasureResolver } from '../erasure/erasure.resolver.js';
import { ReportsResolver } from '../reports/reports.resolver.js';
import { TimelineResolver } from '../timeline/timeline.resolver.js';
import { TranscriptsResolver } from '../transcripts/transcripts.resolver.js';

export const RESOLVERS = [
  TranscriptsResolver,
  TimelineResolver,
  AuditResolver,
  ConversationsResolver,
  CollaborationResolver,
  ReportsResolver,
  AccessLogResolver,
  ErasureResolver,
  ViewerResolver,
];

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS);
  writeFileSync(
    'schema.gql',
    printSchema(lexicographicSortSchema(describeRootTypes(schema))) + '\n',
  );
  await app.close();
  console.log('schema.gql written');
}

void main();
