import { hash } from 'node:crypto';
import { CanonicalMemo, canonicalJson, contentHash } from '../../src/domain/canonical-json.js';
import type { PartRefs, StoredPart } from '../../src/storage/legacy-format.js';
import { setOwn } from '../../src/domain/audit/event-pieces.js';

/**
 * Writes events in audit format 1, as the service did before migration 20261202100000, for the
 * upgrade test: lossless deduplication of event envelopes. Every CIM event repeats the channel session, its
 * channel (with the whole channel configuration), the customer and the channel data, often several
 * times. Those subtrees are taken out of the stored payload and kept once per distinct content in
 * `payload_parts`, addressed by hash; `[path, hash]` pairs say where each goes back. Parts can hold
 * parts of their own (a channel session holds its channel), so a channel shared by thousands of
 * conversations is stored once.
 */

type PartPath = (string | number)[];

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

/**
 * `memo` holds canonical JSON already computed for the event's subtrees (its content hash did that
 * work); what is missing is computed here.
 */
export function splitPayload(event: unknown, memo = newPartMemo()): SplitPayload {
  const pieces = new Map<string, StoredPart>();
  const refs: PartRefs = [];
  const payload = extract(event, 0, { pieces, memo, refs, path: [] });
  if (refs.length === 0) return { payload, envelope: null, pieces: [] };
  const envelope = { hash: envelopeHash(refs), content: {}, parts: refs };
  pieces.set(envelope.hash, envelope);
  return { payload, envelope: envelope.hash, pieces: [...pieces.values()] };
}

/**
 * 128 bits of SHA-256: ample to address parts (a collision is not a silent risk either: the
 * reassembled event would no longer match its content hash, which the audit chain verifies).
 * A part is addressed by its whole subtree as received (nested parts included), so the hash comes
 * from canonical JSON the event's content hash already built; the prefix keeps part and envelope
 * addresses apart whatever the content.
 */
function partHash(subtreeJson: string): string {
  return hash('sha256', `part\n${subtreeJson}`, 'hex').slice(0, 32);
}

function envelopeHash(refs: PartRefs): string {
  return contentHash({ content: {}, parts: refs }).slice(0, 32);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A memo for hashing an event that keeps only the subtrees splitPayload serialises again. */
export function newPartMemo(): CanonicalMemo {
  return new CanonicalMemo(isPartCandidate);
}

function isPartCandidate(key: string | number, value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  return (
    (typeof key === 'string' && PART_KEYS.has(key)) || value.participantType === 'ChannelSession'
  );
}

interface Extraction {
  pieces: Map<string, StoredPart>;
  memo: CanonicalMemo;
  /** Where the parts found so far go back, relative to the part (or event) being extracted. */
  refs: PartRefs;
  /** The keys from that part (or event) down to the current node. */
  path: PartPath;
}

/** Copies `node`, taking the parts below it out (into `x.pieces`, with their places in `x.refs`). */
function extract(node: unknown, depth: number, x: Extraction): unknown {
  if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return node;
  if (Array.isArray(node)) {
    const copy: unknown[] = new Array<unknown>(node.length);
    for (let i = 0; i < node.length; i++) copy[i] = extractChild(i, node[i], depth, x);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) {
    const value = extractChild(key, (node as Record<string, unknown>)[key], depth, x);
    if (value !== TAKEN_OUT) setOwn(copy, key, value);
  }
  return copy;
}

const TAKEN_OUT = Symbol('taken out');

function extractChild(key: string | number, child: unknown, depth: number, x: Extraction): unknown {
  if (isPartCandidate(key, child)) {
    const json = canonicalJson(child, x.memo);
    if (json.length >= MIN_PART_BYTES) {
      const hash = partHash(json);
      if (!x.pieces.has(hash)) {
        const inner: Extraction = { pieces: x.pieces, memo: x.memo, refs: [], path: [] };
        const content = extract(child, 0, inner);
        x.pieces.set(hash, { hash, content, parts: inner.refs.length ? inner.refs : null });
      }
      x.refs.push([[...x.path, key], hash]);
      // In an array the place stays (as null in the stored JSON); in an object the key goes.
      return typeof key === 'number' ? null : TAKEN_OUT;
    }
  }
  x.path.push(key);
  const value = extract(child, depth + 1, x);
  x.path.pop();
  return value;
}

/** The validated top-level fields, kept in their own columns: not stored twice. */
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
