import { contentHash } from '../ingest/canonical-json.js';

/**
 * Lossless deduplication of event envelopes. Every CIM event repeats the channel session, its
 * channel (with the whole channel configuration), the customer and the channel data, often several
 * times. Those subtrees are taken out of the stored payload and kept once per distinct content in
 * `payload_parts`, addressed by hash; `[path, hash]` pairs say where each goes back. Parts can hold
 * parts of their own (a channel session holds its channel), so a channel shared by thousands of
 * conversations is stored once.
 */
export type PartPath = (string | number)[];
export type PartRefs = [PartPath, string][];

export interface StoredPart {
  hash: string;
  content: unknown;
  parts: PartRefs | null;
}

export interface SplitPayload {
  payload: unknown;
  parts: PartRefs | null;
  /** Every part the payload needs, nested ones included. */
  pieces: StoredPart[];
}

const PART_KEYS = new Set([
  'channelSession',
  'channel',
  'customer',
  'channelData',
  'channelConfig',
]);
const MIN_PART_BYTES = 96;
const MAX_DEPTH = 6;

export function splitPayload(event: unknown): SplitPayload {
  const pieces = new Map<string, StoredPart>();
  const { value, refs } = extract(event, 0, pieces);
  return { payload: value, parts: refs.length > 0 ? refs : null, pieces: [...pieces.values()] };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPartCandidate(key: string | number, value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  return (
    (typeof key === 'string' && PART_KEYS.has(key)) || value.participantType === 'ChannelSession'
  );
}

/** Copies `node`, taking the parts below it out. */
function extract(
  node: unknown,
  depth: number,
  pieces: Map<string, StoredPart>,
): { value: unknown; refs: PartRefs } {
  if (typeof node !== 'object' || node === null || depth > MAX_DEPTH)
    return { value: node, refs: [] };
  const refs: PartRefs = [];
  const entries: [string | number, unknown][] = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : Object.entries(node);
  const copy = (Array.isArray(node) ? [] : {}) as Record<string | number, unknown>;
  for (const [key, child] of entries) {
    if (isPartCandidate(key, child) && JSON.stringify(child).length >= MIN_PART_BYTES) {
      const inner = extract(child, 0, pieces);
      const parts = inner.refs.length ? inner.refs : null;
      const hash = contentHash({ content: inner.value, parts });
      pieces.set(hash, { hash, content: inner.value, parts });
      refs.push([[key], hash]);
      continue;
    }
    const inner = extract(child, depth + 1, pieces);
    setOwn(copy, key, inner.value);
    for (const [path, hash] of inner.refs) refs.push([[key, ...path], hash]);
  }
  return { value: copy, refs };
}

/** Puts the parts back: the event exactly as received (equal JSON). */
export function joinPayload(
  payload: unknown,
  parts: PartRefs | null,
  lookup: Map<string, StoredPart>,
): unknown {
  if (!parts || parts.length === 0) return payload;
  const root = structuredClone(payload) as Record<string | number, unknown>;
  for (const [path, hash] of parts) {
    const part = lookup.get(hash);
    if (!part) throw new MissingPartError(hash);
    let target = root;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
    setOwn(target, path[path.length - 1], joinPayload(part.content, part.parts, lookup));
  }
  return root;
}

/** Hashes of all parts a payload needs, given the parts already loaded (for nested look-ups). */
export function missingParts(
  refsList: (PartRefs | null)[],
  loaded: Map<string, StoredPart>,
): string[] {
  const missing = new Set<string>();
  const visit = (refs: PartRefs | null) => {
    for (const [, hash] of refs ?? []) {
      const part = loaded.get(hash);
      if (!part) missing.add(hash);
      else visit(part.parts);
    }
  };
  refsList.forEach(visit);
  return [...missing];
}

export class MissingPartError extends Error {
  override name = 'MissingPartError';
  constructor(readonly hash: string) {
    super(`Payload part ${hash} is missing`);
  }
}

/** Plain assignment would turn a JSON key "__proto__" into a prototype change. */
function setOwn(
  target: Record<string | number, unknown>,
  key: string | number,
  value: unknown,
): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
