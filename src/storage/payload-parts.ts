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
  /**
   * The event's own list of `[path, hash]` refs is stored as a part too (an "envelope" part with
   * empty content): every event of a conversation repeats the same list, so it is stored once and
   * each event keeps only its hash.
   */
  envelope: string | null;
  /** Every part the payload needs, nested ones and the envelope included. */
  pieces: StoredPart[];
}

const PART_KEYS = new Set([
  'channelSession',
  'channel',
  'customer',
  'channelData',
  'channelConfig',
  'sender',
  'eventEmitter',
]);
const MIN_PART_BYTES = 96;
const MAX_DEPTH = 6;

export function splitPayload(event: unknown): SplitPayload {
  const pieces = new Map<string, StoredPart>();
  const { value, refs } = extract(event, 0, pieces);
  if (refs.length === 0) return { payload: value, envelope: null, pieces: [] };
  const envelope = { hash: partHash({}, refs), content: {}, parts: refs };
  pieces.set(envelope.hash, envelope);
  return { payload: value, envelope: envelope.hash, pieces: [...pieces.values()] };
}

/**
 * 128 bits of SHA-256: ample to address parts (a collision is not a silent risk either: the
 * reassembled event would no longer match its content hash, which the audit chain verifies).
 */
function partHash(content: unknown, parts: PartRefs | null): string {
  return contentHash({ content, parts }).slice(0, 32);
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
    if (isPartCandidate(key, child) && atLeastBytes(child, MIN_PART_BYTES)) {
      const inner = extract(child, 0, pieces);
      const parts = inner.refs.length ? inner.refs : null;
      const hash = partHash(inner.value, parts);
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
  envelope: string | null,
  lookup: Map<string, StoredPart>,
): unknown {
  if (envelope === null) return payload;
  const part = lookup.get(envelope);
  if (!part) throw new MissingPartError(envelope);
  return joinRefs(payload, part.parts, lookup);
}

function joinRefs(
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
    setOwn(target, path[path.length - 1], joinRefs(part.content, part.parts, lookup));
  }
  return root;
}

/** Hashes of the parts still to load for these envelopes, given those loaded (parts nest). */
export function missingParts(
  envelopes: (string | null)[],
  loaded: Map<string, StoredPart>,
): string[] {
  const missing = new Set<string>();
  const visit = (hash: string) => {
    const part = loaded.get(hash);
    if (!part) missing.add(hash);
    else for (const [, child] of part.parts ?? []) visit(child);
  };
  envelopes.forEach((h) => h !== null && visit(h));
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

/** The validated top-level fields, kept in their own columns: not stored twice. */
export interface EventIdentity {
  id: string;
  name: string;
  conversationId: string;
  timestamp: number;
}

export function withoutIdentity(payload: unknown): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const {
    id: _id,
    name: _name,
    conversationId: _c,
    timestamp: _t,
    ...rest
  } = payload as Record<string, unknown>;
  return rest;
}

/** Stored payload keys win, so a payload edited to carry one of these fields does not verify. */
export function withIdentity(payload: unknown, identity: EventIdentity): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return { ...identity, ...(payload as Record<string, unknown>) };
}

/** Whether `value` serialises to at least `min` bytes, without serialising all of it. */
function atLeastBytes(value: unknown, min: number): boolean {
  let budget = min;
  const visit = (v: unknown): boolean => {
    if (typeof v === 'string') budget -= v.length + 3;
    else if (typeof v !== 'object' || v === null) budget -= 6;
    else {
      for (const [k, child] of Object.entries(v)) {
        budget -= k.length + 4;
        if (budget <= 0 || visit(child)) return true;
      }
    }
    return budget <= 0;
  };
  return visit(value);
}
