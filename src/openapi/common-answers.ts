import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ApiResponseExamples } from '@nestjs/swagger';
import { RETRY_AFTER_SECONDS } from '../common/error-mapping.js';
import { ErrorBody } from './answer-schemas.js';

/** The error answer of one status, with one named example per case. */
export function errorAnswer(
  status: number,
  description: string,
  examples: Record<string, ApiResponseExamples>,
) {
  return ApiResponse({ status, description, type: ErrorBody, examples });
}

/** An example error body, exactly as the service writes it. */
export function errorExample(
  summary: string,
  statusCode: number,
  message: string,
  problems?: string[],
): ApiResponseExamples {
  return { summary, value: { statusCode, message, ...(problems ? { problems } : {}) } };
}

/** 401 and 403: every route that needs a key answers them the same way. */
export function keyAnswers(scope: string) {
  return applyDecorators(
    errorAnswer(401, 'No API key, or a secret no key has.', {
      missing: errorExample(
        'No Authorization header',
        401,
        'Missing API key: send Authorization: Bearer <secret>',
      ),
      unknown: errorExample('A secret no key has', 401, 'Unknown API key'),
    }),
    errorAnswer(403, `The key lacks the scope ${scope}.`, {
      scope: errorExample('Missing scope', 403, `This API key lacks the scope ${scope}`),
    }),
  );
}

/** 503: the database is unavailable; nothing was stored or read. */
export function unavailableAnswer(what: string) {
  return ApiResponse({
    status: 503,
    description: `The database is unavailable; ${what}. Retry after the Retry-After seconds.`,
    type: ErrorBody,
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before retrying.',
        schema: { type: 'integer', example: RETRY_AFTER_SECONDS },
      },
    },
    examples: {
      unavailable: errorExample(
        'Database unavailable',
        503,
        `The database is unavailable; nothing was stored. Retry after ${RETRY_AFTER_SECONDS} seconds.`,
      ),
    },
  });
}
