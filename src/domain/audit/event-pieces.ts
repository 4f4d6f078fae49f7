import { hash } from 'node:crypto';
import { compactBody, type MarkdownTextEncoding } from '../message-body.js';

/**
 * The audit record of an event, in pieces (format 2). An event is split into:
 *
 * - its identity (id, name, conversationId, timestamp), kept in columns;
 * - its message piece (`data.id`, `data.header.timestamp`, `data.body`) when it carries a transcript
 *   message: kept once, in the `messages` row (text decoded, the body without what the text gives back);
 * - its parts (channel session, channel, customer, channel data, senders, a non-message `data`):
 *   content-addressed, stored once however many events repeat them; personal ones (customer, channel
 *   data, a customer sender, non-message data) are addressed within their conversation, so erasing a
 *   conversation can drop them whole;
 * - the residual: everything else, a few hundred bytes of ids and structure.
 *
 * Each piece is hashed as stored, and the event's content hash covers the piece hashes: a piece's
 * content can later be erased while its hash stays, and the chain still verifies. Hashing stored bytes
 * rather than a canonical form makes the split one pass of JSON.stringify and SHA-256 (native code);
 * key order only matters for telling a redelivery apart, which compares events canonically.
 */

export type PartPath = (string | number)[];
/** Where a part goes back in its parent (the event or another part), and the part's hash (hex). */
export type PartRef = [PartPath, string];

export type PartKind =
  | 'channelSession'
  | 'channel'
  | 'customer'
  | 'channelData'
  | 'channelConfig'
  | 'sender'
  | 'eventEmitter'
  | 'data';

export interface Part {
  /** SHA-256 (hex) of the part as stored: its kind's scope, its JSON, and its own parts' refs. */
  hash: string;
  kind: PartKind;
  /** The conversation id for personal parts (erased with the conversation), '' for shared ones. */
  scope: string;
  /** The part's JSON without its own parts. */
  content: string;
  refs: PartRef[] | null;
}

export interface MessagePiece {
  /** data.id */
  id: string;
  /** data.header.timestamp, when it is a number (the message's sent time); else it stays in the residual. */
  sentAt: number | null;
  /** Decoded text (as the transcript shows it). */
  text: string | null;
  /** How body.markdownText comes back from `text`; null when the body is kept whole. */
  encoding: MarkdownTextEncoding | null;
  /** The body's JSON without markdownText when `encoding` gives it back; null when it is exactly {"type": type}. */
  body: string | null;
  bodyType: string;
  /** SHA-256 (hex) of the piece as stored. */
  hash: string;
}

export interface EventPieces {
  /** The event without identity, message piece and parts. */
  residual: Record<string, unknown>;
  residualHash: string;
  /** The event's own part refs (paths from the event's root). */
  refs: PartRef[];
  /** Every part the event needs, nested ones included, each once. */
  parts: Part[];
  message: MessagePiece | null;
  /** SHA-256 of the event's manifest (identity and piece hashes): what the audit chain covers. */
  contentHash: Buffer;
  /** Characters of JSON the pieces hold (what the event would store, repeats inside it counted once). */
  size: number;
}

export interface EventIdentity {
  id: string;
  name: string;
  conversationId: string;
  timestamp: number;
}

/** The transcript message the normaliser found in the event: its text is decoded once, there. */
export interface MessageSource {
  text: string | null;
  textEncoded: boolean;
}

const PART_KEYS: ReadonlySet<string> = new Set([
  'channelSession',
  'channel',
  'customer',
  'channelData',
  'channelConfig',
  'sender',
  'eventEmitter',
]);
/** Smaller subtrees cost more as a part (a row and a ref) than inline; personal ones are parts anyway. */
const MIN_PART_BYTES = 96;
const MAX_PART_DEPTH = 6;
const AGENT_SIDE_SENDERS: ReadonlySet<unknown> = new Set([
  'AGENT',
  'BOT',
  'CONNECTOR',
  'SYSTEM',
  'APP',
]);

/**
 * Parts already split, by their JSON as received: events of a conversation repeat the same channel
 * session, customer and senders, so a part seen before costs one JSON.stringify and a comparison
 * instead of a walk, nested extractions and hashes. First by place (the conversation and the path:
 * a string comparison, no hashing of a 2 KB key), then by content. Only a memo: the split is the
 * same with or without it.
 */
export class PartMemo {
  private readonly byPlace = new Map<string, { raw: string; entry: MemoEntry }>();
  private readonly byContent = new Map<string, MemoEntry>();

  constructor(private readonly capacity = 8192) {}

