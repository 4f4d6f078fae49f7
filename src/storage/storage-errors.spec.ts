import { describe, expect, it } from '@jest/globals';
import { isUnavailableError } from './storage-errors.js';

describe(isUnavailableError.name, () => {
  it.each([
    {
      label: "a raw query's P2010 whose driver adapter error says the connection closed",
      error: {
        code: 'P2010',
        message: 'Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`',
        meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } },
      },
    },
    {
      label: 'a P2010 that only says so in its driver adapter error',
      error: {
        code: 'P2010',
        message: 'Raw query failed',
        meta: { driverAdapterError: { code: 'ECONNRESET' } },
      },
    },
    { label: 'a refused connection', error: { code: 'ECONNREFUSED' } },
    { label: 'an admin shutdown (57P01)', error: { code: '57P01' } },
  ])('should be true when given $label', ({ error }) => {
    expect(isUnavailableError(error)).toBe(true);
  });

  it.each([
    { label: 'a unique violation', error: { code: '23505', message: 'duplicate key' } },
    {
      label: 'a P2010 with a syntax error',
      error: {
        code: 'P2010',
        message: 'Raw query failed',
        meta: { driverAdapterError: { code: '42601' } },
      },
    },
    { label: 'a plain bug', error: new TypeError('x is undefined') },
  ])('should be false when given $label', ({ error }) => {
    expect(isUnavailableError(error)).toBe(false);
  });
});
