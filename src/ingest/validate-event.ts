import { isObject, looksLikeMessage, type CimEvent, type JsonObject } from './cim-event.js';

export const MAX_ID_LENGTH = 200;

export type ValidationResult = { ok: true; event: CimEvent } | { ok: false; problems: string[] };

/**
 * Checks the fields the contract validates and nothing else (every other field is kept as received).
 * Hand-written rather than class-validator: this runs on every event on the hot path, and
 * plainToInstance would deep-copy the ~7 KB envelope only to read five fields.
 */
export function validateEvent(input: unknown): ValidationResult {
  if (!isObject(input)) return { ok: false, problems: ['the event must be a JSON object'] };
  const problems: string[] = [];
  checkId(input, 'id', '', problems);
  checkId(input, 'name', '', problems);
  checkId(input, 'conversationId', '', problems);
  const ts = input.timestamp;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) {
    problems.push('timestamp must be an integer number of epoch milliseconds, 0 or more');
  }
  if (looksLikeMessage(input.data)) checkMessage(input.data, problems);
  return problems.length === 0 ? { ok: true, event: input as CimEvent } : { ok: false, problems };
}

function checkMessage(data: JsonObject, problems: string[]): void {
  checkId(data, 'id', 'data.', problems);
  const header = data.header;
  if (!isObject(header)) {
    problems.push('data.header must be an object');
  } else if (!isObject(header.sender)) {
    problems.push('data.header.sender must be an object with id and type strings');
  } else {
    for (const key of ['id', 'type'] as const) {
      if (typeof header.sender[key] !== 'string')
        problems.push(`data.header.sender.${key} must be a string`);
    }
  }
  const body = data.body;
  if (!isObject(body)) {
    problems.push('data.body must be an object');
  } else if (typeof body.type !== 'string' || body.type === '') {
    problems.push('data.body.type must be a non-empty string');
  }
}

function checkId(obj: JsonObject, key: string, prefix: string, problems: string[]): void {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    problems.push(
      `${prefix}${key} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`,
    );
  }
}
