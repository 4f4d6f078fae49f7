/**
 * What the storage holds, in one place: the validator and the normaliser refuse anything beyond
 * these limits with a 400 naming the field, so no value can fail later in the database as a 500.
 */

/** Every id the service stores (event, conversation, message, sender, session, channel, customer ...). */
export const MAX_ID_LENGTH = 200;

/** The last millisecond of year 9999: both JavaScript dates and PostgreSQL timestamptz hold it. */
export const MAX_EPOCH_MS = 253_402_300_799_999;

export const ID_RULE = `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`;
export const EPOCH_MS_RULE = `must be an integer number of epoch milliseconds from 0 to ${MAX_EPOCH_MS}`;

export function isStorableId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

export function isEpochMs(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_EPOCH_MS;
}

/** U+FFFD (the replacement character) for each NUL: PostgreSQL text cannot hold NUL. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}
