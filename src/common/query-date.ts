import { applyDecorators } from '@nestjs/common';
import { IsDate, IsISO8601, ValidateBy, type ValidationOptions } from 'class-validator';
import { MAX_EPOCH_MS } from '../domain/limits.js';

/**
 * Times a read may ask about: years 1 to 9999. PostgreSQL has no year 0 and JavaScript dates end in
 * year 275760, so a date outside this range would otherwise fail inside a query as a 500.
 */
export const MIN_QUERY_DATE = new Date('0001-01-01T00:00:00.000Z');
export const MAX_QUERY_DATE = new Date(MAX_EPOCH_MS);
const RANGE = `between ${MIN_QUERY_DATE.toISOString()} and ${MAX_QUERY_DATE.toISOString()}`;

function inRange(date: Date): boolean {
  const ms = date.getTime();
  return ms >= MIN_QUERY_DATE.getTime() && ms <= MAX_QUERY_DATE.getTime();
}

/** A GraphQL DateTime argument within the range a query can use. */
export function IsQueryDate(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    IsDate(options),
    ValidateBy(
      {
        name: 'isQueryDate',
        validator: {
          validate: (value: unknown) => value instanceof Date && inRange(value),
          defaultMessage: (args) => `${args?.property ?? 'date'} must be ${RANGE}`,
        },
      },
      options,
    ),
  );
}

/** An ISO 8601 query-string time within the range a query can use. */
export function IsQueryIsoDate(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    IsISO8601({ strict: true }, options),
    ValidateBy(
      {
        name: 'isQueryIsoDate',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && inRange(new Date(value)),
          defaultMessage: (args) => `${args?.property ?? 'date'} must be ${RANGE}`,
        },
      },
      options,
    ),
  );
}
