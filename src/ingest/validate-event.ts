import { EPOCH_MS_RULE, ID_RULE, isEpochMs, isStorableId } from '../domain/limits.js';
import { isObject, looksLikeMessage, type CimEvent, type JsonObject } from './cim-event.js';

export type ValidationResult = { ok: true; event: CimEvent } | { ok: false; problems: string[] };

/**
 * Checks the fields the contract validates and nothing else (every other field is kept as received).
 * Ids and times the normaliser stores further down are held to the same limits (src/domain/limits.ts)
 * where it reads them (normalise-event.ts). Hand-written rather than class-validator: this runs on every event on the hot path, and
 * plainToInstance would deep-copy the ~7 KB envelope only to read five fields.
 */
export function validateEvent(input: unknown): ValidationResult {
  if (!isObject(input)) return { ok: false, problems: ['the event must be a JSON object'] };
  const problems: string[] = [];
  checkId(input, 'id', '', problems);
  checkId(input, 'name', '', problems);
  checkId(input, 'conversationId', '', problems);
  if (!isEpochMs(input.timestamp)) problems.push(`timestamp ${EPOCH_MS_RULE}`);
  if (looksLikeMessage(input.data)) checkMessage(input.data, problems);
  // The quick walk builds no paths; only a refused event is walked again to name the place.
  if (problems.length === 0 && !isStorable(input, 0)) checkStorable(input, '', 0, problems);
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
    checkId(header.sender, 'id', 'data.header.sender.', problems);
    if (typeof header.sender.type !== 'string')
      problems.push('data.header.sender.type must be a string');
  }
  const body = data.body;
  if (!isObject(body)) {
    problems.push('data.body must be an object');
  } else if (typeof body.type !== 'string' || body.type === '') {
    problems.push('data.body.type must be a non-empty string');
  }
}

function checkId(obj: JsonObject, key: string, prefix: string, problems: string[]): void {
  if (!isStorableId(obj[key])) problems.push(`${prefix}${key} ${ID_RULE}`);
}

export const MAX_DEPTH = 64;

/**
 * What PostgreSQL cannot store (NUL characters, unpaired surrogates) or what would exhaust the
 * stack (absurd nesting) is refused as a 400 naming the place, rather than failing later as a 500.
 */
function checkStorable(value: unknown, path: string, depth: number, problems: string[]): boolean {
  const at = path === '' ? 'the event' : path;
  if (typeof value === 'string') return checkString(value, at, problems);
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_DEPTH) {
    problems.push(`${at} is nested deeper than ${MAX_DEPTH} levels`);
    return false;
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (!checkString(key, `a key in ${at}`, problems)) return false;
    if (!checkStorable(child, childPath, depth + 1, problems)) return false;
  }
  return true;
}

/** checkStorable's verdict without its messages: no path strings or entry arrays per node. */
function isStorable(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return isStorableString(value);
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const child of value) if (!isStorable(child, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!isStorableString(key)) return false;
    if (!isStorable((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

const isStorableString = (value: string) => !value.includes('\u0000') && value.isWellFormed();

function checkString(value: string, at: string, problems: string[]): boolean {
  if (value.includes('\u0000')) {
    problems.push(`${at} contains a NUL character (\\u0000), which cannot be stored`);
    return false;
  }
  if (!value.isWellFormed()) {
    problems.push(`${at} contains an unpaired UTF-16 surrogate, which is not valid Unicode`);
    return false;
  }
  return true;
}