  get(place: string, raw: string, scope: string): MemoEntry | undefined {
    const recent = this.byPlace.get(place);
    if (recent !== undefined && recent.raw === raw && recent.entry.scope === scope)
      return recent.entry;
    const entry = this.byContent.get(raw);
    if (entry?.scope !== scope) return undefined;
    remember(this.byPlace, place, { raw, entry }, this.capacity);
    return entry;
  }

  set(place: string, raw: string, entry: MemoEntry): void {
    remember(this.byContent, raw, entry, this.capacity);
    remember(this.byPlace, place, { raw, entry }, this.capacity);
  }
}

/** Oldest out first: a conversation's parts stop recurring when it ends. */
function remember<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  if (map.size >= capacity && !map.has(key)) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

interface MemoEntry {
  /** The scope the part was addressed in (the conversation for personal parts and their holders). */
  scope: string;
  hash: string;
  /** The part and every part inside it. */
  parts: Part[];
}

/**
 * Splits a validated event. `message` is the transcript message the normaliser made of it (null when
 * none): only then does the message piece leave the residual.
 */
export function splitEvent(
  event: Record<string, unknown>,
  identity: EventIdentity,
  message: MessageSource | null,
  memo: PartMemo = new PartMemo(16),
): EventPieces {
  const residual: Record<string, unknown> = {};
  for (const key in event) {
    if (key === 'id' || key === 'name' || key === 'conversationId' || key === 'timestamp') continue;
    setOwn(residual, key, event[key]);
  }
  // Identity fields are columns; a stored payload key of the same name would shadow them, so the
  // residual never holds one (they are validated, so they are always there).
  const messagePiece = message ? takeMessage(residual, message) : null;
  const x: Extraction = {
    parts: new Map(),
    refs: [],
    path: [],
    scope: identity.conversationId,
    memo,
  };
  const stripped = extractChildren(residual, 0, x, !messagePiece) as Record<string, unknown>;
  const residualJson = JSON.stringify(stripped);
  const residualHash = sha256Hex(residualJson);
  const contentHash = manifestHash(identity, residualHash, x.refs, messagePiece?.hash ?? null);
  const parts = [...x.parts.values()];
  let size = residualJson.length;
  for (const part of parts) size += part.content.length;
  if (messagePiece) size += (messagePiece.text?.length ?? 0) + (messagePiece.body?.length ?? 0);
  return {
    residual: stripped,
    residualHash,
    refs: x.refs,
    parts,
    message: messagePiece,
    contentHash,
    size,
  };
}

/** The hash the chain covers, from the identity and the hashes of the pieces. */
export function manifestHash(
  identity: EventIdentity,
  residualHash: string,
  refs: readonly PartRef[],
  messageHash: string | null,
): Buffer {
  const manifest = JSON.stringify([
    'cim-event-2',
    identity.id,
    identity.name,
    identity.conversationId,
    identity.timestamp,
    residualHash,
    refs,
    messageHash,
  ]);
  return hash('sha256', manifest, 'buffer');
}

export function partHash(scope: string, content: string, refs: PartRef[] | null): string {
  return sha256Hex(`cim-part-2\n${scope}\n${content.length}\n${content}\n${JSON.stringify(refs)}`);
}

/**
 * Covers every stored field of the piece (markdownText comes back from `text` and `encoding`): what
 * an erasure keeps (id, send time, body type) directly, the content through its own hash, which is
 * what an erased piece keeps in its place.
 */
export function messageHash(piece: Omit<MessagePiece, 'hash'>): string {
  return messageHashOf(piece, messageContentHash(piece));
}

/** The hash of a piece from its kept fields and its content's hash (an erased piece's). */
export function messageHashOf(
  piece: Pick<MessagePiece, 'id' | 'sentAt' | 'bodyType'>,
  contentHash: string,
): string {
  return sha256Hex(
    JSON.stringify(['cim-message-2', piece.id, piece.sentAt, piece.bodyType, contentHash]),
  );
}

