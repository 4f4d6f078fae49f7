import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth: equal for equal content, whatever the key order.
 * Written as plain loops and string appends: it runs over every ~7 KB event and every envelope
 * part at ingest, where map/filter/join cost three times as much.
 */
export function canonicalJson(value: unknown, memo?: CanonicalMemo): string {
  return canonical(value, memo, null);
}

function canonical(value: unknown, memo: CanonicalMemo | undefined, key: string | number | null) {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = memo?.get(value);
  if (known !== undefined) return known;
  const out = serialise(value, memo);
  if (key !== null) memo?.remember(key, value, out);
  return out;
}

/**
 * The canonical JSON of the subtrees of a value that a later step serialises again (envelope part
 * addresses), kept by identity while the value is hashed. Only for values nobody changes
 * afterwards: a parsed event is never modified. `keep(key, subtree)` says which subtrees are
 * looked up again (by their key in the parent): keeping every one would hold about five times the
 * event's size until its commit, a nested subtree's JSON being inside each of its ancestors'.
 * A plain Map, held by the event's record and dropped with it (a WeakMap's entries cost the
 * garbage collector far more).
 */
export class CanonicalMemo {
  private readonly strings = new Map<object, string>();

  constructor(private readonly keep: (key: string | number, subtree: object) => boolean) {}

  get(subtree: object): string | undefined {
    return this.strings.get(subtree);
  }

  remember(key: string | number, subtree: object, json: string): void {
    if (this.keep(key, subtree)) this.strings.set(subtree, json);
  }
}

function serialise(value: object, memo: CanonicalMemo | undefined): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // As JSON.stringify does for holes and undefined in arrays.
      out += value[i] === undefined ? 'null' : canonical(value[i], memo, i);
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
    out += `${quoteKey(key)}:${canonical(child, memo, key)}`;
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
  return hashCanonical(canonicalJson(value, memo));
}

/**
 * contentHash of a value whose canonical JSON is already at hand. The one-shot `hash` (also used
 * for part addresses) costs about a third less than a Hash object for these few-kilobyte inputs.
 */
export function hashCanonical(json: string): string {
  return hash('sha256', json, 'hex');
}
