import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { configureHttp, httpAdapter } from '../../src/http-setup.js';

/** One key per scope plus a key with every read and write scope, as a deployment would configure them. */
export const KEYS = {
  writer: { name: 'writer', secret: 'writer-secret-0123456789', scopes: ['events:write'] },
  customer: {
    name: 'customer',
    secret: 'customer-secret-0123456789',
    scopes: ['transcripts:customer'],
  },
  agent: { name: 'agent', secret: 'agent-secret-0123456789', scopes: ['transcripts:agent'] },
  reports: { name: 'reports', secret: 'reports-secret-0123456789', scopes: ['reports:read'] },
  audit: { name: 'audit', secret: 'audit-secret-0123456789', scopes: ['audit:read'] },
  eraser: { name: 'eraser', secret: 'eraser-secret-0123456789', scopes: ['data:erase'] },
  admin: {
    name: 'admin',
    secret: 'admin-secret-0123456789',
    scopes: [
      'events:write',
      'transcripts:customer',
      'transcripts:agent',
      'reports:read',
      'audit:read',
    ],
  },
} as const;

export type KeyName = keyof typeof KEYS;

export function testConfig(env: Record<string, string | undefined>): AppConfig {
  return loadConfig({ API_KEYS: JSON.stringify(Object.values(KEYS)), LOG_LEVEL: 'silent', ...env });
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** supertest agent on the app's HTTP server. */
  http: () => ReturnType<typeof request>;
  postEvent(body: unknown, key?: KeyName): request.Test;
  graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    key?: KeyName,
  ): Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  /** The stored event as received, through GraphQL `originalEvent` (audit:read). */
  originalEvent(id: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string | undefined>): Promise<TestApp> {
  const config = testConfig(env);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    httpAdapter(),
    { bodyParser: false, logger: false },
  );
  configureHttp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  const auth = (key: KeyName) => `Bearer ${KEYS[key].secret}`;
  return {
    app,
    config,
    http,
    postEvent: (body, key = 'writer') =>
      http()
        .post('/events')
        .set('Authorization', auth(key))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body)),
    graphql: async (query, variables = {}, key = 'admin') => {
      const res = await http()
        .post('/graphql')
        .set('Authorization', auth(key))
        .send({ query, variables });
      return { status: res.status, body: res.body };
    },
    originalEvent: async (id) => {
      const res = await request(app.getHttpServer())
        .post('/graphql')
        .set('Authorization', auth('audit'))
        .send({ query: 'query ($id: ID!) { originalEvent(id: $id) }', variables: { id } });
      if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
      return res.body.data.originalEvent;
    },
    close: () => app.close(),
  };
}

export const TRANSCRIPT_QUERY = `
  query Transcript($id: ID!, $view: TranscriptView!) {
    transcript(conversationId: $id, view: $view) {
      conversationId view
      messages { id eventId eventName timestamp type text visibility channelSessionId sender { id name type } }
    }
  }`;