/** What an erasure removes from a piece: its text and body. */
export function messageContentHash(
  piece: Pick<MessagePiece, 'text' | 'encoding' | 'body'>,
): string {
  return sha256Hex(
    JSON.stringify(['cim-message-content-2', piece.text, piece.encoding, piece.body]),
  );
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** Takes data.id, data.header.timestamp (a number) and data.body out of the residual (copying `data`). */
function takeMessage(residual: Record<string, unknown>, source: MessageSource): MessagePiece {
  const data = { ...(residual.data as Record<string, unknown>) };
  const header = { ...(data.header as Record<string, unknown>) };
  const body = data.body as Record<string, unknown>;
  const sentAt = typeof header.timestamp === 'number' ? header.timestamp : null;
  if (sentAt !== null) delete header.timestamp;
  const id = data.id as string;
  delete data.id;
  delete data.body;
  data.header = header;
  residual.data = data;
  const bodyType = String(body.type);
  const compact = compactBody(body, source.text, source.textEncoded);
  const rest = JSON.stringify(compact.body);
  const piece = {
    id,
    sentAt,
    text: source.text,
    encoding: compact.encoding,
    body: rest === JSON.stringify({ type: bodyType }) ? null : rest,
    bodyType,
  };
  return { ...piece, hash: messageHash(piece) };
}

interface Extraction {
  parts: Map<string, Part>;
  /** Refs found so far, relative to the part (or event) being extracted. */
  refs: PartRef[];
  /** Keys from that part (or event) down to the node being copied. */
  path: PartPath;
  scope: string;
  memo: PartMemo;
}

const TAKEN_OUT = Symbol('taken out');

/**
 * `node` with the parts below it taken out (into `x.parts`, their places into `x.refs`). Copies only
 * what it must: a subtree without parts is returned as it is.
 */
function extractChildren(node: unknown, depth: number, x: Extraction, dataIsPart = false): unknown {
  if (typeof node !== 'object' || node === null || depth > MAX_PART_DEPTH) return node;
  if (Array.isArray(node)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < node.length; i++) {
      const value = extractChild(i, node[i], depth, x, false);
      if (value !== node[i]) (copy ??= node.slice())[i] = value === TAKEN_OUT ? null : value;
    }
    return copy ?? node;
  }
  const obj = node as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in obj) {
    const child = obj[key];
    const value = extractChild(key, child, depth, x, dataIsPart && depth === 0 && key === 'data');
    if (value === child) continue;
    copy ??= { ...obj };
    if (value === TAKEN_OUT) delete copy[key];
    else setOwn(copy, key, value);
  }
  return copy ?? node;
}

function extractChild(
  key: string | number,
  child: unknown,
  depth: number,
  x: Extraction,
  dataIsPart: boolean,
): unknown {
  if (typeof child !== 'object' || child === null) return child;
  const kind = partKind(key, child, dataIsPart);
  if (kind !== null) {
    const place = `${x.scope}\u0001${x.path.join('\u0001')}\u0001${key}`;
    const entry = partOf(kind, child as Record<string, unknown>, place, x);
    if (entry !== null) {
      for (const part of entry.parts) if (!x.parts.has(part.hash)) x.parts.set(part.hash, part);
      x.refs.push([[...x.path, key], entry.hash]);
      return TAKEN_OUT;
    }
  }
  x.path.push(key);
  const value = extractChildren(child, depth + 1, x);
  x.path.pop();
  return value;
}

/** The part a candidate subtree becomes (from the memo when seen before), or null to keep it inline. */
function partOf(
  kind: PartKind,
  child: Record<string, unknown>,
  place: string,
  x: Extraction,
): MemoEntry | null {
  const raw = JSON.stringify(child);
  const known = x.memo.get(place, raw, x.scope);
  if (known) return known;
  const personal = isPersonal(kind, child);
  if (!personal && raw.length < MIN_PART_BYTES) return null;
  const nested = new Map<string, Part>();
  const inner: Extraction = { parts: nested, refs: [], path: [], scope: x.scope, memo: x.memo };
  const stripped = extractChildren(child, 0, inner);
  const content = stripped === child ? raw : JSON.stringify(stripped);
  if (!personal && content.length < MIN_PART_BYTES) return null;
  const scope = personal ? x.scope : '';
  const refs = inner.refs.length > 0 ? inner.refs : null;
  const hashHex = partHash(scope, content, refs);
  const entry: MemoEntry = {
    scope: x.scope,
    hash: hashHex,
    parts: [{ hash: hashHex, kind, scope, content, refs }, ...nested.values()],
  };
  x.memo.set(place, raw, entry);
  return entry;
}

function partKind(key: string | number, value: object, dataIsPart: boolean): PartKind | null {
  if (Array.isArray(value)) return null;
  if ((value as Record<string, unknown>).participantType === 'ChannelSession')
    return 'channelSession';
  if (typeof key === 'string' && PART_KEYS.has(key)) return key as PartKind;
  return dataIsPart ? 'data' : null;
}

function isPersonal(kind: PartKind, value: Record<string, unknown>): boolean {
  switch (kind) {
    case 'customer':
    case 'channelData':
    case 'data':
      return true;
    case 'sender':
    case 'eventEmitter':
      return !AGENT_SIDE_SENDERS.has(value.type);
    default:
      return false;
  }
}

/** Plain assignment would turn a JSON key "__proto__" into a prototype change. */
export function setOwn(
  target: Record<string | number, unknown>,
  key: string | number,
  value: unknown,
): void {
  if (key !== '__proto__') {
    target[key] = value;
    return;
  }
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
