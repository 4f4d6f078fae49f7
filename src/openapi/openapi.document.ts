import { existsSync, readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Where the document and its browsable view are served (no key needed for either). */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const OPENAPI_UI_PATH = '/docs';

const SECURITY = 'apiKey';

/** The service's version, from the nearest package.json above this module (dist/, or src/ in tests). */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dir.pathname === '/') throw new Error('No package.json above the service');
  }
}

/**
 * Serves the document at /openapi.json and Swagger UI at /docs, with the UI's assets from the
 * installed swagger-ui-dist package: nothing is loaded from elsewhere. Both are plain routes of the
 * HTTP platform, outside the controllers, so no API key is needed for them; the global guard still
 * covers every controller route. The document is built at its first request, once every route is
 * registered.
 */
export function serveApiDescription(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => (document ??= buildOpenApiDocument(app)), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'CIM Transcript & Audit Store: HTTP API',
    // Swagger UI would send the document to validator.swagger.io for a badge.
    swaggerOptions: { validatorUrl: null },
  });
}

/**
 * The OpenAPI 3 document of every HTTP route: the controllers' routes from their decorators, plus
 * the routes other parts serve (GraphQL, this document and its view).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('CIM Transcript & Audit Store')
    .setDescription(
      'Ingests CIM events over HTTP and serves transcripts, reports and the audit log. Reads are GraphQL (POST /graphql; the schema is schema.gql in the repository, and introspection gives it with every description). Every route needs an API key (Authorization: Bearer <secret>) except /health/*, /metrics, /openapi.json and /docs.',
    )
    .setVersion(packageVersion())
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key secret',
        description: 'The secret of an API key (API_KEYS).',
      },
      SECURITY,
    )
    .addSecurityRequirements(SECURITY)
    .addTag('ingestion', 'CIM events in: POST /events and POST /events/batch (scope events:write).')
    .addTag(
      'exports',
      'Transcripts out, as files (scope transcripts:customer or transcripts:agent).',
    )
    .addTag('graphql', 'Every read: transcripts, conversations, timelines, reports, the audit log.')
    .addTag('operations', 'Health, metrics and this description; no key needed.')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return { ...document, paths: { ...document.paths, ...OTHER_PATHS } };
}

const OPEN = { security: [] };

/** Routes not served by a controller, so the document builder does not see them. */
const OTHER_PATHS: OpenAPIObject['paths'] = {
  '/graphql': {
    post: {
      tags: ['graphql'],
      operationId: 'graphql',
      summary: 'GraphQL',
      description:
        'Every read. Each query needs the scope its description in the schema names; a key without it gets an error with extensions.code FORBIDDEN and null for that field (HTTP 200).',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['query'],
              properties: {
                query: { type: 'string' },
                variables: { type: 'object', additionalProperties: true },
                operationName: { type: 'string' },
              },
            },
            example: {
              query:
                'query ($id: ID!) { transcript(conversationId: $id, view: CUSTOMER) { messages { timestamp text sender { name type } } } }',
              variables: { id: '694135361fde7e4212be1824' },
            },
          },
        },
      },
      responses: {
        '200': graphqlAnswer(
          'The answer; errors of single fields (FORBIDDEN, BAD_USER_INPUT, ...) are in errors.',
          {
            data: { transcript: { messages: [] } },
          },
        ),
        '400': graphqlAnswer(
          'The document is not GraphQL, does not fit the schema, or is over the depth or cost limit.',
          {
            errors: [
              {
                message: 'Cannot query field "nope" on type "Query".',
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          },
        ),
        '401': graphqlAnswer('No API key, or an unknown one.', {
          errors: [
            {
              message: 'Missing API key: send Authorization: Bearer <secret>',
              path: ['transcript'],
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
          data: { transcript: null },
        }),
        '503': graphqlAnswer('The database is unavailable.', {
          errors: [
            {
              message: 'The database is unavailable; nothing was stored. Retry after 5 seconds.',
              path: ['transcript'],
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            },
          ],
          data: { transcript: null },
        }),
      },
    },
  },
  [OPENAPI_JSON_PATH]: {
    get: {
      ...OPEN,
      tags: ['operations'],
      operationId: 'openapi',
      summary: 'This OpenAPI document',
      responses: {
        '200': {
          description: 'The OpenAPI 3 document of every HTTP route.',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  },
  [OPENAPI_UI_PATH]: {
    get: {
      ...OPEN,
      tags: ['operations'],
      operationId: 'docs',
      summary: 'This document, browsable',
      description: 'Swagger UI, served by the service itself from its installed package.',
      responses: {
        '200': {
          description: 'An HTML page.',
          content: { 'text/html': { schema: { type: 'string' } } },
        },
      },
    },
  },
};

function graphqlAnswer(description: string, example: unknown) {
  return {
    description,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            data: { type: 'object', nullable: true, additionalProperties: true },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  message: { type: 'string' },
                  path: { type: 'array', items: { type: 'string' } },
                  extensions: {
                    type: 'object',
                    properties: { code: { type: 'string' } },
                    additionalProperties: true,
                  },
                },
              },
            },
          },
        },
        example,
      },
    },
  };
}
