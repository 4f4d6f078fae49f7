import { describe, expect, it } from '@jest/globals';
import { isForeignKeyViolation, isUniqueViolation, isUnavailableError } from './storage-errors.js';

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
    { label: 'a database that no longer exists (3D000)', error: { code: '3D000' } },
    {
      label: 'a dropped table (42P01), wrapped',
      error: new Error('x', { cause: { code: '42P01' } }),
    },
    { label: 'a dropped function (42883)', error: { code: '42883' } },
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

describe('constraint violations', () => {
  const pgError = (code: string) => Object.assign(new Error('constraint'), { code });
  // The driver's error as guardAvailability and the repositories see it: wrapped in a cause.
  const wrapped = (code: string) => new Error('append failed', { cause: pgError(code) });

  it.each([
    { name: 'foreign key', check: isForeignKeyViolation, code: '23503', other: '23505' },
    { name: 'unique', check: isUniqueViolation, code: '23505', other: '23503' },
  ])('should tell a $name violation from another one', ({ check, code, other }) => {
    expect(check(pgError(code))).toBe(true);
    expect(check(wrapped(code))).toBe(true);
    expect(check(pgError(other))).toBe(false);
    expect(check(new Error('connection terminated'))).toBe(false);
  });
});
