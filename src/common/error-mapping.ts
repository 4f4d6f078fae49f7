import { HttpException } from '@nestjs/common';
import { AuthException, AuthExceptionCode } from '../auth/auth.exception.js';
import { ErasureException, ErasureExceptionCode } from '../erasure/erasure.exception.js';
import { IngestException, IngestExceptionCode } from '../ingest/ingest.exception.js';
import { StorageUnavailableError } from '../storage/storage-errors.js';
import { assertUnreachable } from './assert-unreachable.js';
import { ReadException, ReadExceptionCode } from './read.exception.js';

export const RETRY_AFTER_SECONDS = 5;

export interface MappedError {
  status: number;
  /** GraphQL `extensions.code`. */
  code: string;
  message: string;
  problems?: string[];
  /** Unexpected: log it, and do not show its message to the client. */
  internal?: boolean;
}

/** Every known exception to its HTTP status and GraphQL code, in one exhaustive place. */
export function mapError(error: unknown): MappedError {
  if (error instanceof IngestException) {
    const problems = error.problems.length > 0 ? { problems: error.problems } : {};
    return {
      status: ingestStatus(error.code),
      code: error.code,
      message: error.message,
      ...problems,
    };
  }
  if (error instanceof AuthException) {
    return { status: authStatus(error.code), code: error.code, message: error.message };
  }
  if (error instanceof ReadException) {
    return { ...readStatus(error.code), message: error.message };
  }
  if (error instanceof ErasureException) {
    return { ...erasureStatus(error.code), message: error.message };
  }
  if (error instanceof StorageUnavailableError) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: `The database is unavailable; nothing was stored. Retry after ${RETRY_AFTER_SECONDS} seconds.`,
    };
  }
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? [response.message].flat().join('; ')
        : error.message;
    return { status: error.getStatus(), code: httpCode(error.getStatus()), message };
  }
  return {
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Internal server error',
    internal: true,
  };
}

function ingestStatus(code: IngestExceptionCode): number {
  switch (code) {
    case IngestExceptionCode.INVALID_EVENT:
      return 400;
    case IngestExceptionCode.EVENT_CONFLICT:
      return 409;
    case IngestExceptionCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    default:
      return assertUnreachable(code);
  }
}

function readStatus(code: ReadExceptionCode): { status: number; code: string } {
  switch (code) {
    case ReadExceptionCode.INVALID_ARGUMENT:
      return { status: 400, code: 'BAD_USER_INPUT' };
    case ReadExceptionCode.NOT_FOUND:
      return { status: 404, code: 'NOT_FOUND' };
    default:
      return assertUnreachable(code);
  }
}

function erasureStatus(code: ErasureExceptionCode): { status: number; code: string } {
  switch (code) {
    case ErasureExceptionCode.LEGAL_HOLD:
      return { status: 409, code: 'LEGAL_HOLD' };
    case ErasureExceptionCode.NOT_FOUND:
      return { status: 404, code: 'NOT_FOUND' };
    case ErasureExceptionCode.INVALID_ARGUMENT:
      return { status: 400, code: 'BAD_USER_INPUT' };
    default:
      return assertUnreachable(code);
  }
}

function authStatus(code: AuthExceptionCode): number {
  switch (code) {
    case AuthExceptionCode.UNAUTHENTICATED:
      return 401;
    case AuthExceptionCode.FORBIDDEN:
      return 403;
    default:
      return assertUnreachable(code);
  }
}

function httpCode(status: number): string {
  // Argument validation (ValidationPipe) fails with a 400: GraphQL clients know it as BAD_USER_INPUT.
  if (status === 400) return 'BAD_USER_INPUT';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
}
