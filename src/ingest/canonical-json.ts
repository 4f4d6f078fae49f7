import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth: equal for equal content, whatever the key order.
 * Written as plain loops and string appends: it runs over every ~7 KB event and every envelope
 * part at ingest, where map/filter/join cost three times as much.
 */
export function canonicalJson(value: unknown, memo?: CanonicalMemo): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = memo?.get(value);
  if (known !== undefined) return known;
  const out = serialise(value, memo);
  memo?.set(value, out);
  return out;
}

/**
 * The canonical JSON of every object and array inside a value, kept by identity while the value is
 * hashed, so later steps (envelope part addresses) need not serialise the same subtrees again.
 * Only for values nobody changes afterwards: a parsed event is never modified. A plain Map, held by
 * the event's record and dropped with it (a WeakMap's entries cost the garbage collector far more).
 */
export type CanonicalMemo = Map<object, string>;

function serialise(value: object, memo: CanonicalMemo | undefined): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // As JSON.stringify does for holes and undefined in arrays.
      out += value[i] === undefined ? 'null' : canonicalJson(value[i], memo);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const child = obj[key];
    if (child === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${quoteKey(key)}:${canonicalJson(child, memo)}`;
  }
  return `${out}}`;
}

/** Keys repeat across events; quoting is cached for the short, common ones. */
const quotedKeys = new Map<string, string>();
function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (key.length <= 64 && quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

export function contentHash(value: unknown, memo?: CanonicalMemo): string {
  return createHash('sha256').update(canonicalJson(value, memo)).digest('hex');
}
