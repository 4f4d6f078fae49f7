import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { HealthAnswer } from './answer-schemas.js';
import { errorAnswer, errorExample } from './common-answers.js';

/** No key: these routes are open for load balancers and scrapers. */
const OPEN = { security: [] };

export function LivenessDocs() {
  return applyDecorators(
    ApiOperation({
      ...OPEN,
      summary: 'The process is up',
      description:
        'No dependency is checked: restart the process only when this fails. No key needed.',
    }),
    ApiResponse({
      status: 200,
      description: 'Up.',
      type: HealthAnswer,
      example: { status: 'ok', info: {}, error: {}, details: {} },
    }),
  );
}

export function ReadinessDocs() {
  return applyDecorators(
    ApiOperation({
      ...OPEN,
      summary: 'The instance can serve',
      description:
        "The database answers and still holds this build's newest migration. No key needed.",
    }),
    ApiResponse({
      status: 200,
      description: 'Ready.',
      type: HealthAnswer,
      example: {
        status: 'ok',
        info: { database: { status: 'up' } },
        error: {},
        details: { database: { status: 'up' } },
      },
    }),
    errorAnswer(503, 'Not ready: take the instance out of rotation.', {
      down: errorExample(
        'Database unreachable',
        503,
        'Not ready: database: the database is unavailable',
      ),
      schema: errorExample(
        'Schema gone',
        503,
        "Not ready: database: the database does not hold this build's schema; restart to migrate",
      ),
    }),
  );
}

export function MetricsDocs() {
  return applyDecorators(
    ApiOperation({
      ...OPEN,
      summary: 'Prometheus metrics',
      description:
        'Served only when METRICS_ENABLED=true. No key needed: expose it on an internal network only.',
    }),
    ApiResponse({
      status: 200,
      description: 'Prometheus text format.',
      content: {
        'text/plain': {
          schema: { type: 'string' },
          example:
            '# HELP cim_events_ingested_total Events received, by event name and outcome\n# TYPE cim_events_ingested_total counter\ncim_events_ingested_total{name="AGENT_MESSAGE",status="created"} 1\n',
        },
      },
    }),
  );
}
